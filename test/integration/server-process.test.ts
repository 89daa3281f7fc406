import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createSession } from "../../src/server/auth/sessions.ts";
import { openDatabase } from "../../src/server/db/connection.ts";
import { buildUser, GOOD_PASSWORD } from "../support/factories.ts";
import { freePort } from "../support/ports.ts";
import { type ServerProcess, startServerProcess } from "../support/server-process.ts";
import { startSmtpPeer } from "../support/smtp-peer.ts";
import { openEventStream } from "../support/sse.ts";
import { createTestDatabase, type TestDatabase, testDialect } from "../support/test-database.ts";

const running: ServerProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) server.stop();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A database of the dialect under test that nothing has touched yet: the server migrates it itself. */
async function freshDatabaseUrl(): Promise<string> {
  if (testDialect() === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-proc-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    return `sqlite:${path.join(dir, "nested", "crewdesk.sqlite")}`;
  }
  const testDb: TestDatabase = await createTestDatabase("postgres", { migrate: false });
  cleanups.push(() => testDb.destroy());
  return testDb.database.url;
}

async function start(extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const databaseUrl = await freshDatabaseUrl();
  const server = startServerProcess({
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    ...extraEnv,
  });
  running.push(server);
  await server.waitForOutput(/Crewdesk is running at \S+/);
  return { server, port, databaseUrl, base: `http://127.0.0.1:${port}` };
}

