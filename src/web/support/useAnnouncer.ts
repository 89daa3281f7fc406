import { useEffect, useRef, useState } from "react";
import type { SupportAuthorSide } from "../../common/support.ts";
import type { SupportMessage } from "./support-api.ts";

/**
 * The sentence a polite live region reads out when messages from the other side arrive: "New message from
 * Sam Support: …". Messages already there when the list first loads are not announced; neither are the
 * reader's own.
 */
export function useIncomingAnnouncement(
  conversationId: string | null,
  messages: SupportMessage[] | undefined,
  from: SupportAuthorSide,
): string {
  const seen = useRef<{ conversationId: string | null; ids: Set<string> } | null>(null);
  const [announcement, setAnnouncement] = useState("");
  useEffect(() => {
    if (!messages) return;
    const known = seen.current;
    if (!known || known.conversationId !== conversationId) {
      seen.current = { conversationId, ids: new Set(messages.map((m) => m.id)) };
      return;
    }
    const fresh = messages.filter((m) => !known.ids.has(m.id));
    for (const m of fresh) known.ids.add(m.id);
    const incoming = fresh.filter((m) => m.from === from);
    if (incoming.length === 0) return;
    setAnnouncement(incoming.map((m) => `New message from ${m.authorName}: ${m.body}`).join(" "));
  }, [conversationId, messages, from]);
  return announcement;
}
