import { beforeAll, describe, expect, it } from "vitest";
import { agentOf, buildConversation, buildUser } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { buildAgent } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { REPLY_EMAIL_DELAY_MS } from "../../common/support.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { replyToConversation } from "./reply-to-conversation.ts";

const t = setUpTestApp();
let agent: UsersTable;
beforeAll(async () => {
  agent = (await buildAgent(t, "Rita Reply")).agent;
});

const reply = (conversationId: string, body = "We sent it again.", now = new Date()) =>
  transact(t.context, (tx) => replyToConversation(tx, agentOf(agent), { conversationId, body }), now);
const conversationOf = async (closed = false) =>
  (
    await buildConversation(
      t.context.database.db,
      { user: await buildUser(t.context.database.db) },
      closed ? { closedBy: agent } : {},
    )
  ).conversation;

describe("replyToConversation", () => {
  it("posts the reply under the agent's name", async () => {
    const conversation = await conversationOf();
    const { message } = await reply(conversation.id, "  Your invitation is on its way.  ");
    expect(message).toMatchObject({ body: "Your invitation is on its way.", authorName: "Rita Reply" });
  });

  it("marks the thread read by the agents through the reply", async () => {
    const conversation = await conversationOf();
    const { message } = await reply(conversation.id);
    expect((await rowOf(t, "support_conversations", conversation.id)).agent_read_through).toBe(message.id);
  });

  it("sets the reply email two minutes on, and keeps that time for the replies after it", async () => {
    const conversation = await conversationOf();
    const first = new Date();
    await reply(conversation.id, "One.", first);
    await reply(conversation.id, "Two.", new Date(first.getTime() + 30_000));
    expect((await rowOf(t, "support_conversations", conversation.id)).reply_email_due_at).toBe(
      new Date(first.getTime() + REPLY_EMAIL_DELAY_MS).toISOString(),
    );
  });

  it("refuses a blank reply with 400 naming the body", async () => {
    const conversation = await conversationOf();
    await expect(reply(conversation.id, "   ")).rejects.toMatchObject({
      status: 400,
      extra: { errors: [{ field: "body" }] },
    });
  });

  it("refuses a closed conversation with 409, offering to reopen it", async () => {
    const conversation = await conversationOf(true);
    await expect(reply(conversation.id)).rejects.toMatchObject({
      status: 409,
      extra: { allowed: ["reopen"] },
    });
  });
});
