import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import type { Account } from "../../common/wire/account.ts";
import type { SecondStepRequired } from "../../common/wire/auth.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import type { User } from "../api/me.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import { safeNextPath } from "./next-path.ts";
import { emailError } from "./password-rules.ts";
import { SecondStepForm } from "./SecondStepForm.tsx";
import { useRefreshSession } from "./session-refresh.ts";

export function SignInPage() {
  const [params] = useSearchParams();
  usePageTitle("Sign in");
  const navigate = useNavigate();
  const refreshSession = useRefreshSession();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { email: params.get("email") ?? "", password: "" },
    validate: {
      email: emailError,
      password: (value) => (value ? null : "Enter your password."),
    },
  });

  // The password was right but the account asks for its second step: the form below takes its place.
  const [secondStep, setSecondStep] = useState<string | null>(null);
  const finish = async () => {
    await refreshSession();
    // A company that requires two-step sign-in leads its members without one to set it up first.
    const account = await api.get<Account>("/api/account").catch(() => null);
    if (account && account.twoStep.requiredBy.length > 0 && !account.twoStep.enabled) {
      await navigate("/account?setup=two-step", { replace: true });
    } else await navigate(safeNextPath(params.get("next")) ?? "/", { replace: true });
  };
  const signIn = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<User | SecondStepRequired>("/api/auth/sign-in", values),
    onSuccess: async (answer) => {
      if ("secondStep" in answer) setSecondStep(answer.secondStep.token);
      else await finish();
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  const submit = form.onSubmit((values) => {
    setProblem(null);
    signIn.mutate(values);
  });

  if (secondStep) {
    return (
      <AuthLayout>
        <SecondStepForm
          token={secondStep}
          onDone={finish}
          onExpired={() => {
            setSecondStep(null);
            setProblem("The sign-in expired. Enter your password again.");
          }}
        />
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate aria-labelledby="sign-in-title">
        <Stack gap="md">
          <PageHeading size="h2" id="sign-in-title">
            Sign in
          </PageHeading>
          <FormAlert>{problem}</FormAlert>
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            {...form.getInputProps("email")}
          />
          <Stack gap={4}>
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              {...form.getInputProps("password")}
            />
            <Anchor component={Link} to="/forgot-password" size="sm" ta="right">
              Forgot password?
            </Anchor>
          </Stack>
          <Button type="submit" loading={signIn.isPending} fullWidth>
            Sign in
          </Button>
          <Text size="sm" ta="center">
            New to Crewdesk?{" "}
            <Anchor component={Link} to="/sign-up">
              Create an account
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
