import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { AcceptedInvitation } from "../../common/wire/contractors.ts";
import { revokeRelationTokens } from "../auth/auth-tokens.ts";
import { localPartOf } from "../auth/mailbox-proof.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import { recordAudit } from "../kernel/audit.ts";
import { emitCompanyEvents } from "../kernel/company-events.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishContractorUpdates } from "./events.ts";

/**
 * Accepts one invitation (by its link, or inside the app): no other link of it stays usable, and the
 * relation becomes Active at once when the contractor's required information is complete. Queues the live
 * updates of what changed.
 */
export async function acceptRelation(
  tx: Tx,
  userId: string,
  contractorId: string,
): Promise<AcceptedInvitation> {
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("contractors")
    .set({ accepted_at: iso, updated_at: iso })
    .where("id", "=", contractorId)
    .execute();
  await revokeRelationTokens(tx.db, contractorId, tx.now);
  const activated = await activateIfComplete(tx, userId);
  await publishContractorUpdates(tx, [...new Set([contractorId, ...activated])]);
  const row = await tx.db
    .selectFrom("contractors as c")
    .innerJoin("companies as co", "co.id", "c.company_id")
    .select(["c.id", "c.company_id", "co.name", "c.status"])
    .where("c.id", "=", contractorId)
    .executeTakeFirstOrThrow();
  return { contractorId: row.id, companyId: row.company_id, companyName: row.name, status: row.status };
}

/**
 * The owner proved their mailbox with a link meant to accept: every pending, not removed invitation of this
 * user is accepted. Those whose required information is complete become Active at once (unless `activate`
 * is false: the information is being forgotten). Queues the live updates; returns the companies joined.
 */
export async function acceptPendingInvitations(
  tx: Tx,
  userId: string,
  options: { activate: boolean } = { activate: true },
): Promise<JoinedCompany[]> {
  const iso = tx.now.toISOString();
  const pending = await tx.db
    .selectFrom("contractors as c")
    .innerJoin("companies as co", "co.id", "c.company_id")
    .select(["c.id", "c.company_id", "co.name"])
    .where("c.user_id", "=", userId)
    .where("c.status", "=", "invited")
    .where("c.accepted_at", "is", null)
    .orderBy("co.name")
    .execute();
  if (pending.length === 0) return [];
  const ids = pending.map((p) => p.id);
  await tx.db
    .updateTable("contractors")
    .set({ accepted_at: iso, updated_at: iso })
    .where("id", "in", ids)
    .execute();
  for (const id of ids) await revokeRelationTokens(tx.db, id, tx.now);
  if (options.activate) await activateIfComplete(tx, userId);
  await publishContractorUpdates(tx, ids);
  return pending.map((p) => ({ companyId: p.company_id, companyName: p.name }));
}

/**
 * An account reset by the proof of its mailbox: what was accepted with it before is not its owner's
 * consent. Its relations not removed go back to Invited and not accepted, named by the address's local
 * part; each company sees it live.
 */
export async function takeBackAcceptances(tx: Tx, userId: string): Promise<void> {
  const accepted = await tx.db
    .selectFrom("contractors as c")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select(["c.id", "c.company_id", "u.email"])
    .where("c.user_id", "=", userId)
    .where("c.status", "!=", "removed")
    .where("c.accepted_at", "is not", null)
    .execute();
  if (accepted.length === 0) return;
  // Nothing the reset account held stays in view: the companies see the address's local part again.
  const email = accepted[0]?.email ?? "";
  await nameRelations(tx, accepted, localPartOf(email), email);
  const ids = accepted.map((r) => r.id);
  await tx.db
    .updateTable("contractors")
    .set({ status: "invited", accepted_at: null, activated_at: null, updated_at: tx.now.toISOString() })
    .where("id", "in", ids)
    .execute();
  await publishContractorUpdates(tx, ids);
}

/**
 * Accepted invitations of a user whose required information is complete become Active, and their companies
 * see the legal name from it. Returns the ids that became Active.
 */
export async function activateIfComplete(tx: Tx, userId: string): Promise<string[]> {
  const profile = await tx.db
    .selectFrom("contractor_profiles as p")
    .innerJoin("users as u", "u.id", "p.user_id")
    .select(["p.first_name", "p.last_name", "u.email"])
    .where("p.user_id", "=", userId)
    .executeTakeFirst();
  if (!profile) return [];
  const ready = await tx.db
    .selectFrom("contractors")
    .select(["id", "company_id"])
    .where("user_id", "=", userId)
    .where("status", "=", "invited")
    .where("accepted_at", "is not", null)
    .execute();
  if (ready.length === 0) return [];
  const ids = ready.map((r) => r.id);
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("contractors")
    .set({ status: "active", activated_at: iso, updated_at: iso })
    .where("id", "in", ids)
    .execute();
  // Accepted and complete: the company now sees the legal name of the required information.
  const name = `${profile.first_name} ${profile.last_name}`;
  await nameRelations(tx, ready, name, profile.email);
  for (const relation of ready) {
    await recordAudit(
      tx,
      { companyId: relation.company_id, userId, door: "web" },
      {
        action: "contractor.activated",
        subjectType: "contractor",
        subjectId: relation.id,
        summary: `${name} became Active`,
        details: { email: profile.email, name },
      },
    );
    await emitCompanyEvents(tx, relation.company_id, [
      {
        type: "contractor.activated",
        data: { contractorId: relation.id, email: profile.email, name, activatedAt: iso },
      },
    ]);
  }
  return ids;
}

/** The name these relations' companies see from now on, and their search words. */
export async function nameRelations(
  tx: Tx,
  relations: Array<{ id: string; company_id: string }>,
  name: string,
  email: string,
): Promise<void> {
  if (relations.length === 0) return;
  await tx.db
    .updateTable("contractors")
    .set({ name })
    .where(
      "id",
      "in",
      relations.map((r) => r.id),
    )
    .execute();
  for (const r of relations) await writeSearchTerms(tx.db, "contractor", r.id, r.company_id, [name, email]);
}
