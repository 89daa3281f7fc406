import { conflict } from "../http/problem.ts";
import type { SupportAgent } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishConversationUpdated } from "./events.ts";
import { findConversationRow } from "./queries.ts";

/** An agent reopens a closed conversation, to write in it again. */
export async function reopenConversation(
  tx: Tx,
  _agent: SupportAgent,
  conversationId: string,
): Promise<void> {
  const row = await findConversationRow(tx.db, conversationId);
  if (row.status === "open") throw conflict("This conversation is already open.", ["close"]);
  await tx.db
    .updateTable("support_conversations")
    .set({ status: "open", closed_at: null, closed_by: null, updated_at: tx.now.toISOString() })
    .where("id", "=", row.id)
    .execute();
  publishConversationUpdated(tx, { ...row, status: "open" });
}
