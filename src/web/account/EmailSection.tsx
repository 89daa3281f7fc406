import { Alert, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Account } from "../../common/wire/account.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { queryKeys } from "../api/query-keys.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { emailError } from "../auth/password-rules.ts";
import { Section } from "./Section.tsx";

/** Change the address: the new one confirms a link; until then nothing changes. */
export function EmailSection({ account, verified }: { account: Account; verified: boolean }) {
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { email: "", currentPassword: "" },
    validate: {
      email: emailError,
      currentPassword: (v) => (v ? null : "Enter your current password."),
    },
  });
  const change = useMutation({
    mutationFn: (values: typeof form.values) => api.post<{ message: string }>("/api/account/email", values),
    onSuccess: async (answer) => {
      form.reset();
      setSent(answer.message);
      await queryClient.invalidateQueries({ queryKey: queryKeys.account() });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <Section id="email" title="Email address">
      <Text mb="sm" style={{ overflowWrap: "anywhere" }}>
        You sign in with <strong>{account.email}</strong>
        <Text span size="sm" c={verified ? "dimmed" : "red.9"}>
          {verified ? " · confirmed" : " · not confirmed yet"}
        </Text>
      </Text>
      {account.pendingEmail && (
        <Alert color="blue" variant="light" mb="sm" title="Waiting for confirmation">
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            Open the link we sent to {account.pendingEmail.email} to start using it.
          </Text>
        </Alert>
      )}
      {sent && (
        <Alert color="green" variant="light" mb="sm" role="status">
          {sent}
        </Alert>
      )}
      <form
        noValidate
        aria-label="Change email address"
        onSubmit={form.onSubmit((values) => {
          setProblem(null);
          setSent(null);
          change.mutate(values);
        })}
      >
        <Stack gap="sm" maw={420}>
          <FormAlert>{problem}</FormAlert>
          <TextInput
            label="New email address"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps("email")}
          />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps("currentPassword")}
          />
          <Group>
            <Button type="submit" variant="default" loading={change.isPending}>
              Change email address
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
