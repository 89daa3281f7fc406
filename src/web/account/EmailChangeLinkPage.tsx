import { Alert, Button, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link, useLocation } from "react-router";
import { api } from "../api/client.ts";
import { ApiError, describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { AuthLayout } from "../auth/AuthLayout.tsx";
import { LinkGone, LinkMissing } from "../auth/LinkProblems.tsx";
import { linkToken } from "../auth/link-token.ts";
import { PageHeading, usePageTitle } from "../ui/page.tsx";

const KINDS = {
  confirm: {
    title: "Confirm your new email address",
    text: "Confirm that this address is yours: you will sign in with it from now on.",
    button: "Confirm my new address",
    done: "Your email address changed. Sign in with the new one from now on.",
    path: "/api/account/email/confirm",
  },
  cancel: {
    title: "Undo the change of email address",
    text: "Your account keeps (or gets back) this address, and every device is signed out. Then choose a new password with Forgot password?.",
    button: "Undo the change",
    done: "The change was undone and every device was signed out. Choose a new password with Forgot password?.",
    path: "/api/account/email/cancel",
  },
} as const;

/** `/confirm-email-change?token=…` and `/cancel-email-change?token=…`: opening only reads; the button uses the link. */
export function EmailChangeLinkPage({ kind }: { kind: keyof typeof KINDS }) {
  const { pathname } = useLocation();
  const token = useMemo(() => linkToken(pathname), [pathname]);
  const copy = KINDS[kind];
  usePageTitle(copy.title);
  const queryClient = useQueryClient();
  const use = useMutation({
    mutationFn: () => api.post(copy.path, { token }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
  });
  if (!token) return <AuthLayout>{<LinkMissing />}</AuthLayout>;
  if (use.error instanceof ApiError && use.error.status === 410)
    return <AuthLayout>{<LinkGone />}</AuthLayout>;
  return (
    <AuthLayout>
      <Stack gap="md">
        <PageHeading size="h2">{copy.title}</PageHeading>
        {use.isSuccess ? (
          <>
            <Alert color="green" variant="light" role="status">
              {copy.done}
            </Alert>
            <Button component={Link} to="/">
              Continue to Crewdesk
            </Button>
          </>
        ) : (
          <>
            <Text>{copy.text}</Text>
            {use.error && (
              <Alert color="red" variant="light" role="alert">
                {describeError(use.error)}
              </Alert>
            )}
            <Button onClick={() => use.mutate()} loading={use.isPending}>
              {copy.button}
            </Button>
          </>
        )}
      </Stack>
    </AuthLayout>
  );
}
