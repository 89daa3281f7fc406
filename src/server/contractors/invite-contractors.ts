import type { ParsedAddress } from "../../common/email-list.ts";
import { MAX_WELCOME_MESSAGE_LENGTH } from "../../common/invitations.ts";
import type { InviteResult } from "../../common/wire/contractors.ts";
import { issueTokens } from "../auth/auth-tokens.ts";
import { type CompanyMail, companyMail } from "../auth/company-mail.ts";
import { localPartOf } from "../auth/mailbox-proof.ts";
import { chunks } from "../db/chunks.ts";
import { newId } from "../db/ids.ts";
import { insertSearchTermsOfMany, searchTextOf, writeSearchTerms } from "../db/search-terms.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import { emitCompanyEvents } from "../kernel/company-events.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import { invitationEmail } from "./emails.ts";
import { publishContractorUpdates } from "./events.ts";
import { lockCompany, spendInvitationAllowance } from "./invitation-limit.ts";

export interface InviteContractorsInput {
  /** Normalised addresses (parseEmailList, normalizeEmail), each with the display name pasted with it. */
  entries: ParsedAddress[];
  message?: string | null | undefined;
  /**
   * The caller counted these invitations against the allowance already (an import counts all of its own
   * before writing anything), so they are not counted again.
   */
  allowanceCounted?: boolean;
  /**
   * The invitation emails are queued held: the caller releases them when its whole change is visible (an
   * import shows its tasks at the end), so a change stopped midway sends nothing.
   */
  holdEmails?: boolean;
  /**
   * false: the audit log gets no entry per address, the caller records one for the whole change (an import
   * records one entry with its counts).
   */
  auditEach?: boolean;
}

/** What happens to one address: an account is made, an existing one is invited, or a removed member comes back. */
interface Invitation {
  email: string;
  /** The name this company sees until the contractor accepts: the display name it typed, or the local part. */
  name: string;
  kind: "new_account" | "existing_account" | "reinvite";
  /**
   * The account has no password (new, or invited before and never chose one): its link chooses a password
   * and joins. Otherwise the link only accepts, signed in: an invitation is never a way to set a password.
   */
  choosesPassword: boolean;
  userId: string;
  contractorId: string;
  emailId: string;
}

interface Inviter {
  id: string;
  email: string;
  name: string;
}

/**
 * Invites addresses to a company: new addresses get an account without a password and a link to choose one;
 * existing accounts get an invitation to accept (no credentials, no change to the account). The answer is
 * "invited" in both cases, and the company sees the same contractor either way (the name it typed, else the
 * address's local part; no account id, no earlier time), so it never tells whether an account exists.
 * Members already Invited or Active are left alone; a Removed one is invited again under the same
 * contractor id. Over INVITES_PER_HOUR the whole call fails with 429 and nothing is written. Used by the Add
 * dialog, task creation (contractorEmail) and imports; returns one result per entry, in the entries' order
 * (a repeated address answers like its first occurrence).
 */
export async function inviteContractors(
  tx: Tx,
  actor: CompanyActor,
  input: InviteContractorsInput,
): Promise<InviteResult[]> {
  const companyName = await lockCompany(tx.db, actor.companyId);
  if (companyName === null) throw notFound("Company");
  const inviter = await tx.db
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  const message = input.message?.trim().slice(0, MAX_WELCOME_MESSAGE_LENGTH) || null;

  const { invitations, outcomes } = await planInvitations(tx, actor.companyId, inviter, input.entries);
  if (!input.allowanceCounted) await spendInvitationAllowance(tx, actor.companyId, invitations.length);
  await createAccounts(tx, invitations);
  await writeRelations(tx, actor.companyId, inviter, message, invitations);
  const mail = await companyMail(tx.db, actor.companyId);
  const company = input.holdEmails ? { ...mail, held: true } : mail;
  await sendInvitations(
    tx,
    { company, companyName, inviterName: inviter.name, welcomeMessage: message },
    invitations,
  );
  await publishContractorUpdates(
    tx,
    invitations.map((i) => i.contractorId),
  );
  if (input.auditEach !== false) {
    await recordAudit(
      tx,
      auditWhoOf(actor),
      invitations.map((i) => ({
        action: "contractor.invited",
        subjectType: "contractor",
        subjectId: i.contractorId,
        summary: `Invited ${i.email}`,
        details: { email: i.email, name: i.name, again: i.kind === "reinvite" },
      })),
    );
  }
  await emitCompanyEvents(
    tx,
    actor.companyId,
    invitations.map((i) => ({
      type: "contractor.invited",
      data: { contractorId: i.contractorId, email: i.email, name: i.name, invitedAt: tx.now.toISOString() },
    })),
  );

  return input.entries.map(({ email }): InviteResult => {
    if (email === inviter.email) return { email, outcome: "invalid", reason: "self" };
    return outcomes.get(email) ?? { email, outcome: "invalid", reason: "format" };
  });
}

/**
 * Who is new, who has an account, who is on the team already: the first occurrence of an address decides
 * its display name; the inviter's own address is left out.
 */
