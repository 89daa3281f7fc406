import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { invalidField } from "../http/problem.ts";

/**
 * The message a reader has read through: `through` (a message of this conversation), or else its newest.
 * A mark never moves back: an older `through` leaves `current` as it is.
 */
export async function readMarkAfter(
  db: Kysely<DB>,
  conversationId: string,
  current: string | null,
  through: string | undefined,
): Promise<string | null> {
  let query = db.selectFrom("support_messages").select("id").where("conversation_id", "=", conversationId);
  query = through === undefined ? query.orderBy("id", "desc").limit(1) : query.where("id", "=", through);
  const message = await query.executeTakeFirst();
  if (!message) {
    if (through !== undefined) throw invalidField("through", "This message is not in the conversation.");
    return current;
  }
  return current !== null && current > message.id ? current : message.id;
}
