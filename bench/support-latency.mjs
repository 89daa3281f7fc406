// Delivery latency of a support chat message: a user writes (POST /api/support/messages) while 200 event
// streams are open (199 users and one support agent), and the clock runs until the agent's stream
// (/api/events) has the message. The app runs as production runs it, in a process of its own (workers on;
// on PostgreSQL the LISTEN/NOTIFY bus), on a fresh database; the writers and the streams are this process.
//
//   node --import tsx bench/support-latency.mjs sqlite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/support-latency.mjs postgres
//
// STREAMS (default 200), MESSAGES (default 1000, one at a time), BURSTS (default 100 rounds of CONCURRENT
// messages written at once, CONCURRENT default 10) change the run.
import { createSession } from "../src/server/auth/sessions.ts";
import { openDatabase } from "../src/server/db/connection.ts";
import { buildUser } from "../test/support/factories.ts";
import { startAppProcess } from "./lib/app-process.mjs";
import { cpuMs, machine, report } from "./lib/bench.mjs";
import { freshDatabase } from "./lib/database.mjs";

const dialect = process.argv[2] ?? "sqlite";
const streamCount = Number(process.env.STREAMS ?? 200);
const messageCount = Number(process.env.MESSAGES ?? 1000);
const bursts = Number(process.env.BURSTS ?? 100);
const concurrent = Number(process.env.CONCURRENT ?? 10);

/** An /api/events stream that calls `onEvent(name, data, receivedAt)` for every event it reads. */
async function openStream(url, cookie, onEvent) {
  const controller = new AbortController();
  const res = await fetch(`${url}/api/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`/api/events answered ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  await reader.read(); // the `retry:` line: the subscription exists from here on
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        const blocks = buffer.split("\n\n");
        buffer = blocks.pop() ?? "";
        for (const block of blocks) {
          const name = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (name && data) onEvent(name, JSON.parse(data), at);
        }
      }
    } catch {
      // aborted at the end
    }
  })();
  return () => controller.abort();
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms) => Math.round(ms * 100) / 100;
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

const fresh = await freshDatabase(dialect);
const app = await startAppProcess(fresh.url, {
  // Every writer comes from 127.0.0.1 and writes many messages: the limits would measure themselves.
  RATE_LIMIT_SUPPORT_USER_MAX: "100000",
});
const database = openDatabase(fresh.url);
const closers = [];
try {
  const agent = await buildUser(database.db, {
    email: "agent@bench.test",
    name: "Bench Agent",
    platformRole: "support",
  });
  const writers = [];
  for (let i = 0; i < streamCount - 1; i++) {
    const user = await buildUser(database.db, { email: `user${i}@bench.test`, name: `User ${i}` });
    writers.push(`crewdesk_session=${await createSession(database.db, user.id)}`);
  }
  const agentCookie = `crewdesk_session=${await createSession(database.db, agent.id)}`;

  // The agent's stream resolves the wait of each message by its text.
  const waiting = new Map();
  closers.push(
    await openStream(app.url, agentCookie, (name, data, at) => {
      if (name !== "support.message") return;
      const resolve = waiting.get(data.message.body);
      if (resolve) resolve(at);
    }),
  );
  let userEvents = 0;
  for (const cookie of writers) closers.push(await openStream(app.url, cookie, () => userEvents++));

  /** One message from writer `i`: ms from sending the POST to the agent's stream having it, and the POST's. */
  async function send(i, body) {
    const heard = new Promise((resolve) => waiting.set(body, resolve));
    const start = performance.now();
    const res = await fetch(`${app.url}/api/support/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url, cookie: writers[i % writers.length] },
      body: JSON.stringify({ body }),
    });
    const answered = performance.now();
    if (res.status !== 201)
      throw new Error(`POST /api/support/messages answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    const at = await heard;
    waiting.delete(body);
    return { delivery: at - start, post: answered - start };
  }

  // Warm-up: statements prepared, connections opened.
  for (let i = 0; i < 50; i++) await send(i, `warm-up ${i}`);

  const oneAtATime = { delivery: [], post: [] };
  // The app process's CPU over the one-at-a-time messages: on a machine shared with other work, a steadier
  // figure than the latency (each message: the POST, its transaction, and its event on all 200 streams).
  const cpuBefore = cpuMs(app.child.pid);
  for (let i = 0; i < messageCount; i++) {
    const r = await send(i, `message ${i}`);
    oneAtATime.delivery.push(r.delivery);
    oneAtATime.post.push(r.post);
  }
  const appCpuMsPerMessage = (cpuMs(app.child.pid) - cpuBefore) / messageCount;

  const inBursts = { delivery: [], post: [] };
  for (let round = 0; round < bursts; round++) {
    const results = await Promise.all(
      Array.from({ length: concurrent }, (_, k) => send(round * concurrent + k, `burst ${round}.${k}`)),
    );
    for (const r of results) {
      inBursts.delivery.push(r.delivery);
      inBursts.post.push(r.post);
    }
  }

  report(`support-latency-${dialect}`, {
    database: fresh.label,
    openStreams: closers.length,
    oneAtATime: {
      deliveryToAgent: summary(oneAtATime.delivery),
      postAnswered: summary(oneAtATime.post),
      appCpuMsPerMessage: Math.round(appCpuMsPerMessage * 100) / 100,
    },
    [`${concurrent}AtOnce`]: {
      deliveryToAgent: summary(inBursts.delivery),
      postAnswered: summary(inBursts.post),
    },
    // Each writer's own stream also hears its message (their other tabs show it).
    eventsOnUserStreams: userEvents,
    machine: machine(),
  });
} finally {
  for (const close of closers) close();
  await app.stop();
  await database.close();
  await fresh.drop();
}
