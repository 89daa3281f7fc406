import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerOfNewCompany, type RunningApp, startApp, timedRequest } from "../support/faults.ts";
import { repoRoot } from "../support/server-process.ts";

const LOCK_MS = 10_000;
/** The app's SQLite busy_timeout (db/connection.ts). */
const BUSY_TIMEOUT_MS = 2_000;

/** Another process (as a backup would) takes SQLite's write lock, holds it `ms`, then lets go and exits. */
function holdWriteLock(file: string, ms: number) {
  const script = `
    const db = new (require("better-sqlite3"))(process.argv[1]);
    db.exec("BEGIN IMMEDIATE");
    console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); }, Number(process.argv[2]));
  `;
  const child = spawn(process.execPath, ["-e", script, file, String(ms)], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("locked") && resolve());
    child.once("exit", (code) => reject(new Error(`the lock holder exited (${code}) before locking`)));
  });
  const released = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return { locked, released };
}

describe("SQLite's write lock held by another process for 10 s", { timeout: 120_000 }, () => {
  let dir: string;
  let file: string;
  let app: RunningApp;
  let owner: { companyId: string; token: string };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-fault-sqlite-"));
    file = path.join(dir, "crewdesk.sqlite");
    app = await startApp(`sqlite:${file}`);
    owner = await ownerOfNewCompany(`sqlite:${file}`);
  }, 180_000);

  afterAll(() => {
    app?.server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const invite = (email: string) =>
    timedRequest(`${app.base}/api/companies/${owner.companyId}/contractors/invitations`, {
      method: "POST",
      token: owner.token,
      body: { emails: email },
    });

  it("makes a write wait up to the busy timeout, answers 503, then works again once the lock goes, uncorrupted", async () => {
    const lock = holdWriteLock(file, LOCK_MS);
    await lock.locked;
    const lockedAt = performance.now();

    const refused = await invite("while-locked@example.com");
    expect(refused.status).toBe(503);
    expect(refused.contentType).toContain("application/problem+json");
    expect(refused.body).toMatchObject({
      type: "https://crewdesk.dev/problems/database-unavailable",
      status: 503,
    });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // It waited for the lock (its busy timeout), at most behind one worker's own wait (the workers then rest:
    // jobs/poll.ts), and did not hang until the lock went.
    expect(refused.ms).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 100);
    expect(refused.ms).toBeLessThan(2 * BUSY_TIMEOUT_MS + 1_000);
    expect(performance.now() - lockedAt).toBeLessThan(LOCK_MS);

    // Reads do not need the write lock (WAL): the company's list still answers meanwhile.
    const list = await timedRequest(`${app.base}/api/companies/${owner.companyId}/contractors`, {
      token: owner.token,
    });
    expect(list.status).toBe(200);

    await lock.released;
    const accepted = await invite("after-the-lock@example.com");
    expect(accepted.status).toBe(200);
    expect(accepted.body.results).toEqual([expect.objectContaining({ outcome: "invited" })]);

    const check = new SQLite(file, { readonly: true });
    try {
      expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
      const emails = check
        .prepare(
          "SELECT u.email FROM contractors c JOIN users u ON u.id = c.user_id WHERE c.company_id = ? ORDER BY u.email",
        )
        .all(owner.companyId);
      // The refused invitation left nothing behind; the later one is there once.
      expect(emails).toEqual([{ email: "after-the-lock@example.com" }]);
    } finally {
      check.close();
    }
  });
});
