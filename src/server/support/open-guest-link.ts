import { gone } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { findGuestToken, issueGuestToken } from "./guest-tokens.ts";

/**
 * A visitor opens the link a reply email gave them: the link works once, and gives this browser a cookie
 * of its own for the conversation. Opened again in the browser that already holds the conversation, it
 * just shows it; anywhere else a used or expired link is 410.
 */
export async function openGuestLink(
  tx: Tx,
  input: { token: string; currentConversationId: string | null },
): Promise<{ conversationId: string; cookieToken: string | null }> {
  const dead = gone(
    `This link has already been opened, or has expired. Each reply we email brings a new link; you can also write to ${tx.config.supportEmail}.`,
  );
  const link = await findGuestToken(tx.db, input.token, "link", tx.now);
  if (!link) throw dead;
  if (input.currentConversationId === link.conversation_id) {
    return { conversationId: link.conversation_id, cookieToken: null };
  }
  const used = await tx.db
    .updateTable("support_guest_tokens")
    .set({ used_at: tx.now.toISOString() })
    .where("id", "=", link.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  // Two browsers racing on one link: exactly one wins.
  if (Number(used.numUpdatedRows) !== 1) throw dead;
  const cookieToken = await issueGuestToken(tx.db, link.conversation_id, "cookie", tx.now);
  return { conversationId: link.conversation_id, cookieToken };
}
