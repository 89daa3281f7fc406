import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PostgresCluster, startPostgresCluster } from "../../scripts/lib/postgres-cluster.mjs";
import {
  ownerOfNewCompany,
  type RunningApp,
  startApp,
  type TimedAnswer,
  timedRequest,
  waitUntil,
} from "../support/faults.ts";
import { openEventStream } from "../support/sse.ts";

/** The app's pg pool waits this long for a connection before the request fails (db/connection.ts). */
const CONNECT_TIMEOUT_MS = 3_000;
/** A refused request answers within this: the connection wait, and a little for a busy machine. */
const FAST_MS = CONNECT_TIMEOUT_MS + 1_500;
const MAX_CONNECTIONS = 20;

/** What a client sees while the database cannot serve: a problem document, fast, and when to come back. */
function expectUnavailable(answer: TimedAnswer): void {
  expect(answer.status).toBe(503);
  expect(answer.contentType).toContain("application/problem+json");
  expect(answer.body).toMatchObject({
    type: "https://crewdesk.dev/problems/database-unavailable",
    status: 503,
  });
  expect(Number(answer.retryAfter)).toBeGreaterThan(0);
  expect(answer.ms).toBeLessThan(FAST_MS);
}

// A throwaway cluster of the suite's own (never the shared server), small enough to exhaust.
describe("PostgreSQL restarted or out of connections", { timeout: 240_000 }, () => {
  let cluster: PostgresCluster;
  let app: RunningApp;
  let owner: { companyId: string; token: string };
  const contractors = () =>
    timedRequest(`${app.base}/api/companies/${owner.companyId}/contractors`, { token: owner.token });

  beforeAll(async () => {
    // Commits reach the operating system before they are acknowledged, as on a real server: a crash of
    // PostgreSQL (the immediate stop) loses no committed row.
    cluster = await startPostgresCluster({ maxConnections: MAX_CONNECTIONS, crashSafe: true });
    app = await startApp(cluster.url);
    owner = await ownerOfNewCompany(cluster.url);
  }, 180_000);

  afterAll(() => {
    app?.server.stop();
    cluster?.remove();
  });

  it("answers 503 fast while PostgreSQL restarts under load, and recovers without restarting the app", async () => {
    expect((await contractors()).status).toBe(200);
    const answers: TimedAnswer[] = [];
    let loading = true;
    // Four clients asking one after another, as long as the test runs.
    const load = Array.from({ length: 4 }, async () => {
      while (loading) answers.push(await contractors());
    });
    await new Promise((r) => setTimeout(r, 1_000));

    cluster.stop("immediate");
    const stoppedAt = answers.length;
    await new Promise((r) => setTimeout(r, 5_000));
    const whileDown = answers.slice(stoppedAt + 4); // the requests in flight at the stop may have finished
    // The health probe a load balancer polls says so: 503, the database unreachable, without waiting long.
    const health = await timedRequest(`${app.base}/api/health`);
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: "unavailable", database: "unreachable" });
    expect(health.ms).toBeLessThan(FAST_MS);
    cluster.start();
    const startedAt = answers.length;
    await waitUntil(
      "a request served after the restart",
      async () => answers.slice(startedAt).some((a) => a.status === 200),
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    loading = false;
    await Promise.all(load);

    expect(whileDown.length).toBeGreaterThan(4);
    for (const answer of whileDown) expectUnavailable(answer);
    // Every answer of the whole run was served or refused, fast: none failed otherwise, none hung.
    for (const answer of answers) {
      expect([200, 503]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(FAST_MS);
    }
    // Recovered by itself: the last answers are served again.
    expect(answers.slice(-4).map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(app.server.child.exitCode).toBeNull();
    const healthy = await timedRequest(`${app.base}/api/health`);
    expect(healthy.status).toBe(200);
    expect(healthy.body).toMatchObject({ status: "ok", database: "ok" });

    // Live events too: the node's LISTEN connection, lost with the server, is opened again by itself, so a
    // change made now reaches a stream opened now (the event goes through PostgreSQL's NOTIFY).
    const stream = await openEventStream(app.base, new Map([["crewdesk_session", owner.token]]));
    try {
      await waitUntil(
        "an invitation's event on the live stream after the restart",
        async () => {
          const invited = await timedRequest(
            `${app.base}/api/companies/${owner.companyId}/contractors/invitations`,
            {
              method: "POST",
              token: owner.token,
              body: { emails: `after-restart-${Date.now()}@example.com` },
            },
          );
          expect(invited.status).toBe(200);
          return stream
            .waitFor((event) => event.event === "contractor.updated", 2_000)
            .then(() => true)
            .catch(() => false);
        },
        30_000,
      );
    } finally {
      stream.close();
    }
  });

  it("answers 503 fast while another client holds every connection, and recovers when they free up", async () => {
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    const hogs: pg.Client[] = [admin];
    const takeEveryConnection = async () => {
      for (;;) {
        const client = new pg.Client({ connectionString: cluster.url });
        try {
          await client.connect();
        } catch (error) {
          expect((error as { code?: string }).code).toBe("53300"); // too many clients
          return;
        }
        hogs.push(client);
      }
    };
    try {
      // The app's pooled connections are taken from it too (as a restart of its backends would), and their
      // places filled, until the app holds none and none is free.
      // Every other backend (the app's, its bus's, one still starting up) is terminated and its place taken,
      // until only the test's connections remain and none is free.
      const others = async () => {
        const ours = hogs.map((client) => (client as unknown as { processID: number }).processID);
        const { rows } = await admin.query(
          "SELECT pid FROM pg_stat_activity WHERE backend_type = 'client backend' AND NOT (pid = ANY($1))",
          [ours],
        );
        return rows.map((row: { pid: number }) => row.pid);
      };
      await waitUntil(
        "every connection held by the test",
        async () => {
          await admin.query("SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid", [
            await others(),
          ]);
          // Terminating is asynchronous: wait for the backends to be gone before taking their places.
          await waitUntil("the other backends gone", async () => (await others()).length === 0, 5_000);
          await takeEveryConnection();
          return (await others()).length === 0;
        },
        30_000,
      );
      expect(hogs.length).toBeGreaterThanOrEqual(MAX_CONNECTIONS - 5);

      expectUnavailable(await contractors());
      expectUnavailable(await contractors());
    } finally {
      await Promise.all(hogs.map((client) => client.end().catch(() => {})));
    }
    const recovered = await contractors();
    expect(recovered.status).toBe(200);
    expect(recovered.ms).toBeLessThan(FAST_MS);
    expect(app.server.child.exitCode).toBeNull();
  });
});
