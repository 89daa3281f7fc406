import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import { emailError } from "./password-rules.ts";

/** Always the same answer, whether the address has an account or not: nobody learns who has one. */
export function ForgotPasswordPage() {
  const [params] = useSearchParams();
  const [sentTo, setSentTo] = useState<string | null>(null);
  usePageTitle(sentTo === null ? "Forgot your password?" : "Check your email");
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { email: params.get("email") ?? "" },
    validate: { email: emailError },
  });

  const request = useMutation({
    mutationFn: (email: string) => api.post<unknown>("/api/auth/password-recovery", { email }),
    onSuccess: (_answer, email) => setSentTo(email),
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  const submit = form.onSubmit((values) => {
    setProblem(null);
    request.mutate(values.email.trim());
  });

  if (sentTo !== null) {
    return (
      <AuthLayout>
        <Stack gap="md">
          <PageHeading size="h2">Check your email</PageHeading>
          <Alert color="green" variant="light" role="status" title="Link sent">
            If {sentTo} has a Crewdesk account, we have sent it a link to set a new password. The link works
            for one hour.
          </Alert>
          <Text size="sm">
            Nothing after a few minutes? Look in your Spam folder, check the address, or{" "}
            <Anchor component="button" type="button" size="sm" onClick={() => setSentTo(null)}>
              send the link again
            </Anchor>
            .
          </Text>
          <Anchor component={Link} to="/sign-in" size="sm">
            Back to sign in
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate aria-labelledby="forgot-title">
        <Stack gap="md">
          <PageHeading size="h2" id="forgot-title">
            Forgot your password?
          </PageHeading>
          <Text size="sm">
            Enter the email address of your account. We will send you a link to choose a new password. This
            also works if a company invited you and the invitation email got lost.
          </Text>
          <FormAlert>{problem}</FormAlert>
          <TextInput
            label="Email"
            type="email"
            autoComplete="email"
            required
            autoFocus
            {...form.getInputProps("email")}
          />
          <Button type="submit" loading={request.isPending} fullWidth>
            Send me a link
          </Button>
          <Anchor component={Link} to="/sign-in" size="sm" ta="center">
            Back to sign in
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
