import { describe, expect, it } from "vitest";
import {
  accountHolder,
  FIREFOX_ON_WINDOWS,
  SAFARI_ON_IPHONE,
  signInAs,
} from "../../../test/support/account.ts";
import {
  buildCompany,
  buildContractor,
  GOOD_PASSWORD,
  signedInClient,
} from "../../../test/support/factories.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

const t = setUpTestApp();
const NEW_PASSWORD = "a fresh long passphrase";

describe("changing the password", () => {
  it("refuses a wrong current password, naming the field", async () => {
    const { client } = await accountHolder(t);
    const res = await client.post("/api/account/password", {
      currentPassword: "not it at all",
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: "currentPassword" })]);
  });

  it("ends every other session, keeps this one, and emails a recovery link", async () => {
    const { user, client } = await accountHolder(t);
    const phone = t.client();
    expect((await signInAs(phone, user.email, SAFARI_ON_IPHONE)).status).toBe(200);
    const res = await client.post("/api/account/password", {
      currentPassword: GOOD_PASSWORD,
      password: NEW_PASSWORD,
    });
    expect(res.status).toBe(204);
    expect((await phone.get("/api/me")).status).toBe(401);
    expect((await client.get("/api/me")).status).toBe(200);
    const token = await tokenFromLastMail(t, user.email, "/set-password");
    const mail = t.smtp.mailsTo(user.email).at(-1);
    expect(mail?.subject).toBe("Your Crewdesk password changed");
    const inspected = await t.client().post("/api/auth/tokens/inspect", { token });
    expect(inspected.json.purpose).toBe("recovery");
    expect(
      (await t.client().post("/api/auth/sign-in", { email: user.email, password: NEW_PASSWORD })).status,
    ).toBe(200);
  });
});

describe("changing the email address", () => {
  it("changes nothing until the new address confirms; then companies see it and it signs in", async () => {
    const company = await buildCompany(t.context.database.db);
    const { user, client } = await accountHolder(t);
    const relation = await buildContractor(t.context.database.db, {
      companyId: company.id,
      user,
      accepted: true,
    });
    const newEmail = uniqueEmail("moved");
    const asked = await client.post("/api/account/email", {
      currentPassword: GOOD_PASSWORD,
      email: newEmail,
    });
    expect(asked.status).toBe(202);
    expect((await client.get("/api/me")).json.user.email).toBe(user.email);
    expect((await client.get("/api/account")).json.pendingEmail).toMatchObject({ email: newEmail });

    const token = await tokenFromLastMail(t, newEmail, "/confirm-email-change");
    const confirmed = await t.client().post("/api/account/email/confirm", { token });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json.email).toBe(newEmail);

    const owner = await signedInClient(t, company.owner);
    const seen = await owner.get(`/api/companies/${company.id}/contractors/${relation.id}`);
    expect(seen.json.email).toBe(newEmail);
    const found = await owner.get(
      `/api/companies/${company.id}/contractors?q=${encodeURIComponent(newEmail.split("@")[0] ?? "")}`,
    );
    expect(found.json.items.map((c: { id: string }) => c.id)).toContain(relation.id);
    expect((await signInAs(t.client(), newEmail)).status).toBe(200);
    expect((await signInAs(t.client(), user.email)).status).toBe(401);
  });

  it("answers the same for an address that has an account, and tells that address instead", async () => {
    const { user, client } = await accountHolder(t);
    const other = await accountHolder(t);
    const asked = await client.post("/api/account/email", {
      currentPassword: GOOD_PASSWORD,
      email: other.user.email,
    });
    const free = await (await accountHolder(t)).client.post("/api/account/email", {
      currentPassword: GOOD_PASSWORD,
      email: uniqueEmail("free"),
    });
    expect(asked.status).toBe(free.status);
    expect(asked.json).toEqual(free.json);
    await t.deliverMail();
    const told = t.smtp.mailsTo(other.user.email).at(-1);
    expect(told?.subject).toBe("Someone tried to move a Crewdesk account to this address");
    expect(told?.links.some((l) => l.includes("/confirm-email-change"))).toBe(false);
    expect((await client.get("/api/me")).json.user.email).toBe(user.email);
  });

  it("lets the old address undo a confirmed change, which signs out every device", async () => {
    const { user, client } = await accountHolder(t);
    const newEmail = uniqueEmail("taken-over");
    await client.post("/api/account/email", { currentPassword: GOOD_PASSWORD, email: newEmail });
    const confirm = await tokenFromLastMail(t, newEmail, "/confirm-email-change");
    const undo = await tokenFromLastMail(t, user.email, "/cancel-email-change");
    expect((await t.client().post("/api/account/email/confirm", { token: confirm })).status).toBe(200);

    const cancelled = await t.client().post("/api/account/email/cancel", { token: undo });
    expect(cancelled.status).toBe(200);
    expect((await client.get("/api/me")).status).toBe(401);
    const back = await signInAs(t.client(), user.email, FIREFOX_ON_WINDOWS);
    expect(back.status).toBe(200);
    expect(back.json.email).toBe(user.email);
    expect((await t.client().post("/api/account/email/cancel", { token: undo })).status).toBe(410);
  });

  it("kills the confirmation link when the old address undoes a change still waiting", async () => {
    const { user, client } = await accountHolder(t);
    const newEmail = uniqueEmail("never");
    await client.post("/api/account/email", { currentPassword: GOOD_PASSWORD, email: newEmail });
    const confirm = await tokenFromLastMail(t, newEmail, "/confirm-email-change");
    const undo = await tokenFromLastMail(t, user.email, "/cancel-email-change");
    expect((await t.client().post("/api/account/email/cancel", { token: undo })).status).toBe(200);
    expect((await t.client().post("/api/account/email/confirm", { token: confirm })).status).toBe(410);
  });

  it("refuses the change without the current password", async () => {
    const { client } = await accountHolder(t);
    const res = await client.post("/api/account/email", {
      currentPassword: "wrong guess here",
      email: uniqueEmail("x"),
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: "currentPassword" })]);
  });
});
