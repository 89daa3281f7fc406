import { Alert, Button, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client.ts";
import { ApiError, describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { AuthLayout } from "./AuthLayout.tsx";
import { FormAlert } from "./FormAlert.tsx";
import { CheckingLink, LinkCheckFailed, LinkMissing } from "./LinkProblems.tsx";
import { type TokenInfo, useLinkState } from "./token-link.ts";

type Step = "confirm" | "done" | "gone";

function Confirm({ token, info, onDone }: { token: string; info: TokenInfo; onDone: (step: Step) => void }) {
  const queryClient = useQueryClient();
  const confirm = useMutation({
    mutationFn: () => api.post<unknown>("/api/auth/verify-email", { token }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.me() });
      onDone("done");
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 410) onDone("gone");
    },
  });
  const problem =
    confirm.error && !(confirm.error instanceof ApiError && confirm.error.status === 410)
      ? describeError(confirm.error)
      : null;
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

/** `/verify-email?token=…`: opening it reads the token; only the button uses it. */
export function VerifyEmailPage() {
  const link = useLinkState();
  usePageTitle("Confirm your email address");
  const [step, setStep] = useState<Step>("confirm");
  let content: ReactNode;
  if (step === "done") {
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
  } else if (link.kind === "checking") {
    content = <CheckingLink />;
  } else if (link.kind === "failed") {
    content = <LinkCheckFailed error={link.error} retry={link.retry} />;
  } else {
    content = <Confirm token={link.token} info={link.info} onDone={setStep} />;
  }
  return <AuthLayout>{content}</AuthLayout>;
}
