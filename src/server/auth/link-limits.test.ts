import { describe, expect, it } from "vitest";
import { buildUser, GOOD_PASSWORD, signedInClient } from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp, type TestClient } from "../../../test/support/test-app.ts";
import { hashPassword } from "./passwords.ts";

const t = setUpTestApp({ RATE_LIMIT_LINKS_IP_MAX: "4", RATE_LIMIT_LINKS_IP_WINDOW_SECONDS: "600" });

const DEAD = "this-link-does-not-exist";

/** The four routes behind an emailed link, each with a body carrying `token`. */
const LINK_ROUTES: Array<[string, (token: string) => Record<string, string>]> = [
  ["/api/auth/tokens/inspect", (token) => ({ token })],
  ["/api/auth/set-password", (token) => ({ token, password: GOOD_PASSWORD })],
  ["/api/auth/verify-email", (token) => ({ token })],
  ["/api/invitations/accept", (token) => ({ token })],
];

let ipNo = 0;
/** A signed-in browser of its own address (accepting an invitation needs a session). */
async function browserAt(): Promise<{ client: TestClient; ip: string }> {
  const ip = `198.51.100.${++ipNo}`;
  const user = await buildUser(t.context.database.db);
  const signedIn = await signedInClient(t, user);
  const client = t.client({ ip });
  for (const [k, v] of signedIn.cookies) client.cookies.set(k, v);
  return { client, ip };
}

describe("pages behind emailed links", () => {
  for (const [route, body] of LINK_ROUTES) {
    it(`${route} answers 429 with Retry-After past the per-address limit`, async () => {
      const { client } = await browserAt();
      const answers: number[] = [];
      for (let i = 0; i < 4; i++) answers.push((await client.post(route, body(DEAD))).status);
      expect(answers).toEqual([410, 410, 410, 410]);
      const limited = await client.post(route, body(DEAD));
      expect(limited.status).toBe(429);
      expect(limited.headers["content-type"]).toContain("application/problem+json");
      const retryAfter = Number(limited.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
      // Another address is not affected.
      expect((await (await browserAt()).client.post(route, body(DEAD))).status).toBe(410);
    });
  }

  it("counts the four routes together, and a good link is refused too once the allowance is spent", async () => {
    const email = "limited.link@example.com";
    await buildUser(t.context.database.db, { email, passwordHash: await hashPassword(GOOD_PASSWORD) });
    expect((await t.client().post("/api/auth/password-recovery", { email })).status).toBe(202);
    const token = await tokenFromLastMail(t, email, "/set-password");

    const { client } = await browserAt();
    const statuses: number[] = [];
    for (const [route, body] of LINK_ROUTES) statuses.push((await client.post(route, body(DEAD))).status);
    expect(statuses).toEqual([410, 410, 410, 410]);
    expect((await client.post("/api/auth/tokens/inspect", { token })).status).toBe(429);
    // The link was not touched: from another address it still works.
    const res = await t
      .client()
      .post("/api/auth/set-password", { token, password: "a fresh new passphrase" });
    expect(res.status).toBe(200);
  });

  // The route checks the link, then the password's rules, then hashes it (hashNewPassword): a 410 for a password
  // the rules refuse shows the link was refused before any hashing could start.
  it("refuses a dead link before judging or hashing the password: the answer is about the link", async () => {
    const res = await t.client().post("/api/auth/set-password", { token: DEAD, password: "short" });
    expect(res.status).toBe(410);
  });
});
