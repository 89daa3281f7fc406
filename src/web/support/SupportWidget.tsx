import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Paper,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useQueryClient } from "@tanstack/react-query";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { isRefetch } from "../../common/events.ts";
import { queryKeys } from "../api/query-keys.ts";
import { useLiveEvent } from "../events/useLiveEvents.ts";
import { usePageCovered } from "../ui/covered-page.ts";
import { ChatBody } from "./ChatBody.tsx";
import { mergeMessages, type SupportChat, useSupportChat } from "./support-api.ts";
import { useIncomingAnnouncement } from "./useAnnouncer.ts";

export const SUPPORT_PANEL_ID = "support-panel";

/** Above the app shell (100), below Mantine's modals (200): a modal dialog covers the button too. */
const SUPPORT_Z_INDEX = 190;

/** "2 unread replies" for the button's name; the badge shows the number. */
function unreadText(n: number): string {
  return `${n} unread ${n === 1 ? "reply" : "replies"}`;
}

/**
 * The Support button of every page and its chat panel: a non-modal dialog (the page stays usable), opened
 * and closed from the keyboard (Escape closes it and returns to the button), with support's replies read
 * out politely as they arrive, whether the panel is open or not.
 */
export function SupportWidget() {
  const queryClient = useQueryClient();
  const chat = useSupportChat(true);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const isPhone = useMediaQuery("(max-width: 30em)") ?? false;
  const covered = usePageCovered();
  const data = chat.data;
  const unread = data?.conversation?.unread ?? 0;
  const announcement = useIncomingAnnouncement(data?.conversation?.id ?? null, data?.messages.items, "agent");

  // A message of this conversation shows at once; the refetch the event also causes confirms it.
  useLiveEvent("support.message", (event) => {
    if (isRefetch(event)) return;
    queryClient.setQueryData<SupportChat>(queryKeys.supportChat(), (old) => {
      if (!old?.conversation || old.conversation.id !== event.conversationId) return old;
      if (old.messages.items.some((m) => m.id === event.message.id)) return old;
      const unreadNow = old.conversation.unread + (event.message.from === "agent" ? 1 : 0);
      return {
        ...old,
        conversation: { ...old.conversation, status: "open", unread: unreadNow },
        messages: { ...old.messages, items: mergeMessages(old.messages.items, [event.message]) },
      };
    });
  });

  // Opening moves focus into the panel: the first field of a visitor's form, else the message box; again
  // when what the panel holds changes under it (loaded, or a visitor's first message sent).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the conversation and loading state are the triggers
  useEffect(() => {
    if (!open) return;
    const target = panel.current?.querySelector<HTMLElement>("[data-autofocus], textarea");
    target?.focus();
  }, [open, data?.conversation?.id, chat.isPending]);

  // Closing gives focus back to the button, once it is shown again (on a phone the panel hides it).
  const returnFocus = useRef(false);
  useEffect(() => {
    if (open || !returnFocus.current) return;
    returnFocus.current = false;
    button.current?.focus();
  }, [open]);
  const close = () => {
    returnFocus.current = true;
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  };

  return (
    <div inert={covered}>
      <VisuallyHidden aria-live="polite" aria-atomic>
        {announcement}
      </VisuallyHidden>
      {open && (
        <Paper
          ref={panel}
          id={SUPPORT_PANEL_ID}
          role="dialog"
          aria-modal={false}
          aria-labelledby="support-panel-title"
          onKeyDown={onKeyDown}
          withBorder
          shadow="lg"
          radius={isPhone ? 0 : "md"}
          p="md"
          style={{
            position: "fixed",
            zIndex: SUPPORT_Z_INDEX,
            ...(isPhone
              ? { inset: 0, overflowY: "auto" }
              : { right: 16, bottom: 72, width: 380, maxHeight: "calc(100vh - 96px)", overflowY: "auto" }),
          }}
        >
          <Stack gap="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Title order={2} size="h4" id="support-panel-title">
                Support
              </Title>
              <CloseButton aria-label="Close support chat" onClick={close} />
            </Group>
            {data && (
              <Text size="sm">
                Chat with us here, or write to{" "}
                <Anchor href={`mailto:${data.supportEmail}`}>{data.supportEmail}</Anchor>.
              </Text>
            )}
            <ChatBody chat={chat} visible={open} maxHeight={isPhone ? "50vh" : 320} />
          </Stack>
        </Paper>
      )}
      <Button
        ref={button}
        onClick={() => (open ? close() : setOpen(true))}
        aria-expanded={open}
        aria-controls={open ? SUPPORT_PANEL_ID : undefined}
        aria-haspopup="dialog"
        radius="xl"
        size="md"
        color="indigo.8"
        style={{
          position: "fixed",
          right: 16,
          bottom: 16,
          zIndex: SUPPORT_Z_INDEX,
          boxShadow: "var(--mantine-shadow-md)",
          ...(isPhone && open ? { display: "none" } : {}),
        }}
        rightSection={
          unread > 0 ? (
            <Badge color="red.8" size="sm" circle>
              {unread}
              <VisuallyHidden> {unreadText(unread)}</VisuallyHidden>
            </Badge>
          ) : undefined
        }
      >
        Support
      </Button>
    </div>
  );
}
