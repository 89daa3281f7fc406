import { Anchor, Button, Group, PasswordInput, Radio, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import type { User } from "../api/me.ts";
import { ApiError } from "../api/problem.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import { emailError, PASSWORD_RULE, passwordLengthError } from "./password-rules.ts";
import { useRefreshSession } from "./session-refresh.ts";

type AccountType = "company" | "contractor";

const choices: { value: AccountType; label: string; description: string }[] = [
  {
    value: "company",
    label: "I want to pay my team",
    description: "Invite contractors, give them tasks and follow their work.",
  },
  {
    value: "contractor",
    label: "I want to get paid",
    description: "Work on tasks for one or several companies.",
  },
];

function initialAccountType(value: string | null): AccountType | "" {
  return value === "company" || value === "contractor" ? value : "";
}

export function SignUpPage() {
  const [params] = useSearchParams();
  usePageTitle("Create your account");
  const navigate = useNavigate();
  const refreshSession = useRefreshSession();
  const [problem, setProblem] = useState<string | null>(null);
  const [accountExists, setAccountExists] = useState(false);
  const form = useForm({
    mode: "controlled",
    initialValues: {
      accountType: initialAccountType(params.get("as")),
      companyName: "",
      name: "",
      email: "",
      password: "",
    },
    validate: {
      accountType: (value) => (value ? null : "Choose how you will use Crewdesk."),
      companyName: (value, values) =>
        values.accountType === "company" && !value.trim() ? "Enter your company's name." : null,
      name: (value) => (value.trim() ? null : "Enter your name."),
      email: emailError,
      password: passwordLengthError,
    },
  });
  const isCompany = form.getValues().accountType === "company";

  const signUp = useMutation({
    mutationFn: (values: typeof form.values) =>
      api.post<User>("/api/auth/sign-up", {
        accountType: values.accountType,
        name: values.name.trim(),
        email: values.email.trim(),
        password: values.password,
        ...(values.accountType === "company" ? { companyName: values.companyName.trim() } : {}),
      }),
    onSuccess: async () => {
      await refreshSession();
      await navigate("/", { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) setAccountExists(true);
      else setProblem(showProblemInForm(form, error));
    },
  });
  const submit = form.onSubmit((values) => {
    setProblem(null);
    setAccountExists(false);
    signUp.mutate(values);
  });

  return (
    <AuthLayout wide>
      <form onSubmit={submit} noValidate aria-labelledby="sign-up-title">
        <Stack gap="md">
          <PageHeading size="h2" id="sign-up-title">
            Create your account
          </PageHeading>
          <FormAlert>{problem}</FormAlert>
          {accountExists && (
            <FormAlert title="This email already has an account">
              <Text size="sm">
                <Anchor
                  component={Link}
                  to={`/sign-in?email=${encodeURIComponent(form.getValues().email.trim())}`}
                >
                  Sign in
                </Anchor>{" "}
                instead, or{" "}
                <Anchor component={Link} to="/forgot-password">
                  set a new password
                </Anchor>{" "}
                if you do not know it.
              </Text>
            </FormAlert>
          )}
          <Radio.Group label="How will you use Crewdesk?" required {...form.getInputProps("accountType")}>
            <Stack gap="xs" mt="xs">
              {choices.map((choice) => (
                <Radio.Card key={choice.value} value={choice.value} p="sm" radius="md" withBorder>
                  <Group wrap="nowrap" align="flex-start" gap="sm">
                    <Radio.Indicator />
                    <div>
                      <Text fw={600} size="sm">
                        {choice.label}
                      </Text>
                      <Text size="sm" c="dimmed">
                        {choice.description}
                      </Text>
                    </div>
                  </Group>
                </Radio.Card>
              ))}
            </Stack>
          </Radio.Group>
          {isCompany && (
            <TextInput
              label="Company name"
              autoComplete="organization"
              required
              {...form.getInputProps("companyName")}
            />
          )}
          <TextInput label="Your name" autoComplete="name" required {...form.getInputProps("name")} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Password"
            description={PASSWORD_RULE}
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <Button type="submit" loading={signUp.isPending} fullWidth>
            Create account
          </Button>
          <Text size="sm" ta="center">
            Already have an account?{" "}
            <Anchor component={Link} to="/sign-in">
              Sign in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
