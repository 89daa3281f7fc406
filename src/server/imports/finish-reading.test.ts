import { beforeAll, describe, expect, it } from "vitest";
import {
  buildImport,
  ownerOf,
  type SignedInCompany,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { transact } from "../kernel/transaction.ts";
import { finishReading } from "./finish-reading.ts";

const t = setUpTestApp();
let owners: SignedInCompany;
beforeAll(async () => {
  owners = await signedInCompany(t);
});

const reading = () => buildImport(t.context.database.db, ownerOf(owners), { progress_total: 100 });

describe("finishReading", () => {
  it("makes the preview ready with the progress full", async () => {
    const started = await reading();
    await transact(t.context, (tx) => finishReading(tx, ownerOf(owners), started.id));
    expect(await rowOf(t, "task_imports", started.id)).toMatchObject({
      status: "validated",
      progress_done: 100,
    });
  });
});