async function planInvitations(tx: Tx, companyId: string, inviter: Inviter, entries: ParsedAddress[]) {
  const distinct = new Map<string, string | null>();
  for (const { email, name } of entries) {
    if (email !== inviter.email && !distinct.has(email)) distinct.set(email, name);
  }
  const users = new Map<string, { id: string; password_hash: string | null }>();
  for (const part of chunks([...distinct.keys()])) {
    const rows = await tx.db
      .selectFrom("users")
      .select(["id", "email", "password_hash"])
      .where("email", "in", part)
      .execute();
    for (const row of rows) users.set(row.email, row);
  }
  const relations = new Map<string, { id: string; status: string }>();
  for (const part of chunks([...users.values()].map((u) => u.id))) {
    const rows = await tx.db
      .selectFrom("contractors")
      .select(["id", "user_id", "status"])
      .where("company_id", "=", companyId)
      .where("user_id", "in", part)
      .execute();
    for (const row of rows) relations.set(row.user_id, row);
  }

  const at = tx.now.getTime();
  const outcomes = new Map<string, InviteResult>();
  const invitations: Invitation[] = [];
  for (const [email, displayName] of distinct) {
    const user = users.get(email);
    const relation = user ? relations.get(user.id) : undefined;
    if (relation && relation.status !== "removed") {
      outcomes.set(email, { email, outcome: "already_in_team", contractorId: relation.id });
      continue;
    }
    const invitation: Invitation = {
      email,
      // Only what this company was given: the name it pasted, else the local part. Never the account's own
      // name (that would tell the account exists), never a name another company typed.
      name: displayName || localPartOf(email),
      kind: relation ? "reinvite" : user ? "existing_account" : "new_account",
      choosesPassword: !user || user.password_hash === null,
      userId: user?.id ?? newId(at),
      contractorId: relation?.id ?? newId(at),
      emailId: newId(at),
    };
    invitations.push(invitation);
    outcomes.set(email, { email, outcome: "invited", contractorId: invitation.contractorId });
  }
  return { invitations, outcomes };
}

/** Accounts without a password for the new addresses. */
async function createAccounts(tx: Tx, invitations: Invitation[]): Promise<void> {
  const iso = tx.now.toISOString();
  const fresh = invitations.filter((i) => i.kind === "new_account");
  const inserted = new Set<string>();
  for (const part of chunks(fresh)) {
    const rows = await tx.db
      .insertInto("users")
      .values(
        part.map((i) => ({
          id: i.userId,
          email: i.email,
          // The account's own name, until its owner gives one: not the name this company typed.
          name: localPartOf(i.email),
          password_hash: null,
          email_verified_at: null,
          platform_role: null,
          password_changed_at: null,
          created_at: iso,
          updated_at: iso,
        })),
      )
      // Another company may be inviting the same new address at this very moment: theirs wins the account.
      .onConflict((oc) => oc.column("email").doNothing())
      .returning("id")
      .execute();
    for (const row of rows) inserted.add(row.id);
  }
  const raced = fresh.filter((i) => !inserted.has(i.userId));
  if (raced.length === 0) return;
  const rows = await tx.db
    .selectFrom("users")
    .select(["id", "email", "password_hash"])
    .where(
      "email",
      "in",
      raced.map((i) => i.email),
    )
    .execute();
  const byEmail = new Map(rows.map((r) => [r.email, r]));
  for (const invitation of raced) {
    const user = byEmail.get(invitation.email);
    if (!user) throw new Error(`inviteContractors: the account of ${invitation.email} vanished`);
    Object.assign(invitation, {
      kind: "existing_account",
      choosesPassword: user.password_hash === null,
      userId: user.id,
    });
  }
}

/** The company–contractor relations, Invited: new ones inserted, removed ones invited again; their search words. */
async function writeRelations(
  tx: Tx,
  companyId: string,
  inviter: Inviter,
  message: string | null,
  invitations: Invitation[],
): Promise<void> {
  const iso = tx.now.toISOString();
  const invited = {
    status: "invited" as const,
    invited_by: inviter.id,
    welcome_message: message,
    invited_at: iso,
    accepted_at: null,
    activated_at: null,
    removed_at: null,
    updated_at: iso,
  };
  const created = invitations.filter((i) => i.kind !== "reinvite");
  for (const part of chunks(created)) {
    await tx.db
      .insertInto("contractors")
      .values(
        part.map((i) => ({
          ...invited,
          id: i.contractorId,
          company_id: companyId,
          user_id: i.userId,
          invitation_email_id: i.emailId,
          created_at: iso,
          name: i.name,
          search_text: searchTextOf(i.name, i.email),
        })),
      )
      .execute();
  }
  await insertSearchTermsOfMany(
    tx.db,
    "contractor",
    companyId,
    created.map((i) => ({ id: i.contractorId, texts: [i.name, i.email] })),
  );
  for (const i of invitations.filter((i) => i.kind === "reinvite")) {
    await tx.db
      .updateTable("contractors")
      .set({ ...invited, name: i.name, invitation_email_id: i.emailId })
      .where("id", "=", i.contractorId)
      .execute();
    await writeSearchTerms(tx.db, "contractor", i.contractorId, companyId, [i.name, i.email]);
  }
}

/**
 * One link and one email per invitation; a re-invitation's link is the only live one. Held while the
 * company's owner has not confirmed their address (`companyMail`).
 */
async function sendInvitations(
  tx: Tx,
  {
    company,
    ...from
  }: { company: CompanyMail; companyName: string; inviterName: string; welcomeMessage: string | null },
  invitations: Invitation[],
): Promise<void> {
  const tokens = await issueTokens(
    tx.db,
    invitations.map((i) => ({
      purpose: i.choosesPassword ? ("invitation" as const) : ("join" as const),
      userId: i.userId,
      contractorId: i.contractorId,
    })),
    tx.now,
  );
  await enqueueEmails(
    tx.db,
    invitations.map((i, index) => ({
      ...invitationEmail(tx.config.appUrl, {
        ...from,
        recipient: i.email,
        newAccount: i.choosesPassword,
        token: tokens[index] ?? "",
      }),
      id: i.emailId,
      recipient: i.email,
      company,
    })),
    tx.now,
  );
}
