import { Button, PasswordInput, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { PasswordSet, SecondStepRequired } from "../../common/wire/auth.ts";
import { api } from "../api/client.ts";
import { showProblemInForm } from "../api/forms.ts";
import { ApiError } from "../api/problem.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import type { JoinedState } from "./joined.ts";
import { CheckingLink, LinkCheckFailed, LinkGone, LinkMissing } from "./LinkProblems.tsx";
import { PASSWORD_RULE, passwordLengthError } from "./password-rules.ts";
import { SecondStepForm } from "./SecondStepForm.tsx";
import { useRefreshSession } from "./session-refresh.ts";
import { type TokenInfo, useLinkState } from "./token-link.ts";

function Heading({ info }: { info: TokenInfo }) {
  if (info.purpose === "invitation") {
    return (
      <>
        <PageHeading size="h2">Welcome to Crewdesk</PageHeading>
        <Text>
          {/* An invitation of no company is Crewdesk's own: a support agent's account. */}
          {info.companyName ? (
            <>
              <strong>{info.companyName}</strong> invited you.
            </>
          ) : (
            "You have a new Crewdesk account."
          )}{" "}
          Choose a password for your account <strong>{info.email}</strong>: you will sign in with this email
          address.
        </Text>
      </>
    );
  }
  return (
    <>
      <PageHeading size="h2">Choose a new password</PageHeading>
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

  const [secondStep, setSecondStep] = useState<SecondStepRequired | null>(null);
  const land = async (joined: PasswordSet["joined"]) => {
    await refreshSession();
    const contractor = info.purpose === "invitation" && info.companyName !== undefined;
    if (contractor || joined.length > 0) {
      await navigate("/profile?onboarding=1", { replace: true, state: { joined } satisfies JoinedState });
    } else await navigate("/", { replace: true });
  };
  const setPassword = useMutation({
    mutationFn: (password: string) =>
      api.post<PasswordSet | SecondStepRequired>("/api/auth/set-password", { token, password }),
    onSuccess: async (result) => {
      // The password is set, but the account has a second step: the link does not skip it.
      if ("secondStep" in result) {
        setSecondStep(result);
        return;
      }
      await refreshSession();
      // An invited contractor is led to the required information first (they may postpone it), told which
      // companies they joined: an invitation link, or recovery after the invitation email was lost. An
      // invitation of no company is a support agent's account.
      const joined = result.joined;
      const contractor = info.purpose === "invitation" && info.companyName !== undefined;
      if (contractor || joined.length > 0) {
        await navigate("/profile?onboarding=1", { replace: true, state: { joined } satisfies JoinedState });
      } else await navigate("/", { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 410) onGone();
      else setProblem(showProblemInForm(form, error));
    },
  });
  const submit = form.onSubmit((values) => {
    setProblem(null);
    setPassword.mutate(values.password);
  });

  if (secondStep) {
    return (
      <SecondStepForm
        token={secondStep.secondStep.token}
        onDone={() => land(secondStep.joined ?? [])}
        onExpired={() => void navigate("/sign-in", { replace: true })}
      />
    );
  }

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
        <Button type="submit" loading={setPassword.isPending} fullWidth>
          Save password and sign in
        </Button>
      </Stack>
    </form>
  );
}

/** `/set-password?token=…`: a new account's invitation, or password recovery. */
export function SetPasswordPage() {
  const link = useLinkState();
  usePageTitle("Choose a password");
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
