import { describe, expect, it } from "vitest";
import { buildImport, companyOfTests } from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { finishReading } from "./finish-reading.ts";

const t = setUpTestApp();
const company = companyOfTests(t);

const reading = () => buildImport(t.context.database.db, company.actor(), { progress_total: 100 });

describe("finishReading", () => {
  it("makes the preview ready with the progress full", async () => {
    const started = await reading();
    await transact(t.context, (tx) => finishReading(tx, company.actor(), started.id));
    expect(await rowOf(t, "task_imports", started.id)).toMatchObject({
      status: "validated",
      progress_done: 100,
    });
  });
});
