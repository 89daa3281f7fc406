import { describe, expect, it } from "vitest";
import {
  accountHolder,
  asBrowser,
  authenticatorCode,
  awayFromStepEdge,
  SAFARI_ON_IPHONE,
  signInAs,
  withAuthenticator,
} from "../../../test/support/account.ts";
import {
  buildCompany,
  buildMembership,
  GOOD_PASSWORD,
  signedInClient,
} from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { totpCode } from "./totp.ts";

const t = setUpTestApp();

async function holderWithAuthenticator() {
  const holder = await accountHolder(t);
  const secret = await withAuthenticator(t, holder.user.id);
  return { ...holder, secret };
}

describe("two-step sign-in", () => {
  it("asks for the second step after the password, and opens no session before it", async () => {
    const { user } = await holderWithAuthenticator();
    const client = t.client();
    const res = await signInAs(client, user.email);
    expect(res.status).toBe(202);
    expect(res.json.secondStep.token).toEqual(expect.any(String));
    expect(client.cookies.has("crewdesk_session")).toBe(false);
    expect((await client.get("/api/me")).status).toBe(401);
  });

  it("accepts a code of the previous step, and refuses the same code twice", async () => {
    const { user, secret } = await holderWithAuthenticator();
    await awayFromStepEdge();
    const code = authenticatorCode(secret, -1);
    const first = t.client();
    const pending = await signInAs(first, user.email);
    const done = await first.post("/api/auth/second-step", { token: pending.json.secondStep.token, code });
    expect(done.status).toBe(200);
    expect(done.json.id).toBe(user.id);
    expect((await first.get("/api/me")).status).toBe(200);

    const second = t.client();
    const again = await signInAs(second, user.email);
    const replay = await second.post("/api/auth/second-step", { token: again.json.secondStep.token, code });
    expect(replay.status).toBe(400);
    expect(replay.json.errors).toEqual([expect.objectContaining({ field: "code" })]);
    expect((await second.get("/api/me")).status).toBe(401);
  });

  it("lets a recovery code in once", async () => {
    const { user, client } = await accountHolder(t);
    const setup = await client.post("/api/account/two-step/setup");
    expect(setup.status).toBe(200);
    expect(setup.json.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(setup.json.otpauthUrl).toContain(`secret=${setup.json.secret}`);
    await awayFromStepEdge();
    const confirmed = await client.post("/api/account/two-step/confirm", {
      currentPassword: GOOD_PASSWORD,
      code: totpCode(setup.json.secret, new Date()),
    });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.json.recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);

    const browser = t.client();
    const pending = await signInAs(browser, user.email);
    const [code] = codes;
    const used = await browser.post("/api/auth/second-step", { token: pending.json.secondStep.token, code });
    expect(used.status).toBe(200);

    const other = t.client();
    const again = await signInAs(other, user.email);
    const refused = await other.post("/api/auth/second-step", { token: again.json.secondStep.token, code });
    expect(refused.status).toBe(400);
    const account = await client.get("/api/account");
    expect(account.json.twoStep).toMatchObject({ enabled: true, recoveryCodesLeft: 9 });
    const history = await client.get("/api/account/history");
    expect(history.json.items.map((e: { kind: string }) => e.kind)).toContain("recovery-code-used");
  });

  it("does not let a recovery link skip the second step", async () => {
    const { user, secret } = await holderWithAuthenticator();
    const browser = t.client();
    expect((await browser.post("/api/auth/password-recovery", { email: user.email })).status).toBe(202);
    const token = await tokenFromLastMail(t, user.email, "/set-password");
    const set = await browser.post("/api/auth/set-password", { token, password: "a brand new passphrase" });
    expect(set.status).toBe(202);
    expect(browser.cookies.has("crewdesk_session")).toBe(false);
    expect((await browser.get("/api/me")).status).toBe(401);
    await awayFromStepEdge();
    const done = await browser.post("/api/auth/second-step", {
      token: set.json.secondStep.token,
      code: authenticatorCode(secret),
    });
    expect(done.status).toBe(200);
    expect((await browser.get("/api/me")).status).toBe(200);
  });

  it("ends a waiting sign-in after five wrong codes", async () => {
    const { user, secret } = await holderWithAuthenticator();
    const browser = t.client();
    const pending = await signInAs(browser, user.email);
    const token = pending.json.secondStep.token;
    for (let i = 0; i < 5; i++) {
      expect((await browser.post("/api/auth/second-step", { token, code: "000000" })).status).toBe(400);
    }
    const late = await browser.post("/api/auth/second-step", { token, code: authenticatorCode(secret) });
    expect(late.status).toBe(410);
  });

  it("skips the second step on a remembered browser until it is forgotten", async () => {
    const { user, client, secret } = await holderWithAuthenticator();
    const phone = t.client();
    const first = await signInAs(phone, user.email, SAFARI_ON_IPHONE);
    await awayFromStepEdge();
    const done = await asBrowser(phone, SAFARI_ON_IPHONE).post("/api/auth/second-step", {
      token: first.json.secondStep.token,
      code: authenticatorCode(secret),
      rememberDevice: true,
    });
    expect(done.status).toBe(200);
    expect(phone.cookies.has("crewdesk_device")).toBe(true);

    expect((await signInAs(phone, user.email, SAFARI_ON_IPHONE)).status).toBe(200);

    const devices = await client.get("/api/account/remembered-devices");
    expect(devices.json.items).toEqual([
      expect.objectContaining({ browser: "Mobile Safari 17", system: "iOS 17" }),
    ]);
    const forgotten = await client.delete(`/api/account/remembered-devices/${devices.json.items[0].id}`);
    expect(forgotten.status).toBe(204);
    expect((await signInAs(phone, user.email, SAFARI_ON_IPHONE)).status).toBe(202);
  });

  it("forgets remembered browsers when the password changes", async () => {
    const { user, client, secret } = await holderWithAuthenticator();
    const phone = t.client();
    const first = await signInAs(phone, user.email, SAFARI_ON_IPHONE);
    await awayFromStepEdge();
    await phone.post("/api/auth/second-step", {
      token: first.json.secondStep.token,
      code: authenticatorCode(secret),
      rememberDevice: true,
    });
    const changed = await client.post("/api/account/password", {
      currentPassword: GOOD_PASSWORD,
      password: "another long passphrase",
    });
    expect(changed.status).toBe(204);
    const again = await phone.post("/api/auth/sign-in", {
      email: user.email,
      password: "another long passphrase",
    });
    expect(again.status).toBe(202);
  });

  it("lets an owner require it of every member, who then cannot turn theirs off", async () => {
    const company = await buildCompany(t.context.database.db);
    const { user: manager, client: managerClient, secret } = await holderWithAuthenticator();
    await buildMembership(t.context.database.db, company.id, manager, "manager");
    const owner = await signedInClient(t, company.owner);

    expect(
      (await managerClient.put(`/api/companies/${company.id}/two-step-requirement`, { required: true }))
        .status,
    ).toBe(403);
    expect(
      (await owner.put(`/api/companies/${company.id}/two-step-requirement`, { required: true })).status,
    ).toBe(204);

    const account = await managerClient.get("/api/account");
    expect(account.json.twoStep.requiredBy).toEqual([company.name]);
    await awayFromStepEdge();
    const off = await managerClient.post("/api/account/two-step/disable", {
      currentPassword: GOOD_PASSWORD,
      code: authenticatorCode(secret),
    });
    expect(off.status).toBe(409);

    const stranger = await accountHolder(t);
    expect(
      (await stranger.client.put(`/api/companies/${company.id}/two-step-requirement`, { required: false }))
        .status,
    ).toBe(404);
  });
});
