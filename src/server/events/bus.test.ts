import net from "node:net";
import { describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { listenLocally, openEventStream } from "../../../test/support/sse.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { testDialect } from "../../../test/support/test-database.ts";
import type { EventName } from "../../common/events.ts";
import { type AppEvent, type Audience, createInProcessBus, createPostgresBus, type EventBus } from "./bus.ts";

const t = setUpTestApp();

function collect(bus: EventBus): AppEvent[] {
  const received: AppEvent[] = [];
  bus.subscribe((event) => received.push(event));
  return received;
}

async function until<T>(read: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An event with a small stand-in payload: these tests check how the bus carries data, not what it is. */
const event = (name: EventName, data: object, audience: Audience): AppEvent =>
  ({ name, data, audience }) as AppEvent;

const contractorEvent = (companyId: string, name: string): AppEvent =>
  event("contractor.updated", { companyId, contractor: { id: `c-${name}`, name } }, { companyId });

/** Two app nodes' buses on the test's PostgreSQL database, closed after `work`. */
async function onTwoNodes(work: (nodeA: EventBus, nodeB: EventBus) => Promise<void>): Promise<void> {
  const nodeA = await createPostgresBus(t.context.database.url);
  const nodeB = await createPostgresBus(t.context.database.url);
  try {
    await work(nodeA, nodeB);
  } finally {
    await nodeA.close();
    await nodeB.close();
  }
}

describe("event bus", () => {
  it("delivers a published event to every subscriber of the node", async () => {
    const bus = t.context.bus;
    const a = collect(bus);
    const b = collect(bus);
    await bus.publish(contractorEvent("company-1", "Ada"));
    const got = await until(() => (a.length && b.length ? [a[0], b[0]] : undefined));
    expect(got[0]?.data).toEqual({ companyId: "company-1", contractor: { id: "c-Ada", name: "Ada" } });
    expect(got[1]?.audience).toEqual({ companyId: "company-1" });
  });

  // Dialect-specific behaviour is only defined where it applies (never reported as skipped).
  if (testDialect() === "sqlite")
    it("stays inside the process on SQLite", async () => {
      const one = createInProcessBus();
      const two = createInProcessBus();
      const onTwo = collect(two);
      await one.publish(contractorEvent("company-1", "Ada"));
      await new Promise((r) => setTimeout(r, 50));
      expect(onTwo).toEqual([]);
    });

  if (testDialect() === "postgres")
    it("crosses nodes through PostgreSQL: published on one, received on the other", () =>
      onTwoNodes(async (nodeA, nodeB) => {
        const onA = collect(nodeA);
        const onB = collect(nodeB);
        await nodeA.publish(contractorEvent("company-1", "Grace"));
        await nodeA.publish(event("task.updated", { n: 2 }, { userIds: ["u-1"] }));
        await until(() => (onB.length === 2 ? true : undefined));
        expect(onB.map((e) => e.name)).toEqual(["contractor.updated", "task.updated"]);
        expect(onB[0]?.data).toEqual({
          companyId: "company-1",
          contractor: { id: "c-Grace", name: "Grace" },
        });
        expect(onB[1]?.audience).toEqual({ userIds: ["u-1"] });
        await until(() => (onA.length === 2 ? true : undefined));
      }));

  it("carries internal signals apart from events: no event subscriber (no browser) ever sees one", async () => {
    const bus = t.context.bus;
    const events = collect(bus);
    const signals: unknown[] = [];
    const stop = bus.onSignal((signal) => signals.push(signal));
    try {
      await bus.signal({ name: "session.ended", userId: "u-7" });
      await until(() => (signals.length ? true : undefined));
      expect(signals).toEqual([{ name: "session.ended", userId: "u-7" }]);
      expect(events).toEqual([]);
    } finally {
      stop();
    }
  });

  if (testDialect() === "postgres")
    it("sends a signal to every node through PostgreSQL", () =>
      onTwoNodes(async (nodeA, nodeB) => {
        const onB: unknown[] = [];
        nodeB.onSignal((signal) => onB.push(signal));
        const eventsOnB = collect(nodeB);
        await nodeA.signal({ name: "session.ended", userId: "u-9" });
        await until(() => (onB.length ? true : undefined));
        expect(onB).toEqual([{ name: "session.ended", userId: "u-9" }]);
        expect(eventsOnB).toEqual([]);
      }));

  if (testDialect() === "postgres")
    it("fails its start loudly when the first LISTEN fails, and does not keep trying behind it", async () => {
      // A server that takes each connection and drops it at once: PostgreSQL unreachable at start-up.
      const sockets: net.Socket[] = [];
      const server = net.createServer((socket) => {
        sockets.push(socket);
        socket.destroy();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as net.AddressInfo;
      try {
        await expect(createPostgresBus(`postgres://postgres@127.0.0.1:${port}/postgres`)).rejects.toThrow();
        // The first retry would come after half a second; none comes.
        await new Promise((r) => setTimeout(r, 2_000));
        expect(sockets).toHaveLength(1);
      } finally {
        server.close();
      }
    });

  if (testDialect() === "postgres")
    it("turns an event too large for NOTIFY into a request to refetch", () =>
      onTwoNodes(async (nodeA, nodeB) => {
        const onB = collect(nodeB);
        await nodeA.publish(
          event("import.updated", { blob: "x".repeat(20_000) }, { companyId: "company-9" }),
        );
        const received = await until(() => onB[0]);
        expect(received.data).toEqual({ refetch: true, companyId: "company-9" });
      }));
});

describe("/api/events", () => {
  it("asks for sign-in when there is no session", async () => {
    const res = await t.client().get("/api/events");
    expect(res.status).toBe(401);
    expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  });

  it("delivers the events of the caller's companies and their own, and nobody else's", async () => {
    const { db } = t.context.database;
    const companyA = await buildCompany(db, { name: "Alpha" });
    const companyB = await buildCompany(db, { name: "Beta" });
    const outsider = await buildUser(db);
    const base = await listenLocally(t.app);
    const member = await signedInClient(t, companyA.owner);
    const stream = await openEventStream(base, member.cookies);
    const other = await openEventStream(base, (await signedInClient(t, companyB.owner)).cookies);
    try {
      const { bus } = t.context;
      await bus.publish(contractorEvent(companyB.id, "Bea"));
      await bus.publish(event("task.updated", { task: "for outsider" }, { userIds: [outsider.id] }));
      await bus.publish(event("task.updated", { task: "mine" }, { userIds: [companyA.owner.id] }));
      await bus.publish(contractorEvent(companyA.id, "Ann"));

      await stream.waitFor((e) => e.event === "contractor.updated");
      expect(stream.events).toEqual([
        { event: "task.updated", data: { task: "mine" } },
        {
          event: "contractor.updated",
          data: { companyId: companyA.id, contractor: { id: "c-Ann", name: "Ann" } },
        },
      ]);
      await other.waitFor((e) => e.event === "contractor.updated");
      expect(other.events).toEqual([
        {
          event: "contractor.updated",
          data: { companyId: companyB.id, contractor: { id: "c-Bea", name: "Bea" } },
        },
      ]);
    } finally {
      stream.close();
      other.close();
    }
  });
});
