/** Rows as reading stages them, for tests of the import's use cases without a file. */
import type { ImportedTask } from "../../src/common/imports/validate.ts";
import type { StagedRow } from "../../src/server/imports/reading/read-file.ts";

/** A valid row of the file: the task it makes (`overrides` changes any field). */
export function validRow(row: number, overrides: Partial<ImportedTask> = {}): StagedRow {
  return {
    row,
    task: {
      contractorEmail: "carla@example.com",
      contractorName: null,
      title: `Task of row ${row}`,
      description: "",
      amount: "10.00",
      amountMinor: 1000,
      currency: "USD",
      deadline: null,
      project: null,
      externalId: null,
      ...overrides,
    },
  };
}

/** A row the checks refused: its cells as uploaded and one error naming `column`. */
export function invalidRow(row: number, column = "Amount", message = "Enter an amount."): StagedRow {
  return { row, cells: ["carla@example.com", "A task", ""], errors: [{ column, message }] };
}
