import { conflict } from "../http/problem.ts";
import type { SupportAgent } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishConversationUpdated } from "./events.ts";
import { findConversationRow } from "./queries.ts";

/** An agent closes a conversation: it moves down the console's list. The person writing again reopens it. */
export async function closeConversation(tx: Tx, agent: SupportAgent, conversationId: string): Promise<void> {
  const row = await findConversationRow(tx.db, conversationId);
  if (row.status === "closed") throw conflict("This conversation is already closed.", ["reopen"]);
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("support_conversations")
    .set({ status: "closed", closed_at: iso, closed_by: agent.userId, updated_at: iso })
    .where("id", "=", row.id)
    .execute();
  publishConversationUpdated(tx, { ...row, status: "closed" });
}
