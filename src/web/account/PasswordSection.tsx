import { Button, Group, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { FormAlert } from "../auth/FormAlert.tsx";
import { PASSWORD_RULE, passwordLengthError } from "../auth/password-rules.ts";
import { Section } from "./Section.tsx";

/** Change the password with the current one; every other device is signed out. */
export function PasswordSection({ email }: { email: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { currentPassword: "", password: "" },
    validate: {
      currentPassword: (v) => (v ? null : "Enter your current password."),
      password: passwordLengthError,
    },
  });
  const change = useMutation({
    mutationFn: (values: typeof form.values) => api.post<void>("/api/account/password", values),
    onSuccess: () => {
      form.reset();
      notifications.show({
        color: "green",
        title: "Password changed",
        message: "Every other device was signed out. We emailed you about it.",
      });
    },
    onError: (error) => setProblem(showProblemInForm(form, error)),
  });
  return (
    <Section id="password" title="Password" description="Every other device is signed out when it changes.">
      <form
        noValidate
        aria-labelledby="password"
        onSubmit={form.onSubmit((values) => {
          setProblem(null);
          change.mutate(values);
        })}
      >
        <Stack gap="sm" maw={420}>
          <FormAlert>{problem}</FormAlert>
          <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            required
            {...form.getInputProps("currentPassword")}
          />
          <PasswordInput
            label="New password"
            description={PASSWORD_RULE}
            autoComplete="new-password"
            required
            {...form.getInputProps("password")}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}
