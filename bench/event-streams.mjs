// What keeping live-event streams honest costs: every RECHECK_EVERY_MS (2 s) a node re-reads the sessions
// of all its open streams (alive? which companies now?) in one query per 500 streams
// (src/server/events/streams.ts, src/server/auth/stream-audience.ts). This times one round of that
// re-check for 1 to 5,000 open streams over a populated database: 100,000 sessions of 50,000 users, 20,000
// of them members of a company (a few of two), so the reads hit indexes as large as production's.
//
//   node --import tsx bench/event-streams.mjs          # SQLite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/event-streams.mjs
//
// USERS (default 50000) and ROUNDS (default 30) change the run. The figure per stream count is the median
// round and its 95th percentile; "percentOfPeriod" is the median round's share of the 2-second period:
// the wall time (app and database) one node's re-check takes. On SQLite the query runs on the event loop.
import { readStreamAudiences } from "../src/server/auth/stream-audience.ts";
import { newId } from "../src/server/db/ids.ts";
import { RECHECK_EVERY_MS } from "../src/server/events/streams.ts";
import { openFreshDatabase } from "./lib/app-in-process.mjs";
import { machine, median } from "./lib/bench.mjs";

const users = Number(process.env.USERS ?? 50_000);
const rounds = Number(process.env.ROUNDS ?? 30);
const CHUNK = 500;

const fresh = await openFreshDatabase(process.env.BENCH_DATABASE_URL ? "postgres" : "sqlite");
const { db } = fresh.database;
const figures = [];
try {
  const now = new Date();
  const iso = now.toISOString();
  const expires = new Date(now.getTime() + 30 * 24 * 3600 * 1000).toISOString();
  const companies = Array.from({ length: 2000 }, () => ({ id: newId(), name: "Bench Co", created_at: iso }));
  for (let i = 0; i < companies.length; i += 500)
    await db
      .insertInto("companies")
      .values(companies.slice(i, i + 500))
      .execute();
  const sessionIds = [];
  for (let start = 0; start < users; start += 500) {
    const batch = Array.from({ length: Math.min(500, users - start) }, (_, k) => start + k);
    const userRows = batch.map((i) => ({
      id: newId(),
      email: `user${i}@bench.test`,
      name: `User ${i}`,
      password_hash: null,
      email_verified_at: iso,
      platform_role: null,
      password_changed_at: null,
      created_at: iso,
      updated_at: iso,
    }));
    await db.insertInto("users").values(userRows).execute();
    const sessions = userRows.flatMap((u) =>
      [0, 1].map(() => ({
        id: newId(),
        token_hash: newId() + newId(),
        user_id: u.id,
        created_at: iso,
        last_seen_at: iso,
        expires_at: expires,
      })),
    );
    await db.insertInto("sessions").values(sessions).execute();
    sessionIds.push(...sessions.filter((_, k) => k % 2 === 0).map((s) => s.id));
    const memberships = userRows
      .filter((_, k) => k % 5 < 2)
      .flatMap((u, k) => {
        const first = companies[(start + k) % companies.length];
        const rows = [{ company_id: first.id, user_id: u.id, role: "manager", created_at: iso }];
        if (k % 10 === 0) {
          const second = companies[(start + k + 7) % companies.length];
          rows.push({ company_id: second.id, user_id: u.id, role: "manager", created_at: iso });
        }
        return rows;
      });
    if (memberships.length) await db.insertInto("memberships").values(memberships).execute();
  }
  if (fresh.database.dialect === "postgres") {
    const { sql } = await import("kysely");
    await sql`ANALYZE`.execute(db);
  }

  for (const streams of [1, 100, 500, 1000, 5000]) {
    // Open streams are spread over the table, as users who signed in at different times would be.
    const step = Math.max(1, Math.floor(sessionIds.length / streams));
    const open = Array.from({ length: streams }, (_, i) => sessionIds[(i * step) % sessionIds.length]);
    const times = [];
    let alive = 0;
    for (let r = 0; r < rounds + 3; r++) {
      const started = performance.now();
      alive = 0;
      for (let i = 0; i < open.length; i += CHUNK) {
        const found = await readStreamAudiences(db, open.slice(i, i + CHUNK), new Date());
        alive += found.size;
      }
      if (r >= 3) times.push(performance.now() - started);
    }
    if (alive !== streams) throw new Error(`expected ${streams} live sessions, read ${alive}`);
    const sorted = [...times].sort((a, b) => a - b);
    const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
    figures.push({
      openStreams: streams,
      queriesPerRound: Math.ceil(streams / CHUNK),
      medianRoundMs: Number(median(times).toFixed(2)),
      p95RoundMs: Number(p95.toFixed(2)),
      microsecondsPerStream: Number(((median(times) * 1000) / streams).toFixed(1)),
      percentOfPeriod: Number(((median(times) / RECHECK_EVERY_MS) * 100).toFixed(3)),
    });
  }
} finally {
  await fresh.destroy();
}
console.table(figures);
console.log(
  JSON.stringify(
    { database: fresh.label, users, sessions: users * 2, rounds, machine: machine(), figures },
    null,
    2,
  ),
);
