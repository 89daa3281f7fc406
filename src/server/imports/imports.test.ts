import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildCompany,
  buildTeam,
  buildUser,
  signedInClient,
  type Team,
} from "../../../test/support/factories.ts";
import { csvFile, xlsxFile } from "../../../test/support/import-files.ts";
import { importFile, multipartBody, uploadFile, waitForImport } from "../../../test/support/imports.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import type { AppEvent } from "../events/bus.ts";

let t: TestApp;
let team: Team;
let cid: string;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  team = await buildTeam(t, "Importers");
  cid = team.company.id;
  base = `/api/companies/${cid}/task-imports`;
});
afterAll(() => t.close());

const HEADER = [
  "Contractor email",
  "Contractor name",
  "Task title",
  "Amount",
  "Currency",
  "Deadline",
  "External ID",
];
const row = (i: number, overrides: Partial<Record<string, string>> = {}) => [
  overrides.email ?? `worker${i}@example.com`,
  overrides.name ?? `Worker ${i}`,
  overrides.title ?? `Task ${i}`,
  overrides.amount ?? "100.50",
  overrides.currency ?? "USD",
  overrides.deadline ?? "2026-12-31",
  overrides.externalId ?? "",
];

describe("the sample files", () => {
  it("offers a CSV with the columns and one example row that imports as one valid task", async () => {
    const res = await team.owner.get(`${base}/sample.csv`);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(
      /attachment; filename="crewdesk-task-import-sample\.csv"/,
    );
    const lines = res.body
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      '"Contractor email","Contractor name","Task title","Description","Amount","Currency","Deadline","Project","External ID"',
    );
    expect(lines).toHaveLength(2);
    const imported = await importFile(team.owner, cid, "sample.csv", Buffer.from(res.body));
    expect(imported).toMatchObject({
      status: "validated",
      totalRows: 1,
      validRows: 1,
      invalidRows: 0,
      encoding: "UTF-8 with BOM",
      delimiter: ",",
    });
  });

  it("offers an XLSX with a note on each header, currencies as a drop-down list and text-typed text columns", async () => {
    const res = await team.owner.request({ method: "GET", url: `${base}/sample.xlsx` });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const bytes = Buffer.from(res.body, "binary");
    const raw = await t.app.inject({
      method: "GET",
      url: `${base}/sample.xlsx`,
      headers: { cookie: [...team.owner.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    });
    const file = raw.rawPayload;
    expect(file.subarray(0, 2).toString()).toBe("PK");
    expect(bytes.length).toBeGreaterThan(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Tasks");
    expect(sheet?.getCell("A1").value).toBe("Contractor email");
    expect(
      String(
        (sheet?.getCell("A1").note as { texts?: Array<{ text: string }> } | string | undefined) &&
          JSON.stringify(sheet?.getCell("A1").note),
      ),
    ).toMatch(/Required/);
    expect(sheet?.getCell("F2").value).toBe("USD");
    expect(sheet?.getCell("F3").dataValidation).toMatchObject({
      type: "list",
      formulae: [expect.stringMatching(/^Currencies!\$A\$1:\$A\$\d+$/)],
    });
    expect(sheet?.getCell("I5").numFmt).toBe("@");
    const imported = await importFile(team.owner, cid, "sample.xlsx", file);
    expect(imported).toMatchObject({
      status: "validated",
      totalRows: 1,
      validRows: 1,
      encoding: null,
      delimiter: null,
      warnings: [],
    });
  });
});

describe("uploading and previewing", () => {
  it("answers 202 with the import being read, then shows the preview with totals, errors by row and column", async () => {
    const bytes = csvFile([
      HEADER,
      row(1),
      row(2, { amount: "1 234,5" }),
      row(3, { email: "not-an-email", currency: "usdollar" }),
      row(4, { deadline: "2026-13-01" }),
    ]);
    const res = await uploadFile(team.owner, cid, "tasks.csv", bytes);
    expect(res.status, res.body).toBe(202);
    expect(res.json).toMatchObject({
      status: "parsing",
      fileName: "tasks.csv",
      result: null,
      sameFileAs: null,
    });
    expect(Object.keys(res.json).sort()).toEqual(
      [
        "id",
        "status",
        "fileName",
        "encoding",
        "delimiter",
        "progress",
        "totalRows",
        "validRows",
        "invalidRows",
        "duplicateRows",
        "sameFileAs",
        "warnings",
        "error",
        "errors",
        "errorCount",
        "result",
        "createdAt",
        "updatedAt",
      ].sort(),
    );
    const done = await waitForImport(team.owner, cid, res.json.id);
    expect(done).toMatchObject({
      status: "validated",
      encoding: "UTF-8",
      delimiter: ",",
      totalRows: 4,
      validRows: 2,
      invalidRows: 2,
      duplicateRows: 0,
      error: null,
      errorCount: 3,
      progress: { done: bytes.length, total: bytes.length },
      errors: [
        { row: 4, column: "Contractor email", message: '"not-an-email" is not an email address.' },
        {
          row: 4,
          column: "Currency",
          message: 'Currency "usdollar" is not an ISO 4217 code such as USD or EUR.',
        },
        { row: 5, column: "Deadline", message: 'Deadline "2026-13-01" is not a date that exists.' },
      ],
    });
    const staged = await t.context.database.db
      .selectFrom("task_import_rows")
      .select(["row_number", "status", "amount_minor", "contractor_email"])
      .where("import_id", "=", done.id)
      .orderBy("row_number")
      .execute();
    expect(staged).toEqual([
      { row_number: 2, status: "valid", amount_minor: 10050, contractor_email: "worker1@example.com" },
      { row_number: 3, status: "valid", amount_minor: 123450, contractor_email: "worker2@example.com" },
      { row_number: 4, status: "invalid", amount_minor: null, contractor_email: null },
      { row_number: 5, status: "invalid", amount_minor: null, contractor_email: null },
    ]);
  });

  it("reads an XLSX whose shared strings come after the sheet", async () => {
    const file = xlsxFile(
      [HEADER, ["ann@example.com", "Ann", "Write", 12, "EUR", { date: "2027-01-15" }, "X-1"]],
      { sharedStringsLast: true },
    );
    const done = await importFile(team.owner, cid, "excel.xlsx", file);
    expect(done).toMatchObject({ status: "validated", validRows: 1, errorCount: 0 });
    const staged = await t.context.database.db
      .selectFrom("task_import_rows")
      .select(["title", "currency", "deadline", "external_id"])
      .where("import_id", "=", done.id)
      .executeTakeFirstOrThrow();
    expect(staged).toEqual({ title: "Write", currency: "EUR", deadline: "2027-01-15", external_id: "X-1" });
  });

  it("counts rows whose External ID a task of the company has as duplicates, not errors", async () => {
    const created = await team.owner.post(`/api/companies/${cid}/tasks`, {
      title: "Existing",
      amount: "5",
      currency: "USD",
      externalId: "EXT-77",
    });
    expect(created.status).toBe(201);
    const done = await importFile(
      team.owner,
      cid,
      "dupes.csv",
      csvFile([HEADER, row(1, { externalId: "EXT-77" }), row(2, { externalId: "EXT-78" })]),
    );
    expect(done).toMatchObject({
      totalRows: 2,
      validRows: 1,
      duplicateRows: 1,
      invalidRows: 0,
      errorCount: 0,
    });
  });

  it("lists the rows read, as the tasks they will make, and the duplicates apart, in file order", async () => {
    const created = await team.owner.post(`/api/companies/${cid}/tasks`, {
      title: "Kept",
      amount: "5",
      currency: "USD",
      externalId: "ROWS-2",
    });
    expect(created.status).toBe(201);
    const done = await importFile(
      team.owner,
      cid,
      "rows.csv",
      csvFile([
        HEADER,
        row(1, { amount: "1 234,5", externalId: "ROWS-1" }),
        row(2, { externalId: "ROWS-2" }),
        row(3, { currency: "jpy", amount: "1,500" }),
        row(4, { email: "bad" }),
      ]),
    );
    const valid = await team.owner.get(`${base}/${done.id}/rows`);
    expect(valid.status).toBe(200);
    expect(valid.json).toEqual({
      items: [
        {
          row: 2,
          status: "valid",
          contractorEmail: "worker1@example.com",
          contractorName: "Worker 1",
          title: "Task 1",
          description: "",
          amount: "1234.50",
          currency: "USD",
          deadline: "2026-12-31",
          project: null,
          externalId: "ROWS-1",
        },
        {
          row: 4,
          status: "valid",
          contractorEmail: "worker3@example.com",
          contractorName: "Worker 3",
          title: "Task 3",
          description: "",
          amount: "1500",
          currency: "JPY",
          deadline: "2026-12-31",
          project: null,
          externalId: null,
        },
      ],
      nextCursor: null,
    });
    const duplicates = await team.owner.get(`${base}/${done.id}/rows?status=duplicate`);
    expect(duplicates.json.items.map((r: { row: number }) => r.row)).toEqual([3]);
  });

  it("pages the rows read", async () => {
    const done = await importFile(
      team.owner,
      cid,
      "sixty.csv",
      csvFile([HEADER, ...Array.from({ length: 60 }, (_, i) => row(i))]),
    );
    const first = await team.owner.get(`${base}/${done.id}/rows`);
    expect(first.json.items).toHaveLength(50);
    const second = await team.owner.get(`${base}/${done.id}/rows?cursor=${first.json.nextCursor}`);
    expect(second.json.items.map((r: { row: number }) => r.row)).toEqual(
      Array.from({ length: 10 }, (_, i) => 52 + i),
    );
    expect(second.json.nextCursor).toBeNull();
  });

  it("flags a file identical to one imported before", async () => {
    const bytes = csvFile([HEADER, row(1, { title: "Same file" })]);
    const first = await importFile(team.owner, cid, "same.csv", bytes);
    expect(first.sameFileAs).toBeNull();
    // Committing is the next step of an import; here the first one is marked imported as a commit leaves it.
    await t.context.database.db
      .updateTable("task_imports")
      .set({ status: "done" })
      .where("id", "=", first.id)
      .execute();
    const again = await importFile(team.owner, cid, "same-again.csv", bytes);
    expect(again.sameFileAs).toBe(first.id);
    const other = await buildTeam(t);
    expect((await importFile(other.owner, other.company.id, "same.csv", bytes)).sameFileAs).toBeNull();
  });

  it("keeps the file's name as text, without the folders a browser may send", async () => {
    const name = "<img src=x onerror=alert(1)>.csv";
    const done = await importFile(team.owner, cid, name, csvFile([HEADER, row(1)]));
    expect(done.fileName).toBe(name);
    const res = await uploadFile(team.owner, cid, "C:\\fakepath\\tasks.csv", csvFile([HEADER, row(1)]));
    expect(res.json.fileName).toBe("tasks.csv");
    await waitForImport(team.owner, cid, res.json.id);
  });

  it("fails a file that cannot be imported, with the reason", async () => {
    const done = await importFile(
      team.owner,
      cid,
      "noemail.csv",
      csvFile([
        ["Task title", "Amount", "Currency"],
        ["Write", "1", "USD"],
      ]),
    );
    expect(done).toMatchObject({ status: "failed", totalRows: 0, validRows: 0, errorCount: 0, errors: [] });
    expect(done.error).toMatch(/^There is no Contractor email column/);
  });

  // A hundred thousand rows are staged before the one too many is met: minutes on a busy machine.
  it("fails a file of more than 100,000 rows, and keeps none of the rows staged before", async () => {
    const tooMany = await importFile(
      team.owner,
      cid,
      "big.csv",
      Buffer.from(`Contractor email,Task title,Amount,Currency\r\n${"a@b.co,T,1,USD\r\n".repeat(100_001)}`),
    );
    expect(tooMany).toMatchObject({ status: "failed", totalRows: 0 });
    expect(tooMany.error).toMatch(/more than 100,000 rows/);
    const left = await t.context.database.db
      .selectFrom("task_import_rows")
      .select("row_number")
      .where("import_id", "=", tooMany.id)
      .execute();
    expect(left).toEqual([]);
  }, 180_000);

  it("publishes the import's progress and its end as import.updated to the company", async () => {
    const events: AppEvent[] = [];
    const stop = t.context.bus.subscribe((e) => events.push(e));
    const done = await importFile(
      team.owner,
      cid,
      "live.csv",
      csvFile([HEADER, ...Array.from({ length: 1200 }, (_, i) => row(i))]),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    const mine = events.filter(
      (e) => e.name === "import.updated" && (e.data as { import?: { id: string } }).import?.id === done.id,
    );
    expect(mine.every((e) => e.audience.companyId === cid)).toBe(true);
    const statuses = mine.map((e) => (e.data as { import: { status: string } }).import.status);
    expect(statuses[0]).toBe("parsing");
    expect(statuses.at(-1)).toBe("validated");
    expect((mine.at(-1)?.data as { import?: { validRows: number } } | undefined)?.import?.validRows).toBe(
      1200,
    );
  });
});

describe("errors", () => {
  let importId: string;
  beforeAll(async () => {
    const rows = [
      HEADER,
      ...Array.from({ length: 150 }, (_, i) => row(i, { amount: "-1" })),
      row(999, { title: '=HYPERLINK("http://evil")', email: "@bad", name: "+Name", currency: "-USD" }),
    ];
    const done = await importFile(team.owner, cid, "many-errors.csv", csvFile(rows));
    importId = done.id;
    expect(done.errorCount).toBe(152);
    expect(done.errors).toHaveLength(100);
  });

  it("pages every error in row order", async () => {
    const first = await team.owner.get(`${base}/${importId}/errors`);
    expect(first.status).toBe(200);
    expect(first.json.items).toHaveLength(100);
    expect(first.json.items[0]).toEqual({
      row: 2,
      column: "Amount",
      message: "Amount must be greater than zero.",
    });
    const second = await team.owner.get(`${base}/${importId}/errors?cursor=${first.json.nextCursor}`);
    expect(second.json.items).toHaveLength(52);
    expect(second.json.nextCursor).toBeNull();
    expect(second.json.items.at(-1)).toEqual({
      row: 152,
      column: "Currency",
      message: 'Currency "-USD" is not an ISO 4217 code such as USD or EUR.',
    });
    const rows = [...first.json.items, ...second.json.items].map((e: { row: number }) => e.row);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
  });

  it("downloads errors.csv: the invalid rows as uploaded with an error column, formula-like cells neutralised", async () => {
    const res = await team.owner.get(`${base}/${importId}/errors.csv`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(/attachment/);
    expect(res.body.startsWith("\ufeff")).toBe(true);
    const lines = res.body.slice(1).trim().split("\r\n");
    expect(lines).toHaveLength(152);
    expect(lines[0]).toBe(`${HEADER.map((h) => `"${h}"`).join(",")},"Errors"`);
    expect(lines[1]).toBe(
      '"worker0@example.com","Worker 0","Task 0","\'-1","USD","2026-12-31","","Row 2: Amount: Amount must be greater than zero."',
    );
    expect(lines[151]).toBe(
      '"\'@bad","\'+Name","\'=HYPERLINK(""http://evil"")","100.50","\'-USD","2026-12-31","","Row 152: Contractor email: ""@bad"" is not an email address.; Currency: Currency ""-USD"" is not an ISO 4217 code such as USD or EUR."',
    );
  });

  it("neutralises cells that start with a tab or a carriage return", async () => {
    const done = await importFile(
      team.owner,
      cid,
      "tabs.csv",
      csvFile([HEADER, row(1, { name: "\tTabbed", title: "\rReturn", amount: "x" })]),
    );
    const res = await team.owner.get(`${base}/${done.id}/errors.csv`);
    expect(res.body).toContain('"\'\tTabbed","\'\rReturn"');
  });
});

describe("discarding", () => {
  it("discards a preview: 204, its staging rows gone, the import kept as discarded; again changes nothing", async () => {
    const done = await importFile(
      team.owner,
      cid,
      "discard.csv",
      csvFile([HEADER, row(1), row(2, { amount: "0" })]),
    );
    const res = await team.owner.delete(`${base}/${done.id}`);
    expect(res.status).toBe(204);
    expect((await team.owner.get(`${base}/${done.id}`)).json).toMatchObject({ status: "discarded" });
    const { db } = t.context.database;
    expect(
      await db.selectFrom("task_import_rows").select("row_number").where("import_id", "=", done.id).execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom("task_import_errors").select("seq").where("import_id", "=", done.id).execute(),
    ).toEqual([]);
    expect((await team.owner.delete(`${base}/${done.id}`)).status).toBe(204);
  });

  it("refuses to discard an import that is done", async () => {
    const done = await importFile(
      team.owner,
      cid,
      "done.csv",
      csvFile([HEADER, row(1, { title: "Done one" })]),
    );
    await t.context.database.db
      .updateTable("task_imports")
      .set({ status: "done" })
      .where("id", "=", done.id)
      .execute();
    const res = await team.owner.delete(`${base}/${done.id}`);
    expect(res.status).toBe(409);
  });
});

describe("limits of the upload", () => {
  it("answers 413 for a file over 50 MB", async () => {
    const res = await uploadFile(team.owner, cid, "huge.csv", Buffer.alloc(50 * 1024 * 1024 + 1, 0x61));
    expect(res.status).toBe(413);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    expect(res.json.detail).toMatch(/larger than 50 MB/);
  });

  it("answers 413 from the declared length alone, before reading the body", async () => {
    const { payload, headers } = multipartBody("small.csv", Buffer.from("x"));
    const res = await team.owner.request({
      method: "POST",
      url: base,
      payload,
      headers: { ...headers, "content-length": String(60 * 1024 * 1024) },
    });
    expect(res.status).toBe(413);
  });

  it("answers 400 for an empty body, and for an empty file", async () => {
    expect((await team.owner.request({ method: "POST", url: base })).status).toBe(400);
    const empty = await uploadFile(team.owner, cid, "empty.csv", Buffer.alloc(0));
    expect(empty.status).toBe(400);
    expect(empty.json.detail).toMatch(/The file is empty/);
  });

  it("answers 400 when the file is not in the field named file", async () => {
    const { payload, headers } = multipartBody("a.csv", Buffer.from("x"), "upload");
    expect((await team.owner.request({ method: "POST", url: base, payload, headers })).status).toBe(400);
  });
});

describe("who may see and change imports", () => {
  let importId: string;
  let stranger: TestClient;
  beforeAll(async () => {
    importId = (
      await importFile(team.owner, cid, "private.csv", csvFile([HEADER, row(1, { amount: "bad" })]))
    ).id;
    const other = await buildCompany(t.context.database.db);
    stranger = await signedInClient(t, other.owner);
  });

  it("answers 404 to another company's owner for every import route", async () => {
    for (const path of ["", "/errors", "/errors.csv", "/rows"]) {
      expect((await stranger.get(`${base}/${importId}${path}`)).status).toBe(404);
    }
    expect((await stranger.get(base)).status).toBe(404);
    expect((await stranger.delete(`${base}/${importId}`)).status).toBe(404);
    expect((await uploadFile(stranger, cid, "x.csv", csvFile([HEADER, row(1)]))).status).toBe(404);
  });

  it("answers 404 for an import id of another company, under one's own company", async () => {
    const other = await buildTeam(t);
    expect(
      (await other.owner.get(`/api/companies/${other.company.id}/task-imports/${importId}`)).status,
    ).toBe(404);
    expect(
      (await other.owner.delete(`/api/companies/${other.company.id}/task-imports/${importId}`)).status,
    ).toBe(404);
    expect(
      (await other.owner.get(`/api/companies/${other.company.id}/task-imports/${importId}/errors.csv`))
        .status,
    ).toBe(404);
  });

  it("lets a manager import, keeps the company's contractor out (404), and a visitor out (401)", async () => {
    const manager = await buildUser(t.context.database.db);
    await t.context.database.db
      .insertInto("memberships")
      .values({ company_id: cid, user_id: manager.id, role: "manager", created_at: new Date().toISOString() })
      .execute();
    const managerClient = await signedInClient(t, manager);
    expect((await importFile(managerClient, cid, "m.csv", csvFile([HEADER, row(1)]))).status).toBe(
      "validated",
    );
    expect((await team.contractor.client.get(`${base}/${importId}`)).status).toBe(404);
    expect((await team.contractor.client.get(`${base}/sample.csv`)).status).toBe(404);
    expect((await t.client().get(base)).status).toBe(401);
  });

  it("refuses an upload from another site (Origin check)", async () => {
    const foreign = t.client({ origin: "https://evil.example" });
    for (const [name, value] of team.owner.cookies) foreign.cookies.set(name, value);
    const res = await uploadFile(foreign, cid, "x.csv", csvFile([HEADER, row(1)]));
    expect(res.status).toBe(403);
  });

  it("lists the company's imports newest first", async () => {
    const res = await team.owner.get(`${base}?limit=2`);
    expect(res.status).toBe(200);
    expect(res.json.items).toHaveLength(2);
    expect(res.json.items[0].id > res.json.items[1].id).toBe(true);
    const next = await team.owner.get(`${base}?limit=2&cursor=${res.json.nextCursor}`);
    expect(next.json.items[0].id < res.json.items[1].id).toBe(true);
  });
});

describe("the API documentation", () => {
  it("documents the import routes and the import object", async () => {
    const res = await t.client().get("/api/docs/json");
    expect(res.status).toBe(200);
    const paths = res.json.paths;
    expect(paths["/api/companies/{cid}/task-imports"].post.responses["202"]).toBeDefined();
    expect(paths["/api/companies/{cid}/task-imports/{id}/errors"].get).toBeDefined();
    expect(paths["/api/companies/{cid}/task-imports/{id}"].delete).toBeDefined();
    expect(JSON.stringify(res.json.components)).toContain("sameFileAs");
  });
});

describe("files read at once", () => {
  it("answers 429 with Retry-After while three files of the company are still being read", async () => {
    const busy = await buildTeam(t);
    const { db } = t.context.database;
    const now = new Date().toISOString();
    for (let i = 0; i < 3; i++) {
      await db
        .insertInto("task_imports")
        .values({
          id: `busy-${busy.company.id}-${i}`,
          company_id: busy.company.id,
          created_by: busy.company.owner.id,
          status: "parsing",
          file_name: "x.csv",
          file_kind: null,
          file_size: 1,
          file_sha256: "x",
          encoding: null,
          delimiter: null,
          progress_done: 0,
          progress_total: 1,
          total_rows: 0,
          valid_rows: 0,
          invalid_rows: 0,
          duplicate_rows: 0,
          error_count: 0,
          same_file_as: null,
          warnings: "[]",
          error: null,
          header: null,
          created_at: now,
          updated_at: now,
          committed_at: null,
          created_tasks: null,
          invited_contractors: null,
        })
        .execute();
    }
    const res = await uploadFile(busy.owner, busy.company.id, "more.csv", csvFile([HEADER, row(1)]));
    expect(res.status).toBe(429);
    expect(res.headers["retry-after"]).toBe("10");
    expect(res.json.detail).toMatch(/still being read/);
  });
});
