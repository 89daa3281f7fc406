import { beforeAll, describe, expect, it } from "vitest";
import { recordEvents } from "../../../test/support/events.ts";
import { agentOf, buildConversation, buildUser } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { buildAgent } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { closeConversation } from "./close-conversation.ts";

const t = setUpTestApp();
let agent: UsersTable;
beforeAll(async () => {
  agent = (await buildAgent(t)).agent;
});

const close = (conversationId: string) =>
  transact(t.context, (tx) => closeConversation(tx, agentOf(agent), conversationId));
const openConversation = async () =>
  (await buildConversation(t.context.database.db, { user: await buildUser(t.context.database.db) }))
    .conversation;

describe("closeConversation", () => {
  it("closes the conversation, naming the agent who closed it", async () => {
    const conversation = await openConversation();
    await close(conversation.id);
    expect(await rowOf(t, "support_conversations", conversation.id)).toMatchObject({
      status: "closed",
      closed_by: agent.id,
    });
  });

  it("refuses a closed conversation with 409, offering to reopen it", async () => {
    const conversation = await openConversation();
    await close(conversation.id);
    await expect(close(conversation.id)).rejects.toMatchObject({
      status: 409,
      extra: { allowed: ["reopen"] },
    });
  });

  it("answers 404 for a conversation that does not exist", async () => {
    await expect(close("0190aaaa-0000-7000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
  });

  it("tells the consoles after the commit", async () => {
    const conversation = await openConversation();
    const events = recordEvents(t);
    try {
      await close(conversation.id);
      const event = await events.waitFor(
        (e) =>
          e.name === "support.conversation.updated" &&
          "conversationId" in e.data &&
          e.data.conversationId === conversation.id,
      );
      expect(event.data).toEqual({ conversationId: conversation.id, status: "closed" });
    } finally {
      events.stop();
    }
  });
});
