import { beforeAll, describe, expect, it } from "vitest";
import { buildImport, buildTeam, ownerOf, type Team, taskIn } from "../../../test/support/factories.ts";
import { invalidRow, validRow } from "../../../test/support/imports-staging.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { unique } from "../../../test/support/unique.ts";
import { transact } from "../kernel/transaction.ts";
import type { StagedRow } from "./reading/read-file.ts";
import { ImportStopped, stageRows } from "./stage-rows.ts";

const t = setUpTestApp();
let team: Team;
beforeAll(async () => {
  team = await buildTeam(t);
});

const reading = () => buildImport(t.context.database.db, ownerOf(team));
const stage = (importId: string, rows: StagedRow[], done = 10) =>
  transact(t.context, (tx) => stageRows(tx, ownerOf(team), { importId, rows, done, publish: false }));

describe("stageRows", () => {
  it("counts valid and invalid rows and moves the progress on", async () => {
    const started = await reading();
    await stage(started.id, [validRow(2), validRow(3), invalidRow(4)], 60);
    expect(await rowOf(t, "task_imports", started.id)).toMatchObject({
      total_rows: 3,
      valid_rows: 2,
      invalid_rows: 1,
      progress_done: 60,
    });
  });

  it("sets a row whose External ID a task of the company has apart as a duplicate", async () => {
    const externalId = `EXT-${unique()}`;
    await taskIn(team, "draft", { externalId });
    const started = await reading();
    await stage(started.id, [validRow(2, { externalId })]);
    expect(await rowOf(t, "task_imports", started.id)).toMatchObject({ valid_rows: 0, duplicate_rows: 1 });
  });

  it("numbers the errors on from the batches before", async () => {
    const started = await reading();
    await stage(started.id, [invalidRow(2)]);
    await stage(started.id, [invalidRow(3, "Title", "Enter a title.")]);
    const errors = await t.context.database.db
      .selectFrom("task_import_errors")
      .select(["seq", "row_number", "column_name"])
      .where("import_id", "=", started.id)
      .orderBy("seq")
      .execute();
    expect(errors).toEqual([
      { seq: 1, row_number: 2, column_name: "Amount" },
      { seq: 2, row_number: 3, column_name: "Title" },
    ]);
  });

  it("stops the reading of an import that was discarded", async () => {
    const discarded = await buildImport(t.context.database.db, ownerOf(team), { status: "discarded" });
    await expect(stage(discarded.id, [validRow(2)])).rejects.toBeInstanceOf(ImportStopped);
  });
});
