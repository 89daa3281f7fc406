import type { Kysely } from "kysely";
import type { Contractor } from "../../common/wire/contractors.ts";
import type { DB } from "../db/types.ts";
import { deliveryOf } from "../mail/status.ts";

/**
 * The query every contractor read starts from: the relation (with the name this company sees), its user's
 * address, and the invitation email's delivery.
 */
export function contractorQuery(db: Kysely<DB>) {
  return db
    .selectFrom("contractors as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .leftJoin("outbox_emails as m", "m.id", "c.invitation_email_id")
    .select([
      "c.id",
      "c.company_id",
      "c.status",
      "c.invited_at",
      "c.activated_at",
      "c.name",
      "u.email",
      "m.status as mail_status",
      "m.sent_at as mail_sent_at",
      "m.created_at as mail_created_at",
      "m.last_error as mail_error",
    ]);
}

type ContractorRow = Awaited<ReturnType<ReturnType<typeof contractorQuery>["executeTakeFirstOrThrow"]>>;

export function presentContractor(row: ContractorRow): Contractor {
  const invitationEmail =
    row.mail_status && row.mail_created_at
      ? deliveryOf({
          status: row.mail_status,
          sent_at: row.mail_sent_at,
          created_at: row.mail_created_at,
          last_error: row.mail_error,
        })
      : null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    status: row.status,
    invitedAt: row.invited_at,
    activatedAt: row.activated_at,
    invitationEmail,
  };
}
