import { Alert, Anchor, Center, Loader, Stack, Text, Title } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, Navigate, useSearchParams } from "react-router";
import { useMe } from "../api/me.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { AuthLayout } from "../auth/AuthLayout.tsx";
import { linkToken } from "../auth/link-token.ts";
import { signInPathFor } from "../auth/next-path.ts";
import { ChatBody } from "./ChatBody.tsx";
import { openGuestLink, useSupportChat } from "./support-api.ts";

type LinkState =
  | { kind: "none" }
  | { kind: "opening" }
  | { kind: "opened" }
  | { kind: "failed"; error: unknown };

/**
 * `/support`: the chat on a page of its own, where reply emails lead. A visitor's link (`?token=`) gives
 * this browser their conversation, once; a user's link (`?conversation=`) asks them to sign in first.
 */
export function SupportPage() {
  const me = useMe();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const [token] = useState(() => linkToken("/support"));
  const [link, setLink] = useState<LinkState>(token ? { kind: "opening" } : { kind: "none" });
  const chat = useSupportChat(link.kind !== "opening" && me.isSuccess);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    openGuestLink(token).then(
      (opened) => {
        if (cancelled) return;
        queryClient.setQueryData(queryKeys.supportChat(), opened);
        setLink({ kind: "opened" });
      },
      (error: unknown) => !cancelled && setLink({ kind: "failed", error }),
    );
    return () => {
      cancelled = true;
    };
  }, [token, queryClient]);

  const conversation = params.get("conversation");
  if (me.isPending || link.kind === "opening") {
    return (
      <AuthLayout wide>
        <Center py="xl" role="status" aria-label="Opening the conversation">
          <Loader aria-hidden />
        </Center>
      </AuthLayout>
    );
  }
  if (me.data?.user.platformRole === "support") {
    return (
      <Navigate to={conversation ? `/console/${encodeURIComponent(conversation)}` : "/console"} replace />
    );
  }
  if (!me.data && conversation && link.kind === "none") {
    return (
      <Navigate to={signInPathFor(`/support?conversation=${encodeURIComponent(conversation)}`)} replace />
    );
  }

  return (
    <AuthLayout wide>
      <Stack gap="md">
        <Title order={1} size="h2">
          Support
        </Title>
        {chat.data && (
          <Text size="sm">
            Chat with us here, or write to{" "}
            <Anchor href={`mailto:${chat.data.supportEmail}`}>{chat.data.supportEmail}</Anchor>.
          </Text>
        )}
        {link.kind === "failed" && (
          <Alert color="red" variant="light" title="This link does not open the conversation any more">
            {describeError(link.error)}
          </Alert>
        )}
        <ChatBody chat={chat} visible maxHeight="55vh" />
        <Anchor component={Link} to="/" size="sm">
          Back to Crewdesk
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
