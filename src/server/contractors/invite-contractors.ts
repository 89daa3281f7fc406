import type { Kysely } from "kysely";
import { normalizeEmail } from "../../common/email.ts";
import { MAX_WELCOME_MESSAGE_LENGTH } from "../../common/invitations.ts";
import { searchTermsOf, searchTextOf } from "../../common/search.ts";
import type { InviteResult } from "../../common/wire/contractors.ts";
import { TOKEN_TTL_MS } from "../auth/auth-tokens.ts";
import { hashSecret, newSecret } from "../auth/tokens.ts";
import type { Config } from "../config.ts";
import { newId } from "../db/ids.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { appLink } from "../mail/layout.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import { existingAccountInvitationEmail, newAccountInvitationEmail } from "./emails.ts";
import { lockCompany, spendInvitationAllowance } from "./invitation-limit.ts";

export interface InviteEntry {
  /** An address as typed or already normalised; it is normalised again here. */
  email: string;
  /** A display name for a new account (the local part of the address when absent). */
  name?: string | null;
}

export interface InviteContractorsInput {
  companyId: string;
  inviterUserId: string;
  entries: InviteEntry[];
  message?: string | null;
}

export interface InviteContractorsOutput {
  /** One per entry, in the entries' order (a repeated address answers like its first occurrence). */
  results: InviteResult[];
  /** Relations that were created or changed: publish them after commit (publishContractorUpdates). */
  changedContractorIds: string[];
}

export type InvitationConfig = Pick<Config, "appUrl" | "invitesPerHour">;

// Rows per multi-row insert: well under both databases' bound-parameter limits.
const CHUNK = 400;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

interface Plan {
  email: string;
  name: string;
  kind: "new_account" | "existing_account" | "reinvite";
  userId: string;
  contractorId: string;
  emailId: string;
  secret: string;
}

/**
 * Invites addresses to a company, in the caller's transaction: new addresses get an account without a
 * password and a link to choose one; existing accounts get an invitation to accept (no credentials, no
 * change to the account). The answer is "invited" in both cases, so it never tells whether an account
 * exists. Members already Invited or Active are left alone; a Removed one is invited again under the same
 * contractor id. Over INVITES_PER_HOUR the whole call fails with 429 and the transaction must roll back.
 * Shared by the Add dialog, task creation (contractorEmail) and imports.
 */
