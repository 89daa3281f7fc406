import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import type { AppContext } from "../kernel/context.ts";
import { contractorQuery, presentContractor } from "./present.ts";

/**
 * The mailbox owner proved they own the address (an invitation or recovery link was used): every pending,
 * not removed invitation of this user is accepted. Those whose required information is complete become
 * Active at once. Returns the ids of the relations that changed.
 */
export async function acceptPendingInvitations(
  trx: Kysely<DB>,
  userId: string,
  now = new Date(),
): Promise<string[]> {
  const iso = now.toISOString();
  const pending = await trx
    .selectFrom("contractors")
    .select("id")
    .where("user_id", "=", userId)
    .where("status", "=", "invited")
    .where("accepted_at", "is", null)
    .execute();
  if (pending.length === 0) return [];
  const ids = pending.map((p) => p.id);
  await trx
    .updateTable("contractors")
    .set({ accepted_at: iso, updated_at: iso })
    .where("id", "in", ids)
    .execute();
  await activateIfComplete(trx, userId, now);
  return ids;
}

/**
 * Accepted invitations of a user whose required information is complete become Active.
 * Returns the ids that became Active.
 */
export async function activateIfComplete(
  trx: Kysely<DB>,
  userId: string,
  now = new Date(),
): Promise<string[]> {
  const profile = await trx
    .selectFrom("contractor_profiles")
    .select("completed_at")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (!profile) return [];
  const iso = now.toISOString();
  const ready = await trx
    .selectFrom("contractors")
    .select("id")
    .where("user_id", "=", userId)
    .where("status", "=", "invited")
    .where("accepted_at", "is not", null)
    .execute();
  if (ready.length === 0) return [];
  const ids = ready.map((r) => r.id);
  await trx
    .updateTable("contractors")
    .set({ status: "active", activated_at: iso, updated_at: iso })
    .where("id", "in", ids)
    .execute();
  return ids;
}

/**
 * More changes than this at once (a bulk invitation, a batch of invitation emails sent) become one
 * "refetch" event per company: a page shows 50 rows, and a thousand events would cost more than a refetch.
 */
export const MAX_SINGLE_UPDATES = 20;

/**
 * After commit: each company that holds one of these relations sees it change live. A bulk change sends
 * `{companyId, refetch: true}` instead of a thousand events (the bus does the same for oversized ones).
 */
export async function publishContractorUpdates(context: AppContext, contractorIds: string[]): Promise<void> {
  if (contractorIds.length === 0) return;
  const { db } = context.database;
  if (contractorIds.length > MAX_SINGLE_UPDATES) {
    const companies = new Set<string>();
    for (let i = 0; i < contractorIds.length; i += 500) {
      const rows = await db
        .selectFrom("contractors")
        .select("company_id")
        .distinct()
        .where("id", "in", contractorIds.slice(i, i + 500))
        .execute();
      for (const row of rows) companies.add(row.company_id);
    }
    await Promise.all(
      [...companies].map((companyId) =>
        context.bus.publish({
          name: "contractor.updated",
          audience: { companyId },
          data: { companyId, refetch: true },
        }),
      ),
    );
    return;
  }
  const rows = await contractorQuery(db).where("c.id", "in", contractorIds).execute();
  await Promise.all(
    rows.map((row) =>
      context.bus.publish({
        name: "contractor.updated",
        audience: { companyId: row.company_id },
        data: { companyId: row.company_id, contractor: presentContractor(row) },
      }),
    ),
  );
}
