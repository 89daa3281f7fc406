import { Button, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { PasswordSet } from "../../common/wire/auth.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { ApiError } from "../api/problem.ts";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import type { JoinedState } from "./joined.ts";
import { CheckingLink, LinkCheckFailed, LinkGone, LinkMissing } from "./LinkProblems.tsx";
import { PASSWORD_RULE, passwordLengthError } from "./password-rules.ts";
import { useRefreshSession } from "./session-refresh.ts";
import { type TokenInfo, useLinkState } from "./token-link.ts";

function Heading({ info }: { info: TokenInfo }) {
  if (info.purpose === "invitation") {
    return (
      <>
        <Title order={1} size="h2">
          Welcome to Crewdesk
        </Title>
        <Text>
          {info.companyName ? <strong>{info.companyName}</strong> : "A company"} invited you. Choose a
          password for your account <strong>{info.email}</strong>: you will sign in with this email address.
        </Text>
      </>
    );
  }
  return (
    <>
      <Title order={1} size="h2">
        Choose a new password
      </Title>
      <Text>
        For your account <strong>{info.email}</strong>.
      </Text>
    </>
  );
}

export function SetPasswordForm({
  token,
  info,
  onGone,
}: {
  token: string;
  info: TokenInfo;
  onGone: () => void;
}) {
  const navigate = useNavigate();
  const refreshSession = useRefreshSession();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm({
    mode: "controlled",
    initialValues: { password: "", confirmation: "" },
    validate: {
      password: passwordLengthError,
      confirmation: (value, values) =>
        !value
          ? "Enter the password again."
          : value !== values.password
            ? "The passwords do not match."
            : null,
    },
  });

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const result = await api.post<PasswordSet>("/api/auth/set-password", {
        token,
        password: values.password,
      });
      await refreshSession();
      // An invited contractor is led to the required information first (they may postpone it), told which
      // companies they joined: an invitation link, or recovery after the invitation email was lost.
      const joined = result.joined;
      if (info.purpose === "invitation" || joined.length > 0) {
        await navigate("/profile?onboarding=1", { replace: true, state: { joined } satisfies JoinedState });
      } else await navigate("/", { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 410) return onGone();
      setProblem(showProblemInForm(form, error));
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Choose a password">
      <Stack gap="md">
        <Heading info={info} />
        <FormAlert>{problem}</FormAlert>
        {/* Lets password managers store the new password under the right account. */}
        <input type="email" name="username" autoComplete="username" value={info.email} readOnly hidden />
        <PasswordInput
          label="New password"
          description={PASSWORD_RULE}
          autoComplete="new-password"
          required
          autoFocus
          {...form.getInputProps("password")}
        />
        <PasswordInput
          label="Confirm new password"
          autoComplete="new-password"
          required
          {...form.getInputProps("confirmation")}
        />
        <Button type="submit" loading={form.submitting} fullWidth>
          Save password and sign in
        </Button>
      </Stack>
    </form>
  );
}

/** `/set-password?token=…`: a new account's invitation, or password recovery. */
export function SetPasswordPage() {
  const link = useLinkState();
  const [usedUp, setUsedUp] = useState(false);
  return (
    <AuthLayout>
      {usedUp || link.kind === "gone" ? (
        <LinkGone />
      ) : link.kind === "missing" ? (
        <LinkMissing />
      ) : link.kind === "checking" ? (
        <CheckingLink />
      ) : link.kind === "failed" ? (
        <LinkCheckFailed error={link.error} retry={link.retry} />
      ) : (
        <SetPasswordForm token={link.token} info={link.info} onGone={() => setUsedUp(true)} />
      )}
    </AuthLayout>
  );
}
