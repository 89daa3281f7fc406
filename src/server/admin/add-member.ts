import type { Member } from "../../common/wire/admin.ts";
import type { CompanyRole } from "../../common/wire/me.ts";
import { issueToken } from "../auth/auth-tokens.ts";
import { companyMail } from "../auth/company-mail.ts";
import { localPartOf } from "../auth/mailbox-proof.ts";
import { newId } from "../db/ids.ts";
import { conflict, duplicateField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { memberAddedEmail } from "./emails.ts";
import { lockTeam } from "./owners.ts";

export interface AddMemberInput {
  /** Normalised (`normalizeEmail`). */
  email: string;
  role: CompanyRole;
}

/**
 * An owner adds a team member by address. A new address gets an account without a password and a link to
 * choose one (like an invited contractor); an account without a password gets the same link; an account with
 * one is added and told by email. The answer is the same member in every case (the address and the role, no
 * name), so it never tells whether an account exists. The address already on the team: 409.
 */
export async function addMember(tx: Tx, actor: CompanyActor, input: AddMemberInput): Promise<Member> {
  const companyName = await lockTeam(tx, actor.companyId);
  const iso = tx.now.toISOString();
  let user = await findUserByEmail(tx, input.email);
  if (!user) {
    await tx.db
      .insertInto("users")
      .values({
        id: newId(tx.now.getTime()),
        email: input.email,
        name: localPartOf(input.email),
        password_hash: null,
        email_verified_at: null,
        platform_role: null,
        password_changed_at: null,
        created_at: iso,
        updated_at: iso,
      })
      // A sign-up or an invitation for the same new address at this very moment: theirs wins the account.
      .onConflict((oc) => oc.column("email").doNothing())
      .execute();
    user = await findUserByEmail(tx, input.email);
    if (!user) throw new Error(`addMember: the account of ${input.email} vanished`);
  }
  if (user.platform_role !== null)
    throw conflict("This address belongs to Crewdesk staff, who cannot join a company's team.");
  const inserted = await tx.db
    .insertInto("memberships")
    .values({ company_id: actor.companyId, user_id: user.id, role: input.role, created_at: iso })
    .onConflict((oc) => oc.columns(["company_id", "user_id"]).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0)
    throw duplicateField("email", `${input.email} is already a member of this team.`);

  const inviter = await tx.db
    .selectFrom("users")
    .select("name")
    .where("id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  const passwordToken =
    user.password_hash === null
      ? await issueToken(tx.db, { purpose: "invitation", userId: user.id }, tx.now)
      : null;
  const message = memberAddedEmail(tx.config.appUrl, {
    recipient: input.email,
    companyId: actor.companyId,
    companyName,
    inviterName: inviter.name,
    role: input.role,
    passwordToken,
  });
  await enqueueEmail(
    tx.db,
    { ...message, recipient: input.email, company: await companyMail(tx.db, actor.companyId) },
    tx.now,
  );
  await recordAudit(tx, auditWhoOf(actor), {
    action: "member.added",
    subjectType: "member",
    subjectId: user.id,
    summary: `Added ${input.email} as ${input.role}`,
    details: { email: input.email, role: input.role },
  });
  return { userId: user.id, email: input.email, role: input.role, addedAt: iso };
}

function findUserByEmail(tx: Tx, email: string) {
  return tx.db
    .selectFrom("users")
    .select(["id", "password_hash", "platform_role"])
    .where("email", "=", email)
    .executeTakeFirst();
}
