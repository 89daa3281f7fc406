import { describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildContractor,
  buildUser,
  companyOfTests,
  ownerOf,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { inviteByUseCase } from "../../../test/support/invitations.ts";
import { tokenFromLastMail } from "../../../test/support/mail.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { RESENDS_PER_DAY, resendInvitation } from "./resend-invitation.ts";

const t = setUpTestApp();
const company = companyOfTests(t, "Soylent");

const resend = (contractorId: string, actor: CompanyActor = company.actor()) =>
  transact(t.context, (tx) => resendInvitation(tx, actor, contractorId));

/** The invitation email the contractor row points at. */
async function currentInvitation(contractorId: string) {
  const { invitation_email_id } = await rowOf(t, "contractors", contractorId);
  return rowOf(t, "outbox_emails", invitation_email_id ?? "");
}

describe("resendInvitation", () => {
  it("queues a new invitation email and points the contractor at it", async () => {
    const account = await buildUser(t.context.database.db);
    const id = await inviteByUseCase(t, company.actor(), account.email);
    const first = await currentInvitation(id);
    await resend(id);
    const second = await currentInvitation(id);
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({
      recipient: account.email,
      status: "queued",
      template: "contractor-invitation-existing",
      subject: "Soylent invited you",
    });
  });

  it("sends the set-password email again to an account that has no password yet", async () => {
    const id = await inviteByUseCase(t, company.actor(), uniqueEmail("nopass"));
    await resend(id);
    expect((await currentInvitation(id)).template).toBe("contractor-invitation-new");
  });

  it("keeps the replaced email from going out if it is still waiting", async () => {
    const id = await inviteByUseCase(t, company.actor(), uniqueEmail("replaced"));
    const first = await currentInvitation(id);
    await resend(id);
    expect(await rowOf(t, "outbox_emails", first.id)).toMatchObject({
      status: "failed",
      last_error: "Not sent: a newer invitation replaced it.",
    });
  });

  it("kills the link sent before", async () => {
    const account = await buildUser(t.context.database.db);
    const id = await inviteByUseCase(t, company.actor(), account.email);
    const old = await tokenFromLastMail(t, account.email, "/invitation");
    await resend(id);
    await expect(findLiveToken(t.context.database.db, old)).rejects.toMatchObject({ status: 410 });
  });

  it("tells the company's open lists after the commit", async () => {
    const id = await inviteByUseCase(t, company.actor(), uniqueEmail("live"));
    const events = recordEvents(t);
    try {
      await resend(id);
      await events.waitFor((e) => contractorOf(e)?.id === id);
    } finally {
      events.stop();
    }
  });

  it(`refuses a resend beyond ${RESENDS_PER_DAY} a day with 429`, async () => {
    const id = await inviteByUseCase(t, company.actor(), uniqueEmail("often"));
    for (let i = 0; i < RESENDS_PER_DAY; i++) await resend(id);
    const before = await currentInvitation(id);
    await expect(resend(id)).rejects.toMatchObject({ status: 429 });
    expect((await currentInvitation(id)).id).toBe(before.id);
  });

  it("refuses a contractor who is not Invited with 409, offering removal instead", async () => {
    const { db } = t.context.database;
    const active = await buildContractor(db, { companyId: company.owners().company.id, status: "active" });
    await expect(resend(active.id)).rejects.toMatchObject({ status: 409, extra: { allowed: ["remove"] } });
    const removed = await buildContractor(db, { companyId: company.owners().company.id, status: "removed" });
    await expect(resend(removed.id)).rejects.toMatchObject({ status: 409 });
  });

  it("answers 404 for another company's contractor", async () => {
    const other = await signedInCompany(t);
    const theirs = await inviteByUseCase(t, ownerOf(other), uniqueEmail("theirs"));
    await expect(resend(theirs)).rejects.toMatchObject({ status: 404 });
  });
});
