/**
 * People with an account of their own, as the Account page's tests need them: a real password, signed in
 * through the sign-in form from a named browser, and (when asked) an authenticator app already set up.
 */

import { sealTotpSecret } from "../../src/server/account/second-factor.ts";
import { hotp, newTotpSecret, totpStep } from "../../src/server/account/totp.ts";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import type { UsersTable } from "../../src/server/db/types.ts";
import { buildUser, GOOD_PASSWORD } from "./factories.ts";
import type { TestApp, TestClient, TestResponse } from "./test-app.ts";
import { uniqueEmail } from "./unique.ts";

export const FIREFOX_ON_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";
export const SAFARI_ON_IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

let passwordHash: Promise<string> | null = null;

/** Sends a request as a browser that names itself `userAgent`. */
export function asBrowser(client: TestClient, userAgent: string) {
  return {
    post: (url: string, payload: object = {}): Promise<TestResponse> =>
      client.request({ method: "POST", url, payload, headers: { "user-agent": userAgent } }),
  };
}

/** Signs in through the form's route from a browser; answers the response (200, or 202 for a second step). */
export function signInAs(
  client: TestClient,
  email: string,
  userAgent = FIREFOX_ON_WINDOWS,
): Promise<TestResponse> {
  return asBrowser(client, userAgent).post("/api/auth/sign-in", { email, password: GOOD_PASSWORD });
}

export interface AccountHolder {
  user: UsersTable;
  client: TestClient;
}

/** A person with GOOD_PASSWORD, signed in from Firefox on Windows. */
export async function accountHolder(t: TestApp, email = uniqueEmail("holder")): Promise<AccountHolder> {
  passwordHash ??= hashPassword(GOOD_PASSWORD);
  const user = await buildUser(t.context.database.db, {
    email,
    name: "Alex Holder",
    passwordHash: await passwordHash,
  });
  const client = t.client();
  const res = await signInAs(client, email);
  if (res.status !== 200) throw new Error(`signing in answered ${res.status}: ${res.body}`);
  return { user, client };
}

/** Gives the person an authenticator app, set up and confirmed, with no code used yet; returns its secret. */
export async function withAuthenticator(t: TestApp, userId: string): Promise<string> {
  const secret = newTotpSecret();
  const now = new Date().toISOString();
  await t.context.database.db
    .insertInto("two_step_secrets")
    .values({
      user_id: userId,
      secret: sealTotpSecret(t.context.config.secretsKey, userId, secret),
      confirmed_at: now,
      last_used_step: null,
      created_at: now,
    })
    .execute();
  return secret;
}

/** The code the authenticator shows now, or `steps` 30-second steps away. */
export function authenticatorCode(secret: string, steps = 0): string {
  return hotp(secret, totpStep(new Date()) + steps);
}

/** Waits out the last 3 seconds of a 30-second step, so a code computed now is still of this step when checked. */
export async function awayFromStepEdge(): Promise<void> {
  const intoStep = Date.now() % 30_000;
  if (intoStep > 27_000) await new Promise((resolve) => setTimeout(resolve, 30_100 - intoStep));
}
