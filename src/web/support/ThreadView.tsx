import {
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { isRefetch } from "../../common/events.ts";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { Composer } from "./Composer.tsx";
import { personSummary } from "./ConversationList.tsx";
import { MessageList } from "./MessageList.tsx";
import {
  fetchEarlierThreadMessages,
  markThreadRead,
  mergeMessages,
  type SupportMessage,
  type SupportThread,
  useConversationMove,
  useReply,
  useThread,
} from "./support-api.ts";
import { useIncomingAnnouncement } from "./useAnnouncer.ts";

/** One conversation in the console: its messages, a reply box, Close or Reopen. */
export function ThreadView({ conversationId }: { conversationId: string }) {
  const queryClient = useQueryClient();
  const thread = useThread(conversationId);
  const reply = useReply(conversationId);
  const move = useConversationMove(conversationId);
  const [earlier, setEarlier] = useState<{ items: SupportMessage[]; cursor: string | null } | null>(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const data = thread.data;
  const items = data?.messages.items;
  const newest = items?.[items.length - 1];
  const announcement = useIncomingAnnouncement(conversationId, items, "person");

  useLiveEvent("support.message", (event) => {
    if (isRefetch(event) || event.conversationId !== conversationId) return;
    queryClient.setQueryData<SupportThread>(queryKeys.supportConversation(conversationId), (old) =>
      old
        ? { ...old, messages: { ...old.messages, items: mergeMessages(old.messages.items, [event.message]) } }
        : old,
    );
  });

  // The agent looking at the thread has read it: the unread counts drop on every console.
  const unread = data?.conversation.unread ?? 0;
  useEffect(() => {
    if (!newest || unread === 0) return;
    void markThreadRead(conversationId, newest.id);
  }, [conversationId, newest, unread]);

  if (thread.isPending) {
    return (
      <Center py="lg" role="status" aria-label="Loading the conversation">
        <Loader size="sm" aria-hidden />
      </Center>
    );
  }
  if (thread.isError || !data) {
    return (
      <Alert color="red" variant="light" title="This conversation could not be loaded">
        {describeError(thread.error)}
      </Alert>
    );
  }

  const { conversation } = data;
  const closed = conversation.status === "closed";
  const cursor = earlier ? earlier.cursor : data.messages.nextCursor;
  const loadEarlier = async () => {
    if (!cursor) return;
    setLoadingEarlier(true);
    try {
      const page = await fetchEarlierThreadMessages(conversationId, cursor);
      setEarlier((old) => ({ items: mergeMessages(old?.items ?? [], page.items), cursor: page.nextCursor }));
    } finally {
      setLoadingEarlier(false);
    }
  };
  const onMove = () =>
    move.mutate(closed ? "reopen" : "close", {
      onError: (error) =>
        notifications.show({ color: "red", title: "Nothing changed", message: describeError(error) }),
    });

  return (
    <Stack gap="sm">
      <VisuallyHidden aria-live="polite" aria-atomic>
        {announcement}
      </VisuallyHidden>
      {/* The button goes under the name when the column is too narrow for both: never cut off. */}
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={0} style={{ minWidth: 0, flex: "1 1 14rem" }}>
          <Group gap="xs">
            <Title order={2} size="h4" style={{ overflowWrap: "anywhere" }}>
              {conversation.person.name || conversation.person.email}
            </Title>
            {/* A dot of colour beside dark text: the word is read, not the colour (4.5:1 contrast). */}
            <Badge color={closed ? "gray" : "green"} variant="dot" tt="none">
              {closed ? "Closed" : "Open"}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {personSummary(conversation.person)}
          </Text>
        </Stack>
        <Button
          variant="default"
          size="sm"
          onClick={onMove}
          loading={move.isPending}
          style={{ flexShrink: 0 }}
        >
          {closed ? "Reopen" : "Close conversation"}
        </Button>
      </Group>
      <MessageList
        messages={earlier ? mergeMessages(earlier.items, items ?? []) : (items ?? [])}
        mine="agent"
        label={`Messages with ${conversation.person.name || conversation.person.email}`}
        emptyText="No messages yet."
        onLoadEarlier={cursor ? () => void loadEarlier() : undefined}
        loadingEarlier={loadingEarlier}
        maxHeight="55vh"
      />
      {closed && (
        <Text size="sm" c="dimmed">
          This conversation is closed. Reopen it to reply.
        </Text>
      )}
      <Composer
        label="Reply"
        sendLabel="Send reply"
        busy={reply.isPending}
        disabled={closed}
        onSend={(body) => reply.mutateAsync(body)}
      />
    </Stack>
  );
}
