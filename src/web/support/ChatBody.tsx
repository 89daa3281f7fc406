import { Alert, Button, Center, Loader, Stack, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { type Ref, useEffect, useState } from "react";
import { describeError } from "../api/problem.ts";
import { queryKeys } from "../api/query-keys.ts";
import { Composer } from "./Composer.tsx";
import { GuestStartForm } from "./GuestStartForm.tsx";
import { MessageList } from "./MessageList.tsx";
import {
  fetchEarlierChatMessages,
  markChatRead,
  mergeMessages,
  type SupportChat,
  type SupportMessage,
  useSendSupportMessage,
} from "./support-api.ts";

interface ChatBodyProps {
  chat: { data: SupportChat | undefined; isPending: boolean; error: unknown; refetch: () => unknown };
  /** The chat is on screen: support's replies count as read. */
  visible: boolean;
  composerRef?: Ref<HTMLTextAreaElement>;
  maxHeight?: number | string;
}

/**
 * The person's side of the chat: a visitor's first-message form, or the conversation and a box to write.
 * Shown in the panel of every page and on the page emailed links open.
 */
export function ChatBody({ chat, visible, composerRef, maxHeight = 360 }: ChatBodyProps) {
  const queryClient = useQueryClient();
  const send = useSendSupportMessage();
  const [earlier, setEarlier] = useState<{ items: SupportMessage[]; cursor: string | null } | null>(null);
  const [loadingEarlier, setLoadingEarlier] = useState(false);
  const data = chat.data;
  const conversation = data?.conversation ?? null;
  const items = data?.messages.items ?? [];
  const newest = items[items.length - 1];

  // Replies on screen are read: the badge goes, and no email follows for them.
  useEffect(() => {
    if (!visible || !conversation || conversation.unread === 0 || !newest) return;
    void markChatRead(conversation.id, newest.id).then(() =>
      queryClient.setQueryData<SupportChat>(queryKeys.supportChat(), (old) =>
        old?.conversation ? { ...old, conversation: { ...old.conversation, unread: 0 } } : old,
      ),
    );
  }, [visible, conversation, newest, queryClient]);

  if (chat.isPending) {
    return (
      <Center py="lg" role="status" aria-label="Loading the chat">
        <Loader size="sm" aria-hidden />
      </Center>
    );
  }
  if (chat.error || !data) {
    return (
      <Stack gap="xs">
        <Alert color="red" variant="light">
          {describeError(chat.error)}
        </Alert>
        <Button variant="default" onClick={() => void chat.refetch()}>
          Try again
        </Button>
      </Stack>
    );
  }
  if (!conversation && !data.you) return <GuestStartForm />;

  const cursor = earlier ? earlier.cursor : data.messages.nextCursor;
  const loadEarlier = async () => {
    if (!conversation || !cursor) return;
    setLoadingEarlier(true);
    try {
      const page = await fetchEarlierChatMessages(conversation.id, cursor);
      setEarlier((old) => ({ items: mergeMessages(old?.items ?? [], page.items), cursor: page.nextCursor }));
    } finally {
      setLoadingEarlier(false);
    }
  };

  return (
    <Stack gap="sm">
      <MessageList
        messages={earlier ? mergeMessages(earlier.items, items) : items}
        mine="person"
        label="Messages with Crewdesk Support"
        emptyText="Ask us anything: an invitation that never came, a task, a payment."
        onLoadEarlier={cursor ? () => void loadEarlier() : undefined}
        loadingEarlier={loadingEarlier}
        maxHeight={maxHeight}
      />
      {conversation?.status === "closed" && (
        <Text size="xs" c="dimmed">
          This conversation was closed by support. Writing again reopens it.
        </Text>
      )}
      <Composer
        textareaRef={composerRef}
        busy={send.isPending}
        onSend={(body) =>
          send.mutateAsync({ body, ...(conversation ? { conversationId: conversation.id } : {}) })
        }
      />
    </Stack>
  );
}
