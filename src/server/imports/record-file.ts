import type { Tx } from "../kernel/tx.ts";
import type { ImportRef } from "./actor.ts";
import { publishImportUpdated } from "./events.ts";
import type { ReadEvent } from "./reading/read-file.ts";
import { stillReading } from "./stage-rows.ts";

type FileFacts = Extract<ReadEvent, { type: "file" }>;

/** What reading found out about the file before its rows: kind, encoding, separator, header, warnings. */
export async function recordFileFacts(tx: Tx, ref: ImportRef, facts: FileFacts): Promise<void> {
  await stillReading(tx, ref);
  await tx.db
    .updateTable("task_imports")
    .set({
      file_kind: facts.kind,
      encoding: facts.encoding,
      delimiter: facts.delimiter,
      header: JSON.stringify(facts.header),
      warnings: JSON.stringify(facts.warnings),
      progress_total: facts.total,
      updated_at: tx.now.toISOString(),
    })
    .where("id", "=", ref.importId)
    .execute();
  await publishImportUpdated(tx, ref.companyId, ref.importId);
}
