import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testDialect } from "../../../test/support/test-database.ts";
import { type Database, openDatabase } from "../db/connection.ts";
import { newId } from "../db/ids.ts";
import type { JobsTable } from "../db/types.ts";
import { claimDue } from "./claim.ts";

let testDb: TestDatabase;
let nodeA: Database;
let nodeB: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  nodeA = testDb.database;
  // A second, separate connection (pool) to the same database: another worker, as on another node.
  nodeB = openDatabase(nodeA.url);
});
afterAll(async () => {
  await nodeB.close();
  await testDb.destroy();
});

async function queueJobs(count: number, dueAt: Date, kind = "test"): Promise<string[]> {
  const rows: JobsTable[] = Array.from({ length: count }, () => ({
    id: newId(),
    kind,
    payload: "{}",
    status: "queued",
    attempts: 0,
    next_attempt_at: dueAt.toISOString(),
    locked_until: null,
    last_error: null,
    created_at: new Date().toISOString(),
    request_id: null,
  }));
  for (let i = 0; i < rows.length; i += 100) {
    await nodeA.db
      .insertInto("jobs")
      .values(rows.slice(i, i + 100))
      .execute();
  }
  return rows.map((r) => r.id);
}

/** A worker that claims small batches until nothing is due, as the outbox worker does. */
async function drain(database: Database, taken: string[]): Promise<void> {
  for (;;) {
    const batch = await claimDue(database, "jobs", { limit: 7, leaseMs: 60_000 });
    if (batch.length === 0) return;
    for (const row of batch) taken.push(row.id);
  }
}

describe(`job claiming (${testDialect()})`, () => {
  it("gives every due row to exactly one of several workers claiming at once", async () => {
    const ids = await queueJobs(600, new Date(Date.now() - 1000));
    const takenA: string[] = [];
    const takenB: string[] = [];
    // Several concurrent claim loops per node, two nodes with their own connections.
    await Promise.all([
      drain(nodeA, takenA),
      drain(nodeA, takenA),
      drain(nodeB, takenB),
      drain(nodeB, takenB),
      drain(nodeB, takenB),
    ]);
    const all = [...takenA, ...takenB];
    expect(all.length).toBe(ids.length);
    expect(new Set(all).size).toBe(ids.length);
    expect(new Set(all)).toEqual(new Set(ids));
    // Both nodes took part: the rows were shared, not serialised through one worker.
    expect(takenA.length).toBeGreaterThan(0);
    expect(takenB.length).toBeGreaterThan(0);
    const rows = await nodeA.db.selectFrom("jobs").select(["status", "attempts"]).execute();
    expect(rows.every((r) => r.status === "running" && r.attempts === 1)).toBe(true);
    await nodeA.db.deleteFrom("jobs").execute();
  });

  it("leaves rows that are not due yet", async () => {
    const [later] = await queueJobs(1, new Date(Date.now() + 60_000));
    const [now] = await queueJobs(1, new Date(Date.now() - 1));
    const claimed = await claimDue(nodeA, "jobs", { limit: 10, leaseMs: 1000 });
    expect(claimed.map((r) => r.id)).toEqual([now]);
    const row = await nodeA.db
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", String(later))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("queued");
    expect(row.attempts).toBe(0);
    await nodeA.db.deleteFrom("jobs").execute();
  });

  it("takes back a row whose worker's lease ran out, and not before", async () => {
    const [id] = await queueJobs(1, new Date(Date.now() - 1));
    const first = await claimDue(nodeA, "jobs", { limit: 10, leaseMs: 30_000 });
    expect(first.map((r) => r.id)).toEqual([id]);
    // The worker died holding it: while the lease holds, nobody else takes it.
    expect(await claimDue(nodeB, "jobs", { limit: 10, leaseMs: 30_000 })).toEqual([]);
    const afterLease = new Date(Date.now() + 31_000);
    const again = await claimDue(nodeB, "jobs", { limit: 10, leaseMs: 30_000, now: afterLease });
    expect(again.map((r) => [r.id, r.status, r.attempts])).toEqual([[id, "running", 2]]);
    await nodeA.db.deleteFrom("jobs").execute();
  });
});
