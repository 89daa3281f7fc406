import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import type { User } from "../api/me.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import { safeNextPath } from "./next-path.ts";
import { emailError } from "./password-rules.ts";
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

  const signIn = useMutation({
    mutationFn: (values: typeof form.values) => api.post<User>("/api/auth/sign-in", values),
    onSuccess: async () => {
      await refreshSession();
      await navigate(safeNextPath(params.get("next")) ?? "/", { replace: true });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  const submit = form.onSubmit((values) => {
    setProblem(null);
    signIn.mutate(values);
  });

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
