import type { CompanyActor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import type { ReadEvent } from "./reading/read-file.ts";
import { stillReading } from "./stage-rows.ts";

export interface FileFactsInput {
  importId: string;
  facts: Extract<ReadEvent, { type: "file" }>;
}

/**
 * What reading found out about the file before its rows: kind, encoding, separator, header, warnings. Done
 * on behalf of the person who uploaded it.
 */
export async function recordFileFacts(tx: Tx, actor: CompanyActor, input: FileFactsInput): Promise<void> {
  const { importId, facts } = input;
  await stillReading(tx, actor, importId);
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
    .where("id", "=", importId)
    .execute();
  await publishImportUpdated(tx, actor.companyId, importId);
}
