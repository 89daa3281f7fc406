import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { listenLocally, openEventStream } from "../../../test/support/sse.ts";
import { buildAgent, startGuestChat, uniqueAddress, visitor } from "../../../test/support/support-chat.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { guestCookieName } from "./guest-cookie.ts";

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  base = await listenLocally(t.app);
});
afterAll(() => t.close());

describe("support messages on /api/events", () => {
  it("lets a visitor without an account hear their own conversation, and nothing else", async () => {
    const { client: agent } = await buildAgent(t);
    const vera = visitor(t);
    const veraId = (await startGuestChat(vera)).json.conversationId;
    const otto = visitor(t);
    const ottoId = (await startGuestChat(otto)).json.conversationId;
    const company = await buildCompany(t.context.database.db);

    const stream = await openEventStream(base, vera.cookies);
    try {
      await agent.post(`/api/support/conversations/${ottoId}/messages`, { body: "For Otto only" });
      await t.context.bus.publish({
        name: "contractor.updated",
        data: { companyId: company.id, refetch: true },
        audience: { companyId: company.id },
      });
      await agent.post(`/api/support/conversations/${veraId}/messages`, { body: "Hello Vera" });
      await agent.post(`/api/support/conversations/${veraId}/close`);

      await stream.waitFor((e) => e.event === "support.conversation.updated");
      expect(stream.events).toEqual([
        {
          event: "support.message",
          data: {
            conversationId: veraId,
            message: expect.objectContaining({ from: "agent", body: "Hello Vera", conversationId: veraId }),
          },
        },
        { event: "support.conversation.updated", data: { conversationId: veraId, status: "closed" } },
      ]);
    } finally {
      stream.close();
    }
  });

  it("refuses a stream to a browser with neither a session nor a conversation", async () => {
    const forged = new Map([[guestCookieName(t.context.config), "made-up"]]);
    await expect(openEventStream(base, forged)).rejects.toThrow("/api/events answered 401");
    await expect(openEventStream(base, new Map())).rejects.toThrow("/api/events answered 401");
  });

  it("brings every person's messages to every agent, and a reply only to its own person", async () => {
    const { db } = t.context.database;
    const agentA = await buildAgent(t, "Ana Agent");
    const agentB = await buildAgent(t, "Ben Agent");
    const user = await buildUser(db, { email: uniqueAddress("uma"), name: "Uma User" });
    const otherUser = await buildUser(db, { email: uniqueAddress("ole") });
    const uma = await signedInClient(t, user);
    const ole = await signedInClient(t, otherUser);

    const streams = await Promise.all([
      openEventStream(base, agentA.client.cookies),
      openEventStream(base, agentB.client.cookies),
      openEventStream(base, uma.cookies),
      openEventStream(base, ole.cookies),
    ]);
    const [onA, onB, onUma, onOle] = streams;
    try {
      const sent = await uma.post("/api/support/messages", { body: "Help me, please" });
      const id = sent.json.conversationId;
      for (const stream of [onA, onB]) {
        const event = await stream?.waitFor((e) => e.event === "support.message");
        expect(event?.data).toEqual(sent.json);
      }
      const reply = await agentA.client.post(`/api/support/conversations/${id}/messages`, { body: "Sure" });
      const heard = await onUma?.waitFor(
        (e) => e.event === "support.message" && e.data.message.from === "agent",
      );
      expect(heard?.data).toEqual(reply.json);
      // Agent B's console learns of the reply and of the read mark it brings (for unread counts).
      await onB?.waitFor((e) => e.event === "support.message" && e.data.message.from === "agent");
      await agentA.client.post(`/api/support/conversations/${id}/read`, {});
      await new Promise((r) => setTimeout(r, 100));
      expect(onOle?.events).toEqual([]);
      // The person's own messages come back to their stream too (another tab shows them).
      expect(onUma?.events.map((e) => e.data.message?.from)).toEqual(["person", "agent"]);
    } finally {
      for (const stream of streams) stream?.close();
    }
  });

  it("stops bringing conversations to an agent within 5 seconds of losing the support role", async () => {
    const { db } = t.context.database;
    const { agent, client } = await buildAgent(t, "Leaving Agent");
    const stream = await openEventStream(base, client.cookies);
    try {
      const first = visitor(t);
      await startGuestChat(first, { body: "Before" });
      await stream.waitFor((e) => e.event === "support.message" && e.data.message.body === "Before");

      await db.updateTable("users").set({ platform_role: null }).where("id", "=", agent.id).execute();
      const started = performance.now();
      // One message after another, until one no longer reaches the former agent.
      for (let n = 0; ; n++) {
        await startGuestChat(visitor(t), { body: `After ${n}` });
        await new Promise((r) => setTimeout(r, 200));
        if (!stream.events.some((e) => e.data.message?.body === `After ${n}`)) break;
        expect(performance.now() - started).toBeLessThan(5000);
      }
      expect(performance.now() - started).toBeLessThan(5000);
      // Still their own stream (their session lives on), only without the conversations.
      expect(stream.ended).toBe(false);
    } finally {
      stream.close();
    }
  });

  it("ends a visitor's stream within 5 seconds of their conversation cookie expiring", async () => {
    const vera = visitor(t);
    const id = (await startGuestChat(vera)).json.conversationId;
    const stream = await openEventStream(base, vera.cookies);
    try {
      await t.context.database.db
        .updateTable("support_guest_tokens")
        .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
        .where("conversation_id", "=", id)
        .where("kind", "=", "cookie")
        .execute();
      const started = performance.now();
      expect(await stream.waitForEnd(5000, started)).toBeLessThan(5000);
      await expect(openEventStream(base, vera.cookies)).rejects.toThrow("/api/events answered 401");
    } finally {
      stream.close();
    }
  });

  it("ends an agent's stream within 5 seconds of signing out", async () => {
    const { client } = await buildAgent(t, "Signing-out Agent");
    const stream = await openEventStream(base, client.cookies);
    try {
      const started = performance.now();
      expect((await client.post("/api/auth/sign-out")).status).toBe(204);
      expect(await stream.waitForEnd(5000, started)).toBeLessThan(5000);
    } finally {
      stream.close();
    }
  });
});
