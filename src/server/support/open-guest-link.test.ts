import { describe, expect, it } from "vitest";
import { buildConversation, buildGuestLink } from "../../../test/support/factories.ts";
import { uniqueAddress } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { findGuestToken } from "./guest-tokens.ts";
import { openGuestLink } from "./open-guest-link.ts";

const t = setUpTestApp();

const open = (token: string, currentConversationId: string | null = null) =>
  transact(t.context, (tx) => openGuestLink(tx, { token, currentConversationId }));

/** A visitor's conversation and the link a reply email gave them. */
async function emailedLink() {
  const guest = { name: "Lena Link", email: uniqueAddress("lena") };
  const { conversation } = await buildConversation(t.context.database.db, { guest });
  return { conversation, link: await buildGuestLink(t.context.database.db, conversation.id) };
}

describe("openGuestLink", () => {
  it("gives the browser a cookie of its own for the conversation", async () => {
    const { conversation, link } = await emailedLink();
    const opened = await open(link);
    expect(opened.conversationId).toBe(conversation.id);
    const cookie = await findGuestToken(
      t.context.database.db,
      opened.cookieToken ?? "",
      "cookie",
      new Date(),
    );
    expect(cookie?.conversation_id).toBe(conversation.id);
  });

  it("works once: opened again in another browser it is 410", async () => {
    const { link } = await emailedLink();
    await open(link);
    await expect(open(link)).rejects.toMatchObject({ status: 410 });
  });

  it("just shows the conversation in the browser that already holds it, spending nothing", async () => {
    const { conversation, link } = await emailedLink();
    expect(await open(link, conversation.id)).toEqual({ conversationId: conversation.id, cookieToken: null });
    expect((await open(link)).conversationId).toBe(conversation.id);
  });

  it("answers 410 for a link that was never issued", async () => {
    await expect(open("not-a-link")).rejects.toMatchObject({ status: 410 });
  });
});
