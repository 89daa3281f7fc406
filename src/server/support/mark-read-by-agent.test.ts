import { beforeAll, describe, expect, it } from "vitest";
import { agentOf, buildAgentReply, buildConversation, buildUser } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { buildAgent } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { markReadByAgent } from "./mark-read-by-agent.ts";

const t = setUpTestApp();
let agent: UsersTable;
beforeAll(async () => {
  agent = (await buildAgent(t)).agent;
});

const markRead = (conversationId: string, through?: string) =>
  transact(t.context, (tx) => markReadByAgent(tx, agentOf(agent), { conversationId, through }));
const conversation = async () =>
  buildConversation(t.context.database.db, { user: await buildUser(t.context.database.db) });
const agentMark = async (id: string) => (await rowOf(t, "support_conversations", id)).agent_read_through;

describe("markReadByAgent", () => {
  it("marks the thread read through its newest message", async () => {
    const { conversation: c, message } = await conversation();
    await markRead(c.id);
    expect(await agentMark(c.id)).toBe(message.id);
  });

  it("never moves the mark back to an older message", async () => {
    const { conversation: c, message } = await conversation();
    const reply = await buildAgentReply(t.context.database.db, c.id, agent);
    await markRead(c.id, message.id);
    expect(await agentMark(c.id)).toBe(reply.id);
  });

  it("refuses a message of another conversation with 400 naming `through`", async () => {
    const { conversation: c } = await conversation();
    const { message: elsewhere } = await conversation();
    await expect(markRead(c.id, elsewhere.id)).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "through" }] },
    });
  });
});
