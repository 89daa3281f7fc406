import type { Tx } from "../kernel/tx.ts";
import { presentImport } from "./present.ts";
import { findImportRecord } from "./queries.ts";

/** Queues `import.updated` with the import as it stands in this transaction; published after the commit. */
export async function publishImportUpdated(tx: Tx, companyId: string, importId: string): Promise<void> {
  const row = await findImportRecord(tx.db, companyId, importId);
  tx.publish("import.updated", { companyId }, { companyId, import: await presentImport(tx.db, row) });
}
