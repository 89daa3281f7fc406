import type { SupportAgent } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishConversationUpdated } from "./events.ts";
import { findConversationRow } from "./queries.ts";
import { readMarkAfter } from "./read-marks.ts";

/** The agents have read the conversation (through a message): its unread count drops on every console. */
export async function markReadByAgent(
  tx: Tx,
  _agent: SupportAgent,
  input: { conversationId: string; through?: string | undefined },
): Promise<void> {
  const row = await findConversationRow(tx.db, input.conversationId);
  const mark = await readMarkAfter(tx.db, row.id, row.agent_read_through, input.through);
  if (mark === row.agent_read_through) return;
  await tx.db
    .updateTable("support_conversations")
    .set({ agent_read_through: mark })
    .where("id", "=", row.id)
    .execute();
  publishConversationUpdated(tx, row, { agentsOnly: true });
}
