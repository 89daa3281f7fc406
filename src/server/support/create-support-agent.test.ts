import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { uniqueAddress } from "../../../test/support/support-chat.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { createSupportAgent } from "./create-support-agent.ts";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** `npm run cli -- …` as an operator types it, against the test's database. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npm", ["run", "-s", "cli", "--", ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: t.context.database.url, APP_URL: t.context.config.appUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("npm run cli -- create-support-agent", () => {
  it("creates an agent who chooses a password through the emailed link and then reads the console", async () => {
    const email = uniqueAddress("Ann.Agent");
    const result = await cli("create-support-agent", email, "--name", "Ann Agent");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created support agent ${email.toLowerCase()}`);

    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(email.toLowerCase()));
    expect(mail.subject).toBe("You are a Crewdesk support agent");
    expect(mail.text).toContain("Hello Ann Agent");
    const token = tokenIn(mail, "/set-password");

    const browser = t.client();
    const signedIn = await browser.post("/api/auth/set-password", {
      token,
      password: "a long and unusual passphrase 42",
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.json).toMatchObject({
      email: email.toLowerCase(),
      platformRole: "support",
      emailVerified: true,
    });
    expect((await browser.get("/api/support/conversations")).status).toBe(200);
    const me = await browser.get("/api/me");
    expect(me.json).toMatchObject({ companies: [], contractorOf: [] });
  });

  it("explains a wrong address and an unknown command, and changes nothing", async () => {
    const bad = await cli("create-support-agent", "not-an-address");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('"not-an-address" is not a valid email address.');
    const missing = await cli("create-support-agent");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Usage: npm run cli -- create-support-agent <email>");
    const unknown = await cli("make-me-admin");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command "make-me-admin"');
  });
});

describe("making an existing account a support agent", () => {
  const create = (email: string) => transact(t.context, (tx) => createSupportAgent(tx, { email }));

  it("refuses an account that works with companies: support is never a member of one", async () => {
    const { db } = t.context.database;
    const owner = await buildUser(db, { email: uniqueAddress("owner") });
    await buildCompany(db, { owner });
    await expect(create(owner.email)).rejects.toMatchObject({ status: 409 });
    const after = await db
      .selectFrom("users")
      .select("platform_role")
      .where("id", "=", owner.id)
      .executeTakeFirst();
    expect(after?.platform_role).toBeNull();
  });

  it("gives an account of its own the role and tells it to sign in; a second run sends nothing", async () => {
    const { db } = t.context.database;
    const user = await buildUser(db, { email: uniqueAddress("plain") });
    expect(await create(user.email)).toMatchObject({ outcome: "promoted", userId: user.id });
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(user.email));
    expect(mail.links.some((l) => l.endsWith("/sign-in"))).toBe(true);
    expect(mail.links.some((l) => l.includes("token="))).toBe(false);
    const client = await signedInClient(t, user);
    expect((await client.get("/api/support/conversations")).status).toBe(200);

    expect(await create(user.email)).toMatchObject({ outcome: "already-agent" });
    await t.deliverMail();
    expect(t.smtp.mailsTo(user.email)).toHaveLength(1);
  });
});
