import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { buildAgent, startGuestChat, uniqueAddress, visitor } from "../../../test/support/support-chat.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { newId } from "../db/ids.ts";

let t: TestApp;
let agent: TestClient;
beforeAll(async () => {
  t = await startTestApp();
  agent = (await buildAgent(t, "Sam Support")).client;
});
afterAll(() => t.close());

type Item = { id: string; status: string; unread: number; person: Record<string, unknown> };

/** Every page of the console's list, in order. */
async function wholeList(client: TestClient, query = ""): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const suffix: string = cursor ? `&cursor=${cursor}` : "";
    const res = await client.get(`/api/support/conversations?limit=2${query}${suffix}`);
    expect(res.status).toBe(200);
    items.push(...res.json.items);
    cursor = res.json.nextCursor;
  } while (cursor);
  return items;
}

describe("who may use the console", () => {
  it("answers 404 to everyone but support agents, on every route", async () => {
    const { db } = t.context.database;
    const guest = visitor(t);
    const id = (await startGuestChat(guest)).json.conversationId;
    const company = await buildCompany(db, { owner: await buildUser(db, { email: uniqueAddress("boss") }) });
    const outsiders = [t.client(), guest, await signedInClient(t, company.owner)];
    for (const client of outsiders) {
      const answers = await Promise.all([
        client.get("/api/support/conversations"),
        client.get(`/api/support/conversations/${id}`),
        client.get(`/api/support/conversations/${id}/messages`),
        client.get(`/api/support/conversations/${id}/context`),
        client.post(`/api/support/conversations/${id}/messages`, { body: "I am support, trust me" }),
        client.post(`/api/support/conversations/${id}/close`),
        client.post(`/api/support/conversations/${id}/reopen`),
        client.post(`/api/support/conversations/${id}/read`, {}),
        client.post(`/api/support/conversations/${id}/contractors/${newId()}/resend-invitation`),
      ]);
      expect(answers.map((a) => a.status)).toEqual(Array(answers.length).fill(404));
    }
    const thread = await agent.get(`/api/support/conversations/${id}`);
    expect(thread.json.messages.items).toHaveLength(1);
    expect(thread.json.conversation.status).toBe("open");
  });

  it("answers 404 for a conversation that does not exist", async () => {
    expect((await agent.get(`/api/support/conversations/${newId()}`)).status).toBe(404);
    expect((await agent.post(`/api/support/conversations/${newId()}/messages`, { body: "x" })).status).toBe(
      404,
    );
  });
});

