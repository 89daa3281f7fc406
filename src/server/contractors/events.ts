import { chunks } from "../db/chunks.ts";
import type { Tx } from "../kernel/tx.ts";
import { contractorQuery, presentContractor } from "./present.ts";

/**
 * More changes than this at once (a bulk invitation, a batch of invitation emails sent) become one
 * "refetch" event per company: a page shows 50 rows, and a thousand events would cost more than a refetch.
 */
const MAX_SINGLE_UPDATES = 20;

/**
 * Queues `contractor.updated` for these relations, read as the transaction leaves them: each company that
 * holds one sees it change live once the change commits. A bulk change queues `{companyId, refetch: true}`
 * instead of a thousand events (the bus does the same for oversized ones).
 */
export async function publishContractorUpdates(tx: Tx, contractorIds: string[]): Promise<void> {
  if (contractorIds.length === 0) return;
  if (contractorIds.length > MAX_SINGLE_UPDATES) {
    const companies = new Set<string>();
    for (const part of chunks(contractorIds)) {
      const rows = await tx.db
        .selectFrom("contractors")
        .select("company_id")
        .distinct()
        .where("id", "in", part)
        .execute();
      for (const row of rows) companies.add(row.company_id);
    }
    for (const companyId of companies) {
      tx.publish("contractor.updated", { companyId }, { companyId, refetch: true });
    }
    return;
  }
  const rows = await contractorQuery(tx.db).where("c.id", "in", contractorIds).execute();
  for (const row of rows) {
    tx.publish(
      "contractor.updated",
      { companyId: row.company_id },
      { companyId: row.company_id, contractor: presentContractor(row) },
    );
  }
}
