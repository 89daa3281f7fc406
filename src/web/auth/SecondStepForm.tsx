import { Button, Checkbox, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { REMEMBERED_DEVICE_DAYS } from "../../common/account.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import type { User } from "../api/me.ts";
import { ApiError } from "../api/problem.ts";
import { PageHeading } from "../ui/page.tsx";
import { FormAlert } from "./FormAlert.tsx";

/**
 * The second step of a sign-in whose password was right: the authenticator's code or a recovery code. The
 * token binds it to that sign-in (5 minutes); a dead one sends the person back to their password.
 */
export function SecondStepForm({
  token,
  onDone,
  onExpired,
}: {
  token: string;
  onDone: (user: User) => Promise<void>;
  onExpired: () => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { code: "", rememberDevice: false },
    validate: { code: (value) => (value.trim() ? null : "Enter the code from your authenticator app.") },
  });
  const verify = useMutation({
    mutationFn: (values: typeof form.values) => api.post<User>("/api/auth/second-step", { token, ...values }),
    onSuccess: (user) => onDone(user),
    onError: (error) => {
      if (error instanceof ApiError && error.status === 410) onExpired();
      else setProblem(showProblemInForm(form, error));
    },
  });
  return (
    <form
      onSubmit={form.onSubmit((values) => {
        setProblem(null);
        verify.mutate(values);
      })}
      noValidate
      aria-labelledby="second-step-title"
    >
      <Stack gap="md">
        <PageHeading size="h2" id="second-step-title">
          Two-step sign-in
        </PageHeading>
        <Text>
          Enter the six-digit code your authenticator app shows for Crewdesk, or one of your recovery codes.
        </Text>
        <FormAlert>{problem}</FormAlert>
        <TextInput
          label="Code"
          autoComplete="one-time-code"
          inputMode="text"
          required
          autoFocus
          {...form.getInputProps("code")}
        />
        <Checkbox
          label={`Remember this browser for ${REMEMBERED_DEVICE_DAYS} days`}
          {...form.getInputProps("rememberDevice", { type: "checkbox" })}
        />
        <Button type="submit" loading={verify.isPending} fullWidth>
          Verify and sign in
        </Button>
      </Stack>
    </form>
  );
}
