import { issueToken } from "../auth/auth-tokens.ts";
import { companyMail } from "../auth/company-mail.ts";
import { conflict, notFound } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail, withdrawQueuedEmail } from "../mail/outbox.ts";
import { invitationEmail } from "./emails.ts";
import { publishContractorUpdates } from "./events.ts";
import { lockCompany, spendInvitationAllowance } from "./invitation-limit.ts";

export const RESENDS_PER_DAY = 5;

/**
 * A new invitation link by email; the previous link stops working (issueToken revokes it) and its email,
 * if still waiting in the outbox, is not sent. Only for an Invited contractor, at most RESENDS_PER_DAY
 * times a day, and counted against INVITES_PER_HOUR. An account still without a password gets the
 * set-password email again; one with a password, the invitation to accept.
 */
export async function resendInvitation(
  tx: Tx,
  actor: CompanyActor,
  contractorId: string,
  options: { signedBy?: string } = {},
): Promise<void> {
  const companyName = await lockCompany(tx.db, actor.companyId);
  const row = await tx.db
    .selectFrom("contractors as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select([
      "c.id",
      "c.status",
      "c.welcome_message",
      "c.user_id",
      "c.invitation_email_id",
      "u.email",
      "u.password_hash",
    ])
    .where("c.company_id", "=", actor.companyId)
    .where("c.id", "=", contractorId)
    .executeTakeFirst();
  if (companyName === null || !row) throw notFound("Contractor");
  if (row.status !== "invited") {
    throw conflict(
      `Only an Invited contractor can be sent the invitation again; this one is ${row.status}.`,
      ["remove"],
    );
  }
  await spendRateLimit(
    tx.rateCounters,
    `resend-invitation:${row.id}`,
    { max: RESENDS_PER_DAY, windowSeconds: 24 * 3600 },
    tx.now,
  );
  await spendInvitationAllowance(tx, actor.companyId, 1);

  const inviter = await tx.db
    .selectFrom("users")
    .select("name")
    .where("id", "=", options.signedBy ?? actor.userId)
    .executeTakeFirstOrThrow();
  const token = await issueToken(
    tx.db,
    {
      purpose: row.password_hash === null ? "invitation" : "join",
      userId: row.user_id,
      contractorId: row.id,
    },
    tx.now,
  );
  await withdrawQueuedEmail(tx.db, row.invitation_email_id, "Not sent: a newer invitation replaced it.");
  const mail = invitationEmail(tx.config.appUrl, {
    recipient: row.email,
    companyName,
    inviterName: inviter.name,
    welcomeMessage: row.welcome_message,
    newAccount: row.password_hash === null,
    token,
  });
  const company = await companyMail(tx.db, actor.companyId);
  const emailId = await enqueueEmail(tx.db, { ...mail, recipient: row.email, company }, tx.now);
  await tx.db
    .updateTable("contractors")
    .set({ invitation_email_id: emailId, updated_at: tx.now.toISOString() })
    .where("id", "=", row.id)
    .execute();
  await publishContractorUpdates(tx, [row.id]);
  await recordAudit(tx, auditWhoOf(actor), {
    action: "contractor.invitation_resent",
    subjectType: "contractor",
    subjectId: row.id,
    summary: `Sent the invitation again to ${row.email}`,
    details: { email: row.email },
  });
}
