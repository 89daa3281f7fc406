import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, signedInClient } from "../../../test/support/factories.ts";
import type { ReceivedMail } from "../../../test/support/smtp-peer.ts";
import { buildAgent, startGuestChat, uniqueAddress, visitor } from "../../../test/support/support-chat.ts";
import { startTestApp, TEST_APP_URL, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { REPLY_EMAIL_DELAY_MS } from "../../common/support.ts";
import { hashSecret } from "../auth/tokens.ts";
import { guestCookieName } from "./guest-cookie.ts";
import { sendDueReplyEmails } from "./reply-email-worker.ts";

let t: TestApp;
let agent: TestClient;
beforeAll(async () => {
  t = await startTestApp({ SUPPORT_EMAIL: "help@crewdesk.test" });
  agent = (await buildAgent(t, "Sam Support")).client;
});
afterAll(() => t.close());

/** The outbox's queued emails made due now (the worker ran "later", so it queued them for later). */
async function deliverQueuedMail(): Promise<void> {
  await t.context.database.db
    .updateTable("outbox_emails")
    .set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() })
    .where("status", "=", "queued")
    .execute();
  await t.deliverMail();
}

/** The reply-email worker's run at `ms` from now, then the outbox sent to the SMTP peer. */
async function runWorkerIn(ms: number): Promise<number> {
  const queued = await sendDueReplyEmails(t.context, new Date(Date.now() + ms));
  await deliverQueuedMail();
  return queued;
}

const supportMails = (address: string) =>
  t.smtp.mailsTo(address).filter((m) => m.subject.includes("Support"));

function linkOf(mail: ReceivedMail): URL {
  const links = mail.links.filter((l) => l.startsWith(`${TEST_APP_URL}/support?`));
  expect(links).toHaveLength(1);
  return new URL(links[0] ?? "");
}

async function reply(conversationId: string, body: string) {
  const res = await agent.post(`/api/support/conversations/${conversationId}/messages`, { body });
  expect(res.status).toBe(201);
  return res.json.message as { id: string };
}

