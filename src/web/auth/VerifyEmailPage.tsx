import { Alert, Button, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import type { EmailVerified } from "../../common/wire/auth.ts";
import { api } from "../api/client.ts";
import { useMe } from "../api/me.ts";
import { ApiError, describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import { CheckingLink, LinkCheckFailed, LinkMissing } from "./LinkProblems.tsx";
import { signInPathFor } from "./next-path.ts";
import { type TokenInfo, useLinkState } from "./token-link.ts";

type Step = "confirm" | "done" | "reset" | "gone";

function Confirm({
  token,
  info,
  signedInAsOwner,
  onDone,
}: {
  token: string;
  info: TokenInfo;
  /** This browser is signed in to the account the link confirms. */
  signedInAsOwner: boolean;
  onDone: (step: Step) => void;
}) {
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => api.post<EmailVerified>("/api/auth/verify-email", { token }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me() });
      onDone(result.accountReset ? "reset" : "done");
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 410) onDone("gone");
    },
  });
  const problem =
    confirm.error && !(confirm.error instanceof ApiError && confirm.error.status === 410)
      ? describeError(confirm.error)
      : null;
  if (signedInAsOwner) {
    return (
      <Stack gap="md">
        <PageHeading size="h2">Confirm your email address</PageHeading>
        <Text>
          Confirm that <strong>{info.email}</strong> is your address. Companies can then add you to their team
          from inside the app.
        </Text>
        <FormAlert>{problem}</FormAlert>
        <Button onClick={() => confirm.mutate()} loading={confirm.isPending} fullWidth>
          Confirm my email
        </Button>
      </Stack>
    );
  }
  // Not signed in to this account: whoever filled it in may not own the mailbox. The owner either signs in
  // (it was them) or confirms without signing in, which resets the account to the address alone.
  return (
    <Stack gap="md">
      <PageHeading size="h2">Confirm your email address</PageHeading>
      <Text>
        Did you create the Crewdesk account for <strong>{info.email}</strong>? Sign in to it, and you will
        come back here to confirm. Everything you entered stays as it is.
      </Text>
      <Button
        component={Link}
        to={`${signInPathFor("/verify-email")}&email=${encodeURIComponent(info.email)}`}
      >
        Sign in to confirm
      </Button>
      <Text>
        You did not create it? Then someone else used your address. Confirm it without signing in: the name,
        password and information entered before are removed, everyone signed in to it is signed out, and you
        choose your own password next.
      </Text>
      <FormAlert>{problem}</FormAlert>
      <Button variant="outline" color="red" onClick={() => confirm.mutate()} loading={confirm.isPending}>
        It was not me: confirm and reset the account
      </Button>
    </Stack>
  );
}

/** The account was reset by the confirmation: its owner now chooses a password. */
function AccountReset({ email }: { email: string }) {
  return (
    <Stack gap="md">
      <PageHeading size="h2">Your email address is confirmed</PageHeading>
      <Alert color="green" variant="light" role="status">
        The account is yours now. Everything entered before you confirmed it has been removed, and everyone
        who was signed in to it is signed out.
      </Alert>
      <Text>Choose your password: we will email you a link to set it.</Text>
      <Button component={Link} to={`/forgot-password?email=${encodeURIComponent(email)}`}>
        Choose my password
      </Button>
    </Stack>
  );
}

/** `/verify-email?token=…`: opening it reads the token; only the button uses it. */
export function VerifyEmailPage() {
  usePageTitle("Confirm your email address");
  const link = useLinkState();
  const me = useMe();
  const [step, setStep] = useState<Step>("confirm");
  let content: ReactNode;
  if (step === "reset" && link.kind === "ready") {
    content = <AccountReset email={link.info.email} />;
  } else if (step === "done") {
    content = (
      <Stack gap="md">
        <PageHeading size="h2">Your email address is confirmed</PageHeading>
        <Alert color="green" variant="light" role="status">
          Thank you. There is nothing more to do.
        </Alert>
        <Button component={Link} to="/">
          Continue to Crewdesk
        </Button>
      </Stack>
    );
  } else if (step === "gone" || link.kind === "gone") {
    content = (
      <Stack gap="md">
        <PageHeading size="h2">This link has already been used or has expired</PageHeading>
        <Text>If you already confirmed your email address, there is nothing more to do.</Text>
        <Button component={Link} to="/">
          Continue to Crewdesk
        </Button>
      </Stack>
    );
  } else if (link.kind === "missing") {
    content = <LinkMissing newLinkPath="/" newLinkLabel="Continue to Crewdesk" />;
  } else if (link.kind === "checking" || me.isPending) {
    content = <CheckingLink />;
  } else if (link.kind === "failed") {
    content = <LinkCheckFailed error={link.error} retry={link.retry} />;
  } else {
    content = (
      <Confirm
        token={link.token}
        info={link.info}
        signedInAsOwner={me.data?.user.email === link.info.email}
        onDone={setStep}
      />
    );
  }
  return <AuthLayout>{content}</AuthLayout>;
}