describe("the console's list", () => {
  it("shows open conversations first, each by its last message, with unread counts and who is writing", async () => {
    // A fresh app: this list holds only the conversations made here.
    const app = await startTestApp();
    try {
      const sam = (await buildAgent(app)).client;
      const owner = await buildUser(app.context.database.db, {
        email: uniqueAddress("owen"),
        name: "Owen Owner",
      });
      const company = await buildCompany(app.context.database.db, { owner, name: "Acme Ltd" });
      const worker = await buildUser(app.context.database.db, {
        email: uniqueAddress("kim"),
        name: "Kim Contractor",
      });
      const other = await buildCompany(app.context.database.db, { name: "Beta LLC" });
      await app.context.database.db
        .insertInto("contractors")
        .values({
          id: newId(),
          company_id: other.id,
          user_id: worker.id,
          status: "invited",
          invited_by: other.owner.id,
          welcome_message: null,
          invited_at: new Date().toISOString(),
          accepted_at: null,
          activated_at: null,
          removed_at: null,
          invitation_email_id: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
          name: "Kim Contractor",
          search_text: "",
        })
        .execute();

      const guestEmail = uniqueAddress("gina");
      const guest = app.client({ ip: "10.1.1.1" });
      const guestId = (await startGuestChat(guest, { name: "Gina Guest", email: guestEmail })).json
        .conversationId;
      const ownerClient = await signedInClient(app, owner);
      const ownerId = (await ownerClient.post("/api/support/messages", { body: "Import question" })).json
        .conversationId;
      await ownerClient.post("/api/support/messages", { body: "Also: billing?" });
      const kimClient = await signedInClient(app, worker);
      const kimId = (await kimClient.post("/api/support/messages", { body: "Cannot see tasks" })).json
        .conversationId;
      expect((await sam.post(`/api/support/conversations/${kimId}/close`)).status).toBe(200);
      await guest.post("/api/support/messages", { body: "Still waiting" });

      const items = await wholeList(sam);
      expect(items.map((i) => i.id)).toEqual([guestId, ownerId, kimId]);
      expect(items.map((i) => [i.status, i.unread])).toEqual([
        ["open", 2],
        ["open", 2],
        ["closed", 1],
      ]);
      expect(items[0]?.person).toEqual({ kind: "guest", name: "Gina Guest", email: guestEmail });
      expect(items[1]?.person).toEqual({
        kind: "user",
        name: "Owen Owner",
        email: owner.email,
        companies: [{ id: company.id, name: "Acme Ltd", role: "owner" }],
        contractorOf: [],
      });
      expect(items[2]?.person).toMatchObject({
        kind: "user",
        name: "Kim Contractor",
        companies: [],
        contractorOf: [{ companyId: other.id, companyName: other.name, status: "invited" }],
      });
      const first = (await sam.get("/api/support/conversations?limit=1")).json.items[0];
      expect(first.lastMessage).toMatchObject({ from: "person", preview: "Still waiting" });

      expect((await wholeList(sam, "&status=closed")).map((i) => i.id)).toEqual([kimId]);
      expect((await wholeList(sam, "&status=open")).map((i) => i.id)).toEqual([guestId, ownerId]);
      expect((await sam.get("/api/support/conversations?cursor=bogus")).status).toBe(400);
      expect((await sam.get("/api/support/conversations?status=deleted")).status).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe("a thread in the console", () => {
  it("shows the messages, takes a reply that the person reads back, and marks the conversation read", async () => {
    const guest = visitor(t);
    const id = (await startGuestChat(guest, { body: "Where is my invitation?" })).json.conversationId;
    await guest.post("/api/support/messages", { body: "<b>urgent</b>" });
    const before = await agent.get(`/api/support/conversations/${id}`);
    expect(before.json.conversation.unread).toBe(2);
    expect(before.json.messages.items.map((m: { body: string }) => m.body)).toEqual([
      "Where is my invitation?",
      "<b>urgent</b>",
    ]);

    const reply = await agent.post(`/api/support/conversations/${id}/messages`, {
      body: "Let me check.\nOne moment.",
    });
    expect(reply.status).toBe(201);
    expect(reply.json).toMatchObject({
      conversationId: id,
      message: { from: "agent", authorName: "Sam Support", body: "Let me check.\nOne moment." },
    });
    // Answering reads the thread.
    expect((await agent.get(`/api/support/conversations/${id}`)).json.conversation.unread).toBe(0);

    const chat = await guest.get("/api/support/chat");
    expect(chat.json.conversation.unread).toBe(1);
    expect(chat.json.messages.items.at(-1)).toMatchObject({ from: "agent", authorName: "Sam Support" });
    const read = await guest.post("/api/support/chat/read", {
      conversationId: id,
      through: reply.json.message.id,
    });
    expect(read.status).toBe(204);
    expect((await guest.get("/api/support/chat")).json.conversation.unread).toBe(0);

    await guest.post("/api/support/messages", { body: "Thanks!" });
    expect((await agent.get(`/api/support/conversations/${id}`)).json.conversation.unread).toBe(1);
    expect((await agent.post(`/api/support/conversations/${id}/read`, {})).status).toBe(204);
    expect((await agent.get(`/api/support/conversations/${id}`)).json.conversation.unread).toBe(0);
    const elsewhere = await agent.post(`/api/support/conversations/${id}/read`, { through: newId() });
    expect(elsewhere.status).toBe(400);
  });

  it("closes and reopens, refusing the move that makes no sense (409 with what is allowed)", async () => {
    const id = (await startGuestChat(visitor(t))).json.conversationId;
    const closed = await agent.post(`/api/support/conversations/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.json).toMatchObject({ id, status: "closed" });
    expect(closed.json.closedAt).toBeTruthy();
    const again = await agent.post(`/api/support/conversations/${id}/close`);
    expect(again.status).toBe(409);
    expect(again.json.allowed).toEqual(["reopen"]);
    const reply = await agent.post(`/api/support/conversations/${id}/messages`, { body: "Hello?" });
    expect(reply.status).toBe(409);
    expect(reply.json.allowed).toEqual(["reopen"]);

    const reopened = await agent.post(`/api/support/conversations/${id}/reopen`);
    expect(reopened.json).toMatchObject({ status: "open", closedAt: null });
    expect((await agent.post(`/api/support/conversations/${id}/reopen`)).status).toBe(409);
    expect((await agent.post(`/api/support/conversations/${id}/messages`, { body: "Hello?" })).status).toBe(
      201,
    );
  });

  it("pages through a long thread, earlier messages last", async () => {
    const user = await buildUser(t.context.database.db, { email: uniqueAddress("chatty") });
    const id = newId();
    const { db } = t.context.database;
    const at = new Date().toISOString();
    await db
      .insertInto("support_conversations")
      .values({
        id,
        user_id: user.id,
        guest_name: null,
        guest_email: null,
        status: "open",
        created_at: at,
        updated_at: at,
        last_message_at: at,
        closed_at: null,
        closed_by: null,
        agent_read_through: null,
        person_read_through: null,
        emailed_through: null,
        reply_email_due_at: null,
      })
      .execute();
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) {
      const mid = newId();
      ids.push(mid);
      await db
        .insertInto("support_messages")
        .values({
          id: mid,
          conversation_id: id,
          author_side: i % 2 ? "agent" : "person",
          author_user_id: null,
          author_name: "x",
          body: `message ${i}`,
          created_at: at,
        })
        .execute();
    }
    const thread = await agent.get(`/api/support/conversations/${id}`);
    expect(thread.json.messages.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(70));
    const earlier = await agent.get(
      `/api/support/conversations/${id}/messages?before=${thread.json.messages.nextCursor}`,
    );
    expect(earlier.json.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(20, 70));
    const first = await agent.get(
      `/api/support/conversations/${id}/messages?before=${earlier.json.nextCursor}`,
    );
    expect(first.json.items.map((m: { id: string }) => m.id)).toEqual(ids.slice(0, 20));
    expect(first.json.nextCursor).toBeNull();
    const mine = await signedInClient(t, user);
    const own = await mine.get(
      `/api/support/chat/messages?conversationId=${id}&before=${thread.json.messages.nextCursor}`,
    );
    expect(own.json.items).toHaveLength(50);
  });
});
