import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { buildAgent, startGuestChat, uniqueAddress, visitor } from "../../../test/support/support-chat.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { MAX_SUPPORT_MESSAGE_LENGTH, SUPPORT_MESSAGES } from "../../common/support.ts";
import { hashSecret } from "../auth/tokens.ts";
import { transact } from "../kernel/transaction.ts";
import { guestCookieName } from "./guest-cookie.ts";
import { sendSupportMessage } from "./send-message.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    RATE_LIMIT_SUPPORT_IP_MAX: "6",
    RATE_LIMIT_SUPPORT_EMAIL_MAX: "4",
    RATE_LIMIT_SUPPORT_USER_MAX: "5",
  });
});
afterAll(() => t.close());

const cookieName = () => guestCookieName(t.context.config);

describe("a visitor's chat", () => {
  it("asks a visitor for their name and email before the first message, and keeps nothing", async () => {
    const client = visitor(t);
    const res = await client.post("/api/support/messages", { body: "Hello?" });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { field: "guestName", message: SUPPORT_MESSAGES.guestNameRequired },
      { field: "guestEmail", message: SUPPORT_MESSAGES.guestEmailRequired },
    ]);
    const bad = await client.post("/api/support/messages", {
      body: "Hi",
      guestName: "Vera",
      guestEmail: "vera@",
    });
    expect(bad.json.errors).toEqual([{ field: "guestEmail", message: SUPPORT_MESSAGES.guestEmailInvalid }]);
    expect(client.cookies.size).toBe(0);
    expect((await client.get("/api/support/chat")).json.conversation).toBeNull();
  });

  it("starts a conversation that the visitor's browser keeps in an httpOnly cookie, and shows it again after a reload", async () => {
    const client = visitor(t);
    const email = uniqueAddress("Vera");
    const first = await startGuestChat(client, {
      name: "  Vera   Visitor ",
      email: ` ${email.toUpperCase()} `,
    });
    expect(first.status).toBe(201);
    expect(first.json.message).toMatchObject({
      from: "person",
      authorName: "Vera Visitor",
      body: "My invitation never came.",
      conversationId: first.json.conversationId,
    });
    const setCookie = String(first.headers["set-cookie"]);
    expect(setCookie).toContain(`${cookieName()}=`);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const second = await client.post("/api/support/messages", { body: "I checked spam too." });
    expect(second.status).toBe(201);
    expect(second.json.conversationId).toBe(first.json.conversationId);

    // A reload: the same browser (cookie) reads the conversation back.
    const chat = await client.get("/api/support/chat");
    expect(chat.status).toBe(200);
    expect(chat.json).toMatchObject({
      supportEmail: "support@localhost",
      you: { kind: "guest", name: "Vera Visitor", email: email.toLowerCase() },
      conversation: { id: first.json.conversationId, status: "open", unread: 0 },
    });
    expect(chat.json.messages.items.map((m: { body: string }) => m.body)).toEqual([
      "My invitation never came.",
      "I checked spam too.",
    ]);
  });

  it("stores the visitor's token only as a hash", async () => {
    const client = visitor(t);
    const res = await startGuestChat(client);
    const secret = client.cookies.get(cookieName()) ?? "";
    expect(secret.length).toBeGreaterThan(40);
    const rows = await t.context.database.db
      .selectFrom("support_guest_tokens")
      .selectAll()
      .where("conversation_id", "=", res.json.conversationId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(hashSecret(secret));
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it("never lets a visitor read or write another conversation: 404", async () => {
    const owner = visitor(t);
    const theirs = (await startGuestChat(owner, { body: "Private matter" })).json.conversationId;
    const stranger = visitor(t);
    await startGuestChat(stranger, { body: "My own question" });

    for (const client of [stranger, visitor(t)]) {
      expect((await client.get(`/api/support/chat?conversationId=${theirs}`)).status).toBe(404);
      expect((await client.get(`/api/support/chat/messages?conversationId=${theirs}`)).status).toBe(404);
      const write = await client.post("/api/support/messages", {
        body: "Let me in",
        conversationId: theirs,
        guestName: "Mallory",
        guestEmail: "mallory@mail.test",
      });
      expect(write.status).toBe(404);
      expect((await client.post("/api/support/chat/read", { conversationId: theirs })).status).toBe(404);
    }
    // A forged cookie is no one's.
    const forger = visitor(t);
    forger.cookies.set(cookieName(), "not-a-real-token");
    expect((await forger.get("/api/support/chat")).json.conversation).toBeNull();
    const { db } = t.context.database;
    const bodies = await db
      .selectFrom("support_messages")
      .select("body")
      .where("conversation_id", "=", theirs)
      .execute();
    expect(bodies.map((b) => b.body)).toEqual(["Private matter"]);
  });

  it("refuses a change carried by the visitor's cookie from another site (Origin check)", async () => {
    const client = visitor(t);
    const id = (await startGuestChat(client)).json.conversationId;
    for (const origin of ["https://evil.example", null]) {
      const elsewhere = t.client({ origin });
      elsewhere.cookies.set(cookieName(), client.cookies.get(cookieName()) ?? "");
      const forged = await elsewhere.post("/api/support/messages", { body: "sent by evil.example" });
      expect(forged.status).toBe(403);
    }
    const chat = await client.get(`/api/support/chat?conversationId=${id}`);
    expect(chat.json.messages.items).toHaveLength(1);
  });
});

describe("what a message may hold", () => {
  it("keeps the text exactly as text: markup is neither run nor removed", async () => {
    const client = visitor(t);
    const body = `<img src=x onerror="alert(1)"> & <b>bold</b>\n\tsecond line`;
    const res = await startGuestChat(client, { body });
    expect(res.json.message.body).toBe(body);
    expect(String(res.headers["content-type"])).toMatch(/^application\/json/);
    expect((await client.get("/api/support/chat")).json.messages.items[0].body).toBe(body);
  });

  it("takes 4,000 characters (emoji count as one) and refuses 4,001, an empty message and control characters", async () => {
    const client = visitor(t);
    await startGuestChat(client);
    const exactly = `${"😀".repeat(10)}${"a".repeat(MAX_SUPPORT_MESSAGE_LENGTH - 10)}`;
    expect((await client.post("/api/support/messages", { body: exactly })).status).toBe(201);
    const over = await client.post("/api/support/messages", { body: `${exactly}b` });
    expect(over.status).toBe(400);
    expect(over.json.errors[0].field).toBe("body");
    const empty = await client.post("/api/support/messages", { body: " \n\t " });
    expect(empty.json.errors).toEqual([{ field: "body", message: SUPPORT_MESSAGES.emptyBody }]);
    const nul = await client.post("/api/support/messages", { body: "zero\u0000byte" });
    expect(nul.json.errors).toEqual([{ field: "body", message: SUPPORT_MESSAGES.controlCharacters }]);
    const chat = await client.get("/api/support/chat");
    expect(chat.json.messages.items).toHaveLength(2);
  });
});

describe("rate limits", () => {
  it("limits a visitor's messages per IP address, with Retry-After", async () => {
    // The limit is 6 per IP: each from a different address, so only the IP counts.
    for (let i = 0; i < 6; i++) {
      const other = t.client({ ip: "10.77.0.1" });
      const res = await startGuestChat(other, { email: uniqueAddress(`ip${i}`) });
      expect(res.status).toBe(201);
    }
    const refused = await startGuestChat(t.client({ ip: "10.77.0.1" }), { email: uniqueAddress("ip-last") });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("limits a visitor's messages per email address, whatever the IP", async () => {
    const email = uniqueAddress("same");
    for (let i = 0; i < 4; i++) expect((await startGuestChat(visitor(t), { email })).status).toBe(201);
    const refused = await startGuestChat(visitor(t), { email: email.toUpperCase() });
    expect(refused.status).toBe(429);
    const { db } = t.context.database;
    const count = await db
      .selectFrom("support_conversations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("guest_email", "=", email)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(4);
  });

  it("limits a signed-in user's messages", async () => {
    const user = await buildUser(t.context.database.db, { email: uniqueAddress("busy") });
    const client = await signedInClient(t, user);
    for (let i = 0; i < 5; i++)
      expect((await client.post("/api/support/messages", { body: `n${i}` })).status).toBe(201);
    expect((await client.post("/api/support/messages", { body: "one more" })).status).toBe(429);
  });
});

describe("a signed-in user's chat", () => {
  it("writes as the account, keeps one conversation, and another user cannot read it (404)", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db, {
      owner: await buildUser(db, { email: uniqueAddress("olga"), name: "Olga Owner" }),
    });
    const client = await signedInClient(t, company.owner);
    const first = await client.post("/api/support/messages", {
      body: "How do I import tasks?",
      // Ignored for a signed-in user: they write as their account.
      guestName: "Someone Else",
      guestEmail: "someone@else.test",
    });
    expect(first.status).toBe(201);
    expect(first.json.message.authorName).toBe("Olga Owner");
    const second = await client.post("/api/support/messages", { body: "Found it, thanks" });
    expect(second.json.conversationId).toBe(first.json.conversationId);
    expect(client.cookies.has(cookieName())).toBe(false);
    const chat = await client.get("/api/support/chat");
    expect(chat.json.you).toEqual({ kind: "user", name: "Olga Owner", email: company.owner.email });
    expect(chat.json.messages.items).toHaveLength(2);

    const other = await signedInClient(t, await buildUser(db, { email: uniqueAddress("other") }));
    const id = first.json.conversationId;
    expect((await other.get(`/api/support/chat?conversationId=${id}`)).status).toBe(404);
    expect((await other.post("/api/support/messages", { body: "x", conversationId: id })).status).toBe(404);
    expect((await other.get("/api/support/chat")).json.conversation).toBeNull();
  });

  it("reopens a closed conversation when the person writes again", async () => {
    const user = await buildUser(t.context.database.db, { email: uniqueAddress("again") });
    const client = await signedInClient(t, user);
    const id = (await client.post("/api/support/messages", { body: "First question" })).json.conversationId;
    const { client: agent } = await buildAgent(t);
    expect((await agent.post(`/api/support/conversations/${id}/close`)).json.status).toBe("closed");
    expect((await client.get("/api/support/chat")).json.conversation.status).toBe("closed");
    const again = await client.post("/api/support/messages", { body: "One more thing" });
    expect(again.json.conversationId).toBe(id);
    expect((await client.get("/api/support/chat")).json.conversation.status).toBe("open");
  });

  it("sends support agents to their console instead of the chat", async () => {
    const { client } = await buildAgent(t);
    const res = await client.post("/api/support/messages", { body: "Hello" });
    expect(res.status).toBe(403);
  });

  it("rolls a refused message back whole: no conversation is left behind", async () => {
    const user = await buildUser(t.context.database.db, { email: uniqueAddress("rollback") });
    const person = { kind: "user", userId: user.id, name: user.name, email: user.email } as const;
    await expect(
      transact(t.context, async (tx) => {
        await sendSupportMessage(tx, person, { body: "Will be undone" });
        throw new Error("the request failed later");
      }),
    ).rejects.toThrow("the request failed later");
    const rows = await t.context.database.db
      .selectFrom("support_conversations")
      .select("id")
      .where("user_id", "=", user.id)
      .execute();
    expect(rows).toEqual([]);
  });
});
