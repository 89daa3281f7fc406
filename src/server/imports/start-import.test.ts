import { describe, expect, it } from "vitest";
import { recordEvents } from "../../../test/support/events.ts";
import { buildImport, companyOfTests, ownerOf, signedInCompany } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { unique } from "../../../test/support/unique.ts";
import { transact } from "../kernel/transaction.ts";
import { startImport, type UploadedFile } from "./start-import.ts";

const t = setUpTestApp();
const company = companyOfTests(t);

const fileOf = (sha256 = unique().padEnd(64, "a")): UploadedFile => ({
  fileName: "tasks.csv",
  size: 2048,
  sha256,
});
const start = (file: UploadedFile) => transact(t.context, (tx) => startImport(tx, company.actor(), file));

describe("startImport", () => {
  it("records the upload as an import being read, from nothing of its size", async () => {
    expect(await start(fileOf())).toMatchObject({
      status: "parsing",
      file_name: "tasks.csv",
      progress_done: 0,
      progress_total: 2048,
      created_by: company.owners().owner.id,
    });
  });

  it("flags the very same file imported before in the company", async () => {
    const earlier = await buildImport(t.context.database.db, company.actor(), { status: "done" });
    expect((await start(fileOf(earlier.file_sha256))).same_file_as).toBe(earlier.id);
  });

  it("does not flag the same file imported by another company", async () => {
    const other = await signedInCompany(t);
    const theirs = await buildImport(t.context.database.db, ownerOf(other), { status: "done" });
    expect((await start(fileOf(theirs.file_sha256))).same_file_as).toBeNull();
  });

  it("tells the company's open pages after the commit", async () => {
    const events = recordEvents(t);
    try {
      const started = await start(fileOf());
      const event = await events.waitFor(
        (e) => e.name === "import.updated" && "import" in e.data && e.data.import.id === started.id,
      );
      expect(event.audience).toEqual({ companyId: company.owners().company.id });
    } finally {
      events.stop();
    }
  });
});
