import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTeam, ownerOf, type Team } from "../../../test/support/factories.ts";
import { csvFile } from "../../../test/support/import-files.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { failStalledReadings, STALLED_AFTER_MS, STALLED_MESSAGE } from "./fail-stalled-readings.ts";
import { stageRows } from "./stage-rows.ts";
import { startImport } from "./start-import.ts";

let t: TestApp;
let team: Team;
beforeAll(async () => {
  t = await startTestApp();
  team = await buildTeam(t);
});
afterAll(() => t.close());

describe("readings that stopped with their process", () => {
  it("fail with a message saying to upload again, drop their rows, and leave live readings alone", async () => {
    const actor = ownerOf(team);
    const file = { fileName: "a.csv", size: csvFile([["x"]]).length, sha256: "0".repeat(64) };
    const long = new Date(Date.now() - STALLED_AFTER_MS - 60_000);
    const stalled = await transact(t.context, (tx) => startImport(tx, actor, file), long);
    const task = {
      contractorEmail: "a@example.com",
      contractorName: null,
      title: "T",
      description: "",
      amount: "1.00",
      amountMinor: 100,
      currency: "USD",
      deadline: null,
      project: null,
      externalId: null,
    };
    await transact(
      t.context,
      (tx) =>
        stageRows(tx, actor, { importId: stalled.id, rows: [{ row: 2, task }], done: 10, publish: false }),
      long,
    );
    const live = await transact(t.context, (tx) => startImport(tx, actor, file));

    expect(await transact(t.context, (tx) => failStalledReadings(tx))).toBeGreaterThanOrEqual(1);

    const { db } = t.context.database;
    const rows = await db
      .selectFrom("task_imports")
      .select(["id", "status", "error", "total_rows"])
      .where("id", "in", [stalled.id, live.id])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { id: stalled.id, status: "failed", error: STALLED_MESSAGE, total_rows: 0 },
      { id: live.id, status: "parsing", error: null, total_rows: 0 },
    ]);
    expect(
      await db
        .selectFrom("task_import_rows")
        .select("row_number")
        .where("import_id", "=", stalled.id)
        .execute(),
    ).toEqual([]);
  });
});
