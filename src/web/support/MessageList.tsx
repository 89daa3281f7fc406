import { Box, Button, Center, Stack, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import type { SupportAuthorSide } from "../../common/support.ts";
import { formatMessageTime } from "./format.ts";
import type { SupportMessage } from "./support-api.ts";

interface MessageListProps {
  messages: SupportMessage[];
  /** Whose messages are "mine" (shown on the right): the person's in the chat, the agents' in the console. */
  mine: SupportAuthorSide;
  /** Offers "Load earlier messages" while there are some. */
  onLoadEarlier?: (() => void) | undefined;
  loadingEarlier?: boolean;
  emptyText: string;
  /** The list's label for screen readers, e.g. "Messages with Crewdesk Support". */
  label: string;
  maxHeight?: number | string;
}

/**
 * A conversation's messages, oldest first, scrolled to the newest. Text is rendered as text (React escapes
 * it), line breaks kept.
 */
export function MessageList({
  messages,
  mine,
  onLoadEarlier,
  loadingEarlier = false,
  emptyText,
  label,
  maxHeight,
}: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const newest = messages[messages.length - 1]?.id;
  // A new message (sent or received) scrolls into view; loading earlier ones does not move the reader.
  useEffect(() => {
    const el = scroller.current;
    if (el && newest) el.scrollTop = el.scrollHeight;
  }, [newest]);

  return (
    <Box
      ref={scroller}
      style={{ overflowY: "auto", maxHeight, minHeight: 120 }}
      // Scrollable, so reachable by keyboard; its name says what it holds.
      tabIndex={0}
      role="region"
      aria-label={label}
    >
      {onLoadEarlier && (
        <Center pb="xs">
          <Button variant="subtle" size="compact-sm" onClick={onLoadEarlier} loading={loadingEarlier}>
            Load earlier messages
          </Button>
        </Center>
      )}
      {messages.length === 0 ? (
        <Text c="dimmed" size="sm" ta="center" py="md">
          {emptyText}
        </Text>
      ) : (
        <Stack component="ol" gap="xs" m={0} p={0} style={{ listStyle: "none" }}>
          {messages.map((m) => {
            const own = m.from === mine;
            return (
              <Box
                component="li"
                key={m.id}
                maw="85%"
                ml={own ? "auto" : 0}
                px="sm"
                py={6}
                bg={own ? "indigo.0" : "gray.1"}
                style={{ borderRadius: 10 }}
              >
                <Text size="xs" c="dimmed" component="p" m={0}>
                  <Text span fw={600} c="var(--mantine-color-text)" size="xs">
                    {m.from === "agent" ? `${m.authorName} (Support)` : m.authorName}
                  </Text>
                  {" · "}
                  <time dateTime={m.createdAt}>{formatMessageTime(m.createdAt)}</time>
                </Text>
                <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
                  {m.body}
                </Text>
              </Box>
            );
          })}
        </Stack>
      )}
    </Box>
  );
}
