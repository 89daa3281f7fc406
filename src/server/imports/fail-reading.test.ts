import { describe, expect, it } from "vitest";
import { buildImport, companyOfTests } from "../../../test/support/factories.ts";
import { validRow } from "../../../test/support/imports-staging.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { failReading } from "./fail-reading.ts";
import { stageRows } from "./stage-rows.ts";

const t = setUpTestApp();
const company = companyOfTests(t);

const reading = () => buildImport(t.context.database.db, company.actor(), { progress_total: 100 });

describe("failReading", () => {
  const fail = (importId: string, message = "The file is empty: it has no header row and no tasks.") =>
    transact(t.context, (tx) => failReading(tx, company.actor(), { importId, message }));

  it("fails the import with the reason the person reads", async () => {
    const started = await reading();
    await fail(started.id, "The file has a header row but no tasks under it.");
    expect(await rowOf(t, "task_imports", started.id)).toMatchObject({
      status: "failed",
      error: "The file has a header row but no tasks under it.",
    });
  });

  it("keeps none of the rows staged before, and counts none", async () => {
    const started = await reading();
    await transact(t.context, (tx) =>
      stageRows(tx, company.actor(), { importId: started.id, rows: [validRow(2)], done: 5, publish: false }),
    );
    await fail(started.id);
    const rows = await t.context.database.db
      .selectFrom("task_import_rows")
      .select("row_number")
      .where("import_id", "=", started.id)
      .execute();
    expect({ rows, counted: (await rowOf(t, "task_imports", started.id)).total_rows }).toEqual({
      rows: [],
      counted: 0,
    });
  });
});
