import { describe, expect, it } from "vitest";
import { buildImport, companyOfTests, ownerOf, signedInCompany } from "../../../test/support/factories.ts";
import { invalidRow, validRow } from "../../../test/support/imports-staging.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { ImportStatus } from "../../common/wire/imports.ts";
import { transact } from "../kernel/transaction.ts";
import { discardImport } from "./discard-import.ts";
import { stageRows } from "./stage-rows.ts";

const t = setUpTestApp();
const company = companyOfTests(t);

const discard = (importId: string, actor = company.actor()) =>
  transact(t.context, (tx) => discardImport(tx, actor, importId));
const importIn = (status: ImportStatus) => buildImport(t.context.database.db, company.actor(), { status });

describe("discardImport", () => {
  it("marks an import that is ready to preview as discarded", async () => {
    const ready = await importIn("validated");
    await discard(ready.id);
    expect((await rowOf(t, "task_imports", ready.id)).status).toBe("discarded");
  });

  it("drops the rows and errors it staged", async () => {
    const reading = await importIn("parsing");
    const rows = [validRow(2), invalidRow(3)];
    await transact(t.context, (tx) =>
      stageRows(tx, company.actor(), { importId: reading.id, rows, done: 50, publish: false }),
    );
    await discard(reading.id);
    const { db } = t.context.database;
    const left = [
      ...(await db
        .selectFrom("task_import_rows")
        .select("row_number")
        .where("import_id", "=", reading.id)
        .execute()),
      ...(await db
        .selectFrom("task_import_errors")
        .select("row_number")
        .where("import_id", "=", reading.id)
        .execute()),
    ];
    expect(left).toEqual([]);
  });

  it("changes nothing when discarded twice", async () => {
    const failed = await importIn("failed");
    await discard(failed.id);
    await expect(discard(failed.id)).resolves.toBeUndefined();
  });

  it("refuses an import that is done with 409", async () => {
    const done = await importIn("done");
    await expect(discard(done.id)).rejects.toMatchObject({ status: 409 });
  });

  it("answers 404 for another company's import", async () => {
    const other = await signedInCompany(t);
    const theirs = await buildImport(t.context.database.db, ownerOf(other), { status: "validated" });
    await expect(discard(theirs.id)).rejects.toMatchObject({ status: 404 });
  });
});