// Each test starts a real process (TypeScript compiled on the fly): generous limits for a busy machine.
describe(`the server process (${testDialect()})`, { timeout: 120_000 }, () => {
  it("migrates an empty database, prints its address and the dev mailbox, and answers /api/health", async () => {
    const { server, port, databaseUrl, base } = await start();
    // The two lines may reach us in separate chunks.
    await server.waitForOutput(/Dev mailbox: \S+/);
    expect(server.output()).toContain(
      `Crewdesk is running at http://localhost:${port} (database: ${testDialect()})`,
    );
    expect(server.output()).toContain(`Dev mailbox: http://localhost:${port}/dev/mail`);
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: "ok",
      database: "ok",
      outbox: { queued: 0, oldestQueuedAt: null },
    });
    const database = openDatabase(databaseUrl);
    try {
      const tables = await database.db.introspection.getTables();
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(["users", "outbox_emails", "jobs"]));
    } finally {
      await database.close();
    }
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
  });

  it("refuses to start in production without SMTP_URL, saying why", async () => {
    const server = startServerProcess({
      NODE_ENV: "production",
      PORT: String(await freePort()),
      DATABASE_URL: await freshDatabaseUrl(),
    });
    running.push(server);
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Configuration error: SMTP_URL is required when NODE_ENV=production/);
    expect(server.output()).not.toContain("Crewdesk is running");
  });

  // One SQLite node keeps its own key beside its database; PostgreSQL's nodes must be given one to share.
  it(
    testDialect() === "sqlite"
      ? "in production without SECRETS_KEY, makes a key file beside the database, readable by its user only"
      : "refuses to start in production on PostgreSQL without SECRETS_KEY, saying why",
    async () => {
      const databaseUrl = await freshDatabaseUrl();
      const server = startServerProcess({
        NODE_ENV: "production",
        SMTP_URL: "smtp://127.0.0.1:2525",
        PAYMENTS: "off",
        HOST: "127.0.0.1",
        PORT: String(await freePort()),
        DATABASE_URL: databaseUrl,
      });
      running.push(server);
      if (testDialect() === "postgres") {
        expect(await server.exited).toBe(1);
        expect(server.output()).toMatch(
          /Configuration error: SECRETS_KEY is required when NODE_ENV=production on PostgreSQL/,
        );
        expect(server.output()).not.toContain("Crewdesk is running");
        return;
      }
      await server.waitForOutput(/Crewdesk is running at \S+/);
      const keyFile = path.join(path.dirname(databaseUrl.slice("sqlite:".length)), "secrets.key");
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      expect(Buffer.from(fs.readFileSync(keyFile, "utf8").trim(), "base64")).toHaveLength(32);
      server.child.kill("SIGINT");
      expect(await server.exited).toBe(0);
    },
  );

  it("with WORKERS=off serves requests but sends no email; a node with its workers on sends it", async () => {
    const { port, databaseUrl, base } = await start({ WORKERS: "off" });
    const signUp = await fetch(`${base}/api/auth/sign-up`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: `http://localhost:${port}` },
      body: JSON.stringify({
        accountType: "contractor",
        email: "worker-split@crewdesk.test",
        name: "Sam Split",
        password: GOOD_PASSWORD,
      }),
    });
    expect(signUp.status).toBe(201);
    const database = openDatabase(databaseUrl);
    cleanups.push(() => database.close());
    const statusOfEmail = async () =>
      (
        await database.db
          .selectFrom("outbox_emails")
          .select("status")
          .where("recipient", "=", "worker-split@crewdesk.test")
          .executeTakeFirstOrThrow()
      ).status;
    // The outbox worker polls every 200 ms when it runs: two seconds would have sent it.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await statusOfEmail()).toBe("queued");

    const workerPort = await freePort();
    const workerNode = startServerProcess({
      PORT: String(workerPort),
      HOST: "127.0.0.1",
      DATABASE_URL: databaseUrl,
    });
    running.push(workerNode);
    await workerNode.waitForOutput(/Crewdesk is running at \S+/);
    await expect.poll(statusOfEmail, { timeout: 20_000 }).toBe("sent");
  });

  it("refuses a WORKERS other than on or off, saying why", async () => {
    const server = startServerProcess({
      PORT: String(await freePort()),
      DATABASE_URL: await freshDatabaseUrl(),
      WORKERS: "maybe",
    });
    running.push(server);
    expect(await server.exited).toBe(1);
    expect(server.output()).toMatch(/Configuration error: WORKERS must be "on" or "off", got "maybe"/);
  });

  it("finishes a request in flight when told to stop, then exits 0", async () => {
    const { server, port } = await start();
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("utf8");
    });
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const body = JSON.stringify({ email: "someone@example.com", password: "long enough password" });
    const half = Math.floor(body.length / 2);
    socket.write(
      "POST /api/in-flight HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
    );
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill("SIGTERM");
    await server.waitForOutput(/stopping: finishing in-flight requests/);
    // New connections are no longer taken...
    await new Promise((r) => setTimeout(r, 200));
    expect(answer).toBe("");
    // ...but the request already on its way gets its answer.
    socket.write(body.slice(half));
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 404 /);
    expect(answer).toContain("application/problem+json");
    expect(answer).toContain("No route POST /api/in-flight");
    expect(await server.exited).toBe(0);
  });

  it("stops promptly even with a live event stream open (and has no dev mailbox with SMTP_URL)", async () => {
    const { server, databaseUrl, base } = await start({ SMTP_URL: "smtp://127.0.0.1:1" });
    const database = openDatabase(databaseUrl);
    let token: string;
    try {
      const user = await buildUser(database.db);
      token = await createSession(database.db, user.id);
    } finally {
      await database.close();
    }
    const stream = await openEventStream(base, new Map([["crewdesk_session", token]]));
    try {
      const asked = Date.now();
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      expect(Date.now() - asked).toBeLessThan(5000);
      // Checked once the process is over, so a late line could not slip past.
      expect(server.output()).not.toContain("Dev mailbox");
    } finally {
      stream.close();
    }
  });

  it("carries a request's id from its own log line to the log line of the email it caused", async () => {
    const smtp = await startSmtpPeer();
    cleanups.push(() => smtp.close());
    const { server, port, base } = await start({ SMTP_URL: smtp.url, LOG_LEVEL: "info" });
    const requestId = `sign-up-${Date.now()}`;
    const res = await fetch(`${base}/api/auth/sign-up`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: `http://localhost:${port}`,
        "x-request-id": requestId,
      },
      body: JSON.stringify({
        accountType: "contractor",
        email: "traced@example.com",
        name: "Tracy Traced",
        password: GOOD_PASSWORD,
      }),
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get("x-request-id")).toBe(requestId);
    await smtp.waitFor((m) => m.to.includes("traced@example.com"));
    const [line] = await server.waitForOutput(/^.*"email sent".*$/m);
    const logged = JSON.parse(line) as { reqId: string; template: string; msg: string };
    expect(logged).toMatchObject({ reqId: requestId, msg: "email sent" });
    // The request's own lines carry the same id.
    const requestLines = server
      .output()
      .split("\n")
      .filter((l) => l.includes('"incoming request"'))
      .map((l) => JSON.parse(l) as { reqId: string; req: { url: string } });
    expect(requestLines).toContainEqual(
      expect.objectContaining({
        reqId: requestId,
        req: expect.objectContaining({ url: "/api/auth/sign-up" }),
      }),
    );
  });
});
