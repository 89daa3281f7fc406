import { describe, expect, it } from "vitest";
import { buildImport, companyOfTests } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { recordFileFacts } from "./record-file.ts";
import { ImportStopped } from "./stage-rows.ts";

const t = setUpTestApp();
const company = companyOfTests(t);

const reading = () => buildImport(t.context.database.db, company.actor(), { progress_total: 100 });
const facts = {
  type: "file" as const,
  kind: "csv" as const,
  encoding: "UTF-8",
  delimiter: ";",
  header: ["Contractor email", "Title", "Amount"],
  warnings: ["Row 7 is empty: skipped."],
  total: 4096,
};

describe("recordFileFacts", () => {
  it("records the file's kind, encoding, separator, header and warnings", async () => {
    const started = await reading();
    await transact(t.context, (tx) => recordFileFacts(tx, company.actor(), { importId: started.id, facts }));
    expect(await rowOf(t, "task_imports", started.id)).toMatchObject({
      file_kind: "csv",
      encoding: "UTF-8",
      delimiter: ";",
      header: JSON.stringify(facts.header),
      warnings: JSON.stringify(facts.warnings),
      progress_total: 4096,
    });
  });

  it("stops the reading of an import discarded meanwhile", async () => {
    const discarded = await buildImport(t.context.database.db, company.actor(), { status: "discarded" });
    await expect(
      transact(t.context, (tx) => recordFileFacts(tx, company.actor(), { importId: discarded.id, facts })),
    ).rejects.toBeInstanceOf(ImportStopped);
  });
});
