import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import {
  accountHolder,
  authenticatorCode,
  awayFromStepEdge,
  signInAs,
} from "../../../test/support/account.ts";
import { GOOD_PASSWORD } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { ConfigError, loadConfig } from "../config.ts";
import { sealOldSecrets } from "../db/migrations/0022_account_gaps.ts";
import { seal, unseal } from "../kernel/sealed.ts";
import { newTotpSecret } from "./totp.ts";

const t = setUpTestApp();

const storedSecret = async (userId: string) =>
  (
    await t.context.database.db
      .selectFrom("two_step_secrets")
      .select("secret")
      .where("user_id", "=", userId)
      .executeTakeFirstOrThrow()
  ).secret;

/** Every value of the table, as one text: what someone with a copy of the database would read. */
async function wholeTable(): Promise<string> {
  const rows = await t.context.database.db.selectFrom("two_step_secrets").selectAll().execute();
  return JSON.stringify(rows);
}

describe("authenticator keys at rest", () => {
  it("are stored sealed from the set-up on, and still sign the person in", async () => {
    const { user, client } = await accountHolder(t);
    const setup = await client.post("/api/account/two-step/setup");
    expect(setup.status).toBe(200);
    const secret: string = setup.json.secret;
    expect(await storedSecret(user.id)).toMatch(/^v1:/);
    expect(await wholeTable()).not.toContain(secret);

    await awayFromStepEdge();
    const confirmed = await client.post("/api/account/two-step/confirm", {
      code: authenticatorCode(secret),
      currentPassword: GOOD_PASSWORD,
    });
    expect(confirmed.status).toBe(200);
    expect(await wholeTable()).not.toContain(secret);

    const browser = t.client();
    const pending = await signInAs(browser, user.email);
    expect(pending.status).toBe(202);
    const done = await browser.post("/api/auth/second-step", {
      token: pending.json.secondStep.token,
      code: authenticatorCode(secret, 1),
    });
    expect(done.status).toBe(200);
    expect(await wholeTable()).not.toContain(secret);
  });

  it("reads a key stored before sealing, and seals it at its first use", async () => {
    const { user } = await accountHolder(t);
    const secret = newTotpSecret();
    const now = new Date().toISOString();
    await t.context.database.db
      .insertInto("two_step_secrets")
      .values({ user_id: user.id, secret, confirmed_at: now, last_used_step: null, created_at: now })
      .execute();
    expect(await storedSecret(user.id)).toBe(secret);

    await awayFromStepEdge();
    const browser = t.client();
    const pending = await signInAs(browser, user.email);
    const done = await browser.post("/api/auth/second-step", {
      token: pending.json.secondStep.token,
      code: authenticatorCode(secret),
    });
    expect(done.status).toBe(200);
    const stored = await storedSecret(user.id);
    expect(stored).toMatch(/^v1:/);
    expect(unseal(t.context.config.secretsKey, stored, `two_step_secrets:${user.id}`)).toBe(secret);
  });

  it("are sealed by the migration when it has the key", async () => {
    const { user } = await accountHolder(t);
    const secret = newTotpSecret();
    const now = new Date().toISOString();
    const db = t.context.database.db;
    await db
      .insertInto("two_step_secrets")
      .values({ user_id: user.id, secret, confirmed_at: null, last_used_step: null, created_at: now })
      .execute();
    expect(await sealOldSecrets(db as unknown as Kysely<unknown>, t.context.config.secretsKey)).toBe(1);
    expect(await wholeTable()).not.toContain(secret);
    expect(
      unseal(t.context.config.secretsKey, await storedSecret(user.id), `two_step_secrets:${user.id}`),
    ).toBe(secret);
    expect(await sealOldSecrets(db as unknown as Kysely<unknown>, t.context.config.secretsKey)).toBe(0);
  });

  it("do not open with another key, nor when copied to another person's row", () => {
    const key = Buffer.alloc(32, 7);
    const sealed = seal(key, "JBSWY3DPEHPK3PXP", "two_step_secrets:a");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(seal(key, "JBSWY3DPEHPK3PXP", "two_step_secrets:a")).not.toBe(sealed);
    expect(unseal(key, sealed, "two_step_secrets:a")).toBe("JBSWY3DPEHPK3PXP");
    expect(() => unseal(Buffer.alloc(32, 8), sealed, "two_step_secrets:a")).toThrow(/SECRETS_KEY/);
    expect(() => unseal(key, sealed, "two_step_secrets:b")).toThrow(/SECRETS_KEY/);
  });
});

describe("SECRETS_KEY", () => {
  const production = {
    NODE_ENV: "production",
    SMTP_URL: "smtp://mail.example.com:25",
    PAYMENTS: "off",
  };

  it("is required in production: the app refuses to start without it", () => {
    expect(() => loadConfig(production)).toThrow(ConfigError);
    expect(() => loadConfig(production)).toThrow(/SECRETS_KEY is required when NODE_ENV=production/);
  });

  it("takes 32 bytes as hex or base64, and refuses anything else", () => {
    const hex = "ab".repeat(32);
    expect(loadConfig({ ...production, SECRETS_KEY: hex }).secretsKey).toEqual(Buffer.from(hex, "hex"));
    const base64 = Buffer.alloc(32, 3).toString("base64");
    expect(loadConfig({ ...production, SECRETS_KEY: base64 }).secretsKey).toEqual(Buffer.alloc(32, 3));
    expect(() => loadConfig({ ...production, SECRETS_KEY: "short" })).toThrow(/SECRETS_KEY must be 32 bytes/);
    expect(() => loadConfig({ ...production, SECRETS_KEY: "ab".repeat(16) })).toThrow(ConfigError);
  });

  it("has a fixed development key outside production", () => {
    expect(loadConfig({}).secretsKey).toHaveLength(32);
    expect(loadConfig({}).secretsKey).toEqual(loadConfig({ NODE_ENV: "test" }).secretsKey);
  });
});
