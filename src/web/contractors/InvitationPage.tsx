import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../api/client.ts";
import { type Me, useMe } from "../api/me.ts";
import { ApiError, describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { AuthLayout } from "../auth/AuthLayout.tsx";
import { CheckingLink, LinkCheckFailed } from "../auth/LinkProblems.tsx";
import { signInPathFor } from "../auth/next-path.ts";
import { useRefreshSession } from "../auth/session-refresh.ts";
import type { TokenInfo } from "../auth/token-link.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";
import { ErrorState } from "../ui/states.tsx";
import { forgetInvitationToken, invitationToken } from "./invitation-token.ts";

/** What the page knows about its link: one explicit state (see style.md, Documenso). */
type InvitationState =
  | { kind: "missing" }
  | { kind: "checking" }
  | { kind: "gone" }
  | { kind: "failed"; error: unknown }
  | { kind: "ready"; token: string; info: TokenInfo };

function useInvitation(): [InvitationState, () => void, () => void] {
  const token = useMemo(() => invitationToken(), []);
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<InvitationState>(token ? { kind: "checking" } : { kind: "missing" });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the inspection after a failure
  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    setState({ kind: "checking" });
    api
      .post<TokenInfo>("/api/auth/tokens/inspect", { token })
      .then((info) => {
        if (cancelled) return;
        // This page accepts only the link made for it; a set-password link belongs to /set-password.
        if (info.purpose !== "join") setState({ kind: "gone" });
        else setState({ kind: "ready", token, info });
      })
      .catch((error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 410) {
          forgetInvitationToken();
          setState({ kind: "gone" });
        } else setState({ kind: "failed", error });
      });
    return () => {
      cancelled = true;
    };
  }, [token, attempt]);

  return [state, () => setAttempt((n) => n + 1), () => setState({ kind: "gone" })];
}

function InvitationGone() {
  return (
    <Stack gap="md">
      <PageHeading size="h2">This invitation link has already been used or has expired</PageHeading>
      <Text>
        If you accepted it already, sign in: you are in the team. Otherwise ask the company to use{" "}
        <strong>Resend invitation</strong>: a new link arrives by email, and the old one stops working.
      </Text>
      <Button component={Link} to="/sign-in">
        Sign in
      </Button>
    </Stack>
  );
}

function InvitationMissing() {
  return (
    <Stack gap="md">
      <PageHeading size="h2">Open the link from your invitation email</PageHeading>
      <Text>
        This page works with the link in the email that invited you. If you reloaded the page or closed the
        tab, open the link from the email again.
      </Text>
      <Button component={Link} to="/sign-in">
        Sign in
      </Button>
    </Stack>
  );
}

function Invited({ info }: { info: TokenInfo }) {
  return (
    <PageHeading size="h2">{info.companyName ?? "A company"} invited you to join their team</PageHeading>
  );
}

/** The sign-in page, filled with the invited address, that comes back here. */
function signInToInvitation(email: string): string {
  return `${signInPathFor("/invitation")}&email=${encodeURIComponent(email)}`;
}

/** Not signed in: sign in as the invited address, then come back here (the token waits in sessionStorage). */
function SignInToAccept({ info }: { info: TokenInfo }) {
  const signIn = signInToInvitation(info.email);
  return (
    <Stack gap="md">
      <Invited info={info} />
      <Text>
        Sign in as <strong>{info.email}</strong> to accept. You will come back here to confirm.
      </Text>
      <Button component={Link} to={signIn}>
        Sign in to accept
      </Button>
      <Text size="sm">
        Is this your mailbox, but you no longer know the password?{" "}
        <Anchor component={Link} to="/forgot-password">
          Forgot password?
        </Anchor>
      </Text>
    </Stack>
  );
}

/** Signed in as someone else: this account can never accept it. */
function OtherAccount({ info, me }: { info: TokenInfo; me: Me }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api.post<void>("/api/auth/sign-out"),
    onSettled: async () => {
      queryClient.setQueryData(queryKeys.me(), null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== "me" });
      // Straight on to signing in as the invited address; the token is still kept for this tab.
      await navigate(signInToInvitation(info.email));
    },
  });
  return (
    <Stack gap="md">
      <Invited info={info} />
      <Alert color="yellow" variant="light" title="You are signed in with another address">
        This invitation was sent to <strong>{info.email}</strong>, and you are signed in as{" "}
        <strong>{me.user.email}</strong>. Sign out, then sign in as {info.email} to accept it.
      </Alert>
      <Button onClick={() => signOut.mutate()} loading={signOut.isPending}>
        Sign out
      </Button>
      <Button component={Link} to="/" variant="subtle">
        Stay signed in and go to my home page
      </Button>
    </Stack>
  );
}

function AcceptInvitation({ token, info, onGone }: { token: string; info: TokenInfo; onGone: () => void }) {
  const navigate = useNavigate();
  const refreshSession = useRefreshSession();
  const accept = useMutation({
    mutationFn: () => api.post("/api/invitations/accept", { token }),
    onSuccess: async () => {
      forgetInvitationToken();
      const me = await refreshSession();
      await navigate(me && !me.profileComplete ? "/profile?onboarding=1" : "/", { replace: true });
    },
    onError: (caught) => {
      if (caught instanceof ApiError && caught.status === 410) {
        forgetInvitationToken();
        onGone();
      }
    },
  });
  const error =
    accept.error && !(accept.error instanceof ApiError && accept.error.status === 410) ? accept.error : null;
  return (
    <Stack gap="md">
      <Invited info={info} />
      <Text>
        You are signed in as <strong>{info.email}</strong>. Accept to join the team: the company sees you and
        can give you tasks.
      </Text>
      {error !== null && (
        <Alert color="red" variant="light" role="alert">
          {describeError(error)}
        </Alert>
      )}
      <Button onClick={() => accept.mutate()} loading={accept.isPending}>
        Accept invitation
      </Button>
    </Stack>
  );
}

/** `/invitation?token=…`: an existing account's invitation. The token left the address bar on load. */
export function InvitationPage() {
  const [link, retry, markGone] = useInvitation();
  usePageTitle("Invitation");
  const me = useMe();

  let body: React.ReactNode;
  if (link.kind === "missing") body = <InvitationMissing />;
  else if (link.kind === "gone") body = <InvitationGone />;
  else if (link.kind === "checking" || me.isPending) body = <CheckingLink />;
  else if (link.kind === "failed") body = <LinkCheckFailed error={link.error} retry={retry} />;
  else if (me.isError) body = <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  else if (!me.data) body = <SignInToAccept info={link.info} />;
  else if (me.data.user.email !== link.info.email) body = <OtherAccount info={link.info} me={me.data} />;
  else body = <AcceptInvitation token={link.token} info={link.info} onGone={markGone} />;

  return <AuthLayout>{body}</AuthLayout>;
}
