import { notFound } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import type { ChatPerson } from "./actors.ts";
import { findPersonConversation } from "./person-conversation.ts";
import { readMarkAfter } from "./read-marks.ts";

/**
 * The person has seen support's replies (their chat panel showed them): the unread badge goes, and a reply
 * read in time is not emailed to a signed-in user.
 */
export async function markReadByPerson(
  tx: Tx,
  person: ChatPerson,
  input: { conversationId: string; through?: string | undefined },
): Promise<void> {
  const row = await findPersonConversation(tx.db, person, input.conversationId);
  if (!row) throw notFound("Conversation");
  const mark = await readMarkAfter(tx.db, row.id, row.person_read_through, input.through);
  if (mark === row.person_read_through) return;
  await tx.db
    .updateTable("support_conversations")
    .set({ person_read_through: mark })
    .where("id", "=", row.id)
    .execute();
}
