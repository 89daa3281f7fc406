import { beforeAll, describe, expect, it } from "vitest";
import { buildAgentReply, buildConversation, buildUser } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { buildAgent, uniqueAddress } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import type { ChatPerson } from "./actors.ts";
import { markReadByPerson } from "./mark-read-by-person.ts";

const t = setUpTestApp();
let agent: UsersTable;
beforeAll(async () => {
  agent = (await buildAgent(t)).agent;
});

const markRead = (person: ChatPerson, conversationId: string, through?: string) =>
  transact(t.context, (tx) => markReadByPerson(tx, person, { conversationId, through }));
const personOf = (user: UsersTable): ChatPerson => ({
  kind: "user",
  userId: user.id,
  name: user.name,
  email: user.email,
});
const personMark = async (id: string) => (await rowOf(t, "support_conversations", id)).person_read_through;

describe("markReadByPerson", () => {
  it("marks support's reply read by the signed-in person", async () => {
    const user = await buildUser(t.context.database.db);
    const { conversation } = await buildConversation(t.context.database.db, { user });
    const reply = await buildAgentReply(t.context.database.db, conversation.id, agent);
    await markRead(personOf(user), conversation.id);
    expect(await personMark(conversation.id)).toBe(reply.id);
  });

  it("marks a visitor's conversation read through the cookie that proves it", async () => {
    const guest = { name: "Vera Visitor", email: uniqueAddress("vera") };
    const { conversation } = await buildConversation(t.context.database.db, { guest });
    const reply = await buildAgentReply(t.context.database.db, conversation.id, agent);
    await markRead({ kind: "guest", conversationId: conversation.id, ip: "10.0.0.6" }, conversation.id);
    expect(await personMark(conversation.id)).toBe(reply.id);
  });

  it("answers 404 for someone else's conversation, marking nothing", async () => {
    const owner = await buildUser(t.context.database.db);
    const { conversation, message } = await buildConversation(t.context.database.db, { user: owner });
    await buildAgentReply(t.context.database.db, conversation.id, agent);
    const stranger = await buildUser(t.context.database.db);
    await expect(markRead(personOf(stranger), conversation.id)).rejects.toMatchObject({ status: 404 });
    expect(await personMark(conversation.id)).toBe(message.id);
  });
});
