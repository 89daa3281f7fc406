import type { Kysely } from "kysely";
import { issueToken } from "../auth/auth-tokens.ts";
import type { DB } from "../db/types.ts";
import { conflict, notFound } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import { appLink } from "../mail/layout.ts";
import { enqueueEmail, withdrawQueuedEmail } from "../mail/outbox.ts";
import { existingAccountInvitationEmail, newAccountInvitationEmail } from "./emails.ts";
import { lockCompany, spendInvitationAllowance } from "./invitation-limit.ts";
import type { InvitationConfig } from "./invite-contractors.ts";

export const RESENDS_PER_DAY = 5;

/**
 * A new invitation link by email; the previous link stops working (issueToken revokes it). Only for an
 * Invited contractor, at most RESENDS_PER_DAY times a day, and counted against INVITES_PER_HOUR.
 * An account still without a password gets the set-password email again; one with a password, the
 * invitation to accept.
 */
export async function resendInvitation(
  trx: Kysely<DB>,
  config: InvitationConfig,
  input: { companyId: string; contractorId: string; actorUserId: string },
  now = new Date(),
): Promise<void> {
  const companyName = await lockCompany(trx, input.companyId);
  const row = await trx
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
    .where("c.company_id", "=", input.companyId)
    .where("c.id", "=", input.contractorId)
    .executeTakeFirst();
  if (companyName === null || !row) throw notFound("Contractor");
  if (row.status !== "invited") {
    throw conflict(
      `Only an Invited contractor can be sent the invitation again; this one is ${row.status}.`,
      ["remove"],
    );
  }
  await spendRateLimit(
    trx,
    `resend-invitation:${row.id}`,
    { max: RESENDS_PER_DAY, windowSeconds: 24 * 3600 },
    now,
  );
  await spendInvitationAllowance(trx, input.companyId, 1, config.invitesPerHour, now);

  const actor = await trx
    .selectFrom("users")
    .select("name")
    .where("id", "=", input.actorUserId)
    .executeTakeFirstOrThrow();
  const secret = await issueToken(
    trx,
    { purpose: "invitation", userId: row.user_id, contractorId: row.id },
    now,
  );
  const newAccount = row.password_hash === null;
  const template = newAccount ? newAccountInvitationEmail : existingAccountInvitationEmail;
  await withdrawQueuedEmail(trx, row.invitation_email_id, "Not sent: a newer invitation replaced it.");
  const emailId = await enqueueEmail(
    trx,
    template({
      recipient: row.email,
      companyName,
      inviterName: actor.name,
      welcomeMessage: row.welcome_message,
      link: appLink(config.appUrl, newAccount ? "/set-password" : "/invitation", { token: secret }),
    }),
    now,
  );
  await trx
    .updateTable("contractors")
    .set({ invitation_email_id: emailId, updated_at: now.toISOString() })
    .where("id", "=", row.id)
    .execute();
}