describe("replies by email", () => {
  it("emails a signed-in user a reply still unread two minutes later, once, with a link back to the conversation", async () => {
    const user = await buildUser(t.context.database.db, { email: uniqueAddress("ulla"), name: "Ulla User" });
    const client = await signedInClient(t, user);
    const id = (await client.post("/api/support/messages", { body: "Question" })).json.conversationId;
    await reply(id, "First answer <with markup>");
    await reply(id, "Second answer");

    expect(await runWorkerIn(REPLY_EMAIL_DELAY_MS - 5_000)).toBe(0);
    expect(await runWorkerIn(REPLY_EMAIL_DELAY_MS + 1_000)).toBe(1);
    const [mail, ...more] = supportMails(user.email);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe("Crewdesk Support replied (2 messages)");
    expect(mail?.text).toContain("> First answer <with markup>");
    expect(mail?.text).toContain("> Second answer");
    expect(mail?.html).toContain("First answer &lt;with markup&gt;");
    expect(mail?.text).toContain("help@crewdesk.test");
    const link = mail ? linkOf(mail) : null;
    expect(link?.searchParams.get("conversation")).toBe(id);
    expect(link?.searchParams.has("token")).toBe(false);

    // Nothing more until there is something new; then only the new reply.
    expect(await runWorkerIn(REPLY_EMAIL_DELAY_MS * 3)).toBe(0);
    await reply(id, "Third answer");
    expect(await runWorkerIn(REPLY_EMAIL_DELAY_MS + 1_000)).toBe(1);
    const latest = supportMails(user.email)[1];
    expect(latest?.subject).toBe("Crewdesk Support replied");
    expect(latest?.text).toContain("> Third answer");
    expect(latest?.text).not.toContain("Second answer");
  });

  it("does not email a user who read the reply in time", async () => {
    const user = await buildUser(t.context.database.db, { email: uniqueAddress("reader") });
    const client = await signedInClient(t, user);
    const id = (await client.post("/api/support/messages", { body: "Question" })).json.conversationId;
    const answer = await reply(id, "Answer");
    expect(
      (await client.post("/api/support/chat/read", { conversationId: id, through: answer.id })).status,
    ).toBe(204);
    expect(await runWorkerIn(REPLY_EMAIL_DELAY_MS + 1_000)).toBe(0);
    expect(supportMails(user.email)).toEqual([]);
  });

  it("always emails a visitor, with a link that opens the conversation once, in the browser that opens it", async () => {
    const vera = visitor(t);
    const email = uniqueAddress("vera");
    const id = (await startGuestChat(vera, { name: "Vera Visitor", email })).json.conversationId;
    const answer = await reply(id, "Here is what to do");
    // Read live in the panel: a visitor gets the email all the same (their copy, and their way back).
    await vera.post("/api/support/chat/read", { conversationId: id, through: answer.id });
    expect(await runWorkerIn(REPLY_EMAIL_DELAY_MS + 1_000)).toBe(1);
    const [mail] = supportMails(email);
    expect(mail?.text).toContain("Hello Vera Visitor");
    const token = mail ? linkOf(mail).searchParams.get("token") : null;
    expect(token).toBeTruthy();
    const stored = await t.context.database.db
      .selectFrom("support_guest_tokens")
      .select(["token_hash", "kind"])
      .where("conversation_id", "=", id)
      .where("kind", "=", "link")
      .execute();
    expect(stored).toEqual([{ token_hash: hashSecret(token ?? ""), kind: "link" }]);

    // Another device: the link gives it the conversation (and a cookie of its own).
    const phone = visitor(t);
    const opened = await phone.post("/api/support/guest-link", { token });
    expect(opened.status).toBe(200);
    expect(opened.json.conversation.id).toBe(id);
    expect(opened.json.you).toEqual({ kind: "guest", name: "Vera Visitor", email });
    expect(opened.json.messages.items.map((m: { body: string }) => m.body)).toContain("Here is what to do");
    expect(phone.cookies.get(guestCookieName(t.context.config))).toBeTruthy();
    expect(
      (await phone.post("/api/support/messages", { body: "Thanks, from my phone" })).json.conversationId,
    ).toBe(id);
    // The same link again: fine in the browser that holds the conversation, dead anywhere else.
    expect((await phone.post("/api/support/guest-link", { token })).status).toBe(200);
    const replay = await visitor(t).post("/api/support/guest-link", { token });
    expect(replay.status).toBe(410);
    expect(replay.json.detail).toContain("help@crewdesk.test");
    expect((await visitor(t).post("/api/support/guest-link", { token: "forged" })).status).toBe(410);
  });

  it("sends each email once when two nodes run the worker at the same moment", async () => {
    const email = uniqueAddress("twice");
    const id = (await startGuestChat(visitor(t), { email })).json.conversationId;
    await reply(id, "Only once, please");
    const at = new Date(Date.now() + REPLY_EMAIL_DELAY_MS + 1_000);
    const counts = await Promise.all([sendDueReplyEmails(t.context, at), sendDueReplyEmails(t.context, at)]);
    expect(counts[0] + counts[1]).toBe(1);
    await deliverQueuedMail();
    expect(supportMails(email)).toHaveLength(1);
  });
});

describe("reply links and the allowance of emailed links", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ RATE_LIMIT_LINKS_IP_MAX: "2", RATE_LIMIT_LINKS_IP_WINDOW_SECONDS: "600" });
  });
  afterAll(() => limited.close());

  it("counts opening a reply link with the address's other emailed links: 429 with Retry-After past them", async () => {
    const client = limited.client({ ip: "198.51.100.77" });
    expect((await client.post("/api/auth/tokens/inspect", { token: "dead-link" })).status).toBe(410);
    expect((await client.post("/api/support/guest-link", { token: "dead-link" })).status).toBe(410);
    const refused = await client.post("/api/support/guest-link", { token: "dead-link" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // Another address is not affected.
    const other = limited.client({ ip: "198.51.100.78" });
    expect((await other.post("/api/support/guest-link", { token: "dead-link" })).status).toBe(410);
  });
});