export async function inviteContractors(
  trx: Kysely<DB>,
  config: InvitationConfig,
  input: InviteContractorsInput,
  now = new Date(),
): Promise<InviteContractorsOutput> {
  const iso = now.toISOString();
  const companyName = await lockCompany(trx, input.companyId);
  if (companyName === null) throw notFound("Company");
  const inviter = await trx
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("id", "=", input.inviterUserId)
    .executeTakeFirstOrThrow();
  const message = input.message?.trim().slice(0, MAX_WELCOME_MESSAGE_LENGTH) || null;

  // Normalise; the first occurrence of an address decides its name.
  const normalized = input.entries.map((entry) => ({ entry, email: normalizeEmail(entry.email) }));
  const distinct = new Map<string, string | null>();
  for (const { entry, email } of normalized) {
    if (email && email !== inviter.email && !distinct.has(email)) distinct.set(email, entry.name ?? null);
  }
  const addresses = [...distinct.keys()];

  const users = new Map<string, { id: string; name: string }>();
  for (const part of chunks(addresses, 500)) {
    const rows = await trx
      .selectFrom("users")
      .select(["id", "email", "name"])
      .where("email", "in", part)
      .execute();
    for (const row of rows) users.set(row.email, row);
  }
  const relations = new Map<string, { id: string; status: string }>();
  for (const part of chunks(
    [...users.values()].map((u) => u.id),
    500,
  )) {
    const rows = await trx
      .selectFrom("contractors")
      .select(["id", "user_id", "status"])
      .where("company_id", "=", input.companyId)
      .where("user_id", "in", part)
      .execute();
    for (const row of rows) relations.set(row.user_id, row);
  }

  const outcomes = new Map<string, InviteResult>();
  const plans: Plan[] = [];
  for (const [email, displayName] of distinct) {
    const user = users.get(email);
    const relation = user ? relations.get(user.id) : undefined;
    if (relation && relation.status !== "removed") {
      outcomes.set(email, { email, outcome: "already_in_team", contractorId: relation.id });
      continue;
    }
    const plan: Plan = {
      email,
      // An account keeps its own name; a new one takes the pasted display name or the local part.
      name: user?.name ?? (displayName || email.slice(0, email.indexOf("@"))),
      kind: relation ? "reinvite" : user ? "existing_account" : "new_account",
      userId: user?.id ?? newId(now.getTime()),
      contractorId: relation?.id ?? newId(now.getTime()),
      emailId: newId(now.getTime()),
      secret: newSecret(),
    };
    plans.push(plan);
    outcomes.set(email, { email, outcome: "invited", contractorId: plan.contractorId });
  }

  await spendInvitationAllowance(trx, input.companyId, plans.length, config.invitesPerHour, now);

  const fresh = plans.filter((p) => p.kind === "new_account");
  const inserted = new Set<string>();
  for (const part of chunks(fresh)) {
    const rows = await trx
      .insertInto("users")
      .values(
        part.map((p) => ({
          id: p.userId,
          email: p.email,
          name: p.name,
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
  const raced = fresh.filter((p) => !inserted.has(p.userId));
  if (raced.length > 0) {
    const rows = await trx
      .selectFrom("users")
      .select(["id", "email", "name"])
      .where(
        "email",
        "in",
        raced.map((p) => p.email),
      )
      .execute();
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    for (const p of raced) {
      const user = byEmail.get(p.email);
      if (!user) throw new Error(`inviteContractors: the account of ${p.email} vanished`);
      Object.assign(p, { kind: "existing_account", userId: user.id, name: user.name });
    }
  }

  const created = plans.filter((p) => p.kind !== "reinvite");
  for (const part of chunks(created)) {
    await trx
      .insertInto("contractors")
      .values(
        part.map((p) => ({
          id: p.contractorId,
          company_id: input.companyId,
          user_id: p.userId,
          status: "invited" as const,
          invited_by: inviter.id,
          welcome_message: message,
          invited_at: iso,
          accepted_at: null,
          activated_at: null,
          removed_at: null,
          invitation_email_id: p.emailId,
          created_at: iso,
          updated_at: iso,
          search_text: searchTextOf(p.name, p.email),
        })),
      )
      .execute();
  }

  const reinvited = plans.filter((p) => p.kind === "reinvite");
  for (const p of reinvited) {
    await trx
      .updateTable("contractors")
      .set({
        status: "invited",
        invited_by: inviter.id,
        welcome_message: message,
        invited_at: iso,
        accepted_at: null,
        activated_at: null,
        removed_at: null,
        invitation_email_id: p.emailId,
        updated_at: iso,
      })
      .where("id", "=", p.contractorId)
      .execute();
  }
  // A re-invitation's link is the only live one (as issueToken would do, in bulk).
  for (const part of chunks(reinvited.map((p) => p.contractorId))) {
    await trx
      .updateTable("auth_tokens")
      .set({ revoked_at: iso })
      .where("contractor_id", "in", part)
      .where("purpose", "=", "invitation")
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
  }

  const expiresAt = new Date(now.getTime() + TOKEN_TTL_MS.invitation).toISOString();
  for (const part of chunks(plans)) {
    await trx
      .insertInto("auth_tokens")
      .values(
        part.map((p) => ({
          id: newId(now.getTime()),
          token_hash: hashSecret(p.secret),
          purpose: "invitation" as const,
          user_id: p.userId,
          contractor_id: p.contractorId,
          created_at: iso,
          expires_at: expiresAt,
          used_at: null,
          revoked_at: null,
        })),
      )
      .execute();
  }

  await enqueueEmails(
    trx,
    plans.map((p) => {
      const template = p.kind === "new_account" ? newAccountInvitationEmail : existingAccountInvitationEmail;
      const path = p.kind === "new_account" ? "/set-password" : "/invitation";
      return {
        id: p.emailId,
        ...template({
          recipient: p.email,
          companyName,
          inviterName: inviter.name,
          welcomeMessage: message,
          link: appLink(config.appUrl, path, { token: p.secret }),
        }),
      };
    }),
    now,
  );

  // Search words: name and email of each relation (new ones in bulk; re-invited ones rewritten).
  const terms = created.flatMap((p) =>
    searchTermsOf(p.name, p.email).map((term) => ({
      entity: "contractor" as const,
      entity_id: p.contractorId,
      company_id: input.companyId,
      term,
    })),
  );
  for (const part of chunks(terms, 1000)) await trx.insertInto("search_terms").values(part).execute();
  for (const p of reinvited) {
    await writeSearchTerms(trx, "contractor", p.contractorId, input.companyId, [p.name, p.email]);
  }

  const results: InviteResult[] = normalized.map(({ entry, email }) => {
    if (!email) return { email: entry.email.trim(), outcome: "invalid", reason: "format" };
    if (email === inviter.email) return { email, outcome: "invalid", reason: "self" };
    return outcomes.get(email) ?? { email, outcome: "invalid", reason: "format" };
  });
  return { results, changedContractorIds: plans.map((p) => p.contractorId) };
}
