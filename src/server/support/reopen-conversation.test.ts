import { beforeAll, describe, expect, it } from "vitest";
import { agentOf, buildConversation, buildUser } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { buildAgent } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { reopenConversation } from "./reopen-conversation.ts";

const t = setUpTestApp();
let agent: UsersTable;
beforeAll(async () => {
  agent = (await buildAgent(t)).agent;
});

const reopen = (conversationId: string) =>
  transact(t.context, (tx) => reopenConversation(tx, agentOf(agent), conversationId));
const conversationOf = async (closed: boolean) =>
  (
    await buildConversation(
      t.context.database.db,
      { user: await buildUser(t.context.database.db) },
      closed ? { closedBy: agent } : {},
    )
  ).conversation;

describe("reopenConversation", () => {
  it("opens a closed conversation again, forgetting who closed it", async () => {
    const conversation = await conversationOf(true);
    await reopen(conversation.id);
    expect(await rowOf(t, "support_conversations", conversation.id)).toMatchObject({
      status: "open",
      closed_at: null,
      closed_by: null,
    });
  });

  it("refuses an open conversation with 409, offering to close it", async () => {
    const conversation = await conversationOf(false);
    await expect(reopen(conversation.id)).rejects.toMatchObject({
      status: 409,
      extra: { allowed: ["close"] },
    });
  });
});
