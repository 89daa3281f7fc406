import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvents } from "../../../test/support/events.ts";
import { buildContractor, buildTeam, ownerOf, type Team } from "../../../test/support/factories.ts";
import { csvFile } from "../../../test/support/import-files.ts";
import {
  commitImportRequest,
  importFile,
  uploadFile,
  waitForCommit,
  waitForImport,
} from "../../../test/support/imports.ts";
import { outboxTo } from "../../../test/support/mail.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { isRefetch } from "../../common/events.ts";
import { conflict } from "../http/problem.ts";
import { transact } from "../kernel/transaction.ts";
import { commitImport } from "./commit-import.ts";
import { inviteImportContractors } from "./invite-import-contractors.ts";
import { writeImportChunk } from "./write-import-chunk.ts";

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ NEW_COMPANY_INVITES_PER_DAY: "100000" });
});
afterAll(() => t.close());

const HEADER = ["Contractor email", "Contractor name", "Task title", "Amount", "Currency", "External ID"];

/** A team of its own for each test: its owner, and one contractor who accepted. */
async function freshTeam(): Promise<Team & { cid: string }> {
  const team = await buildTeam(t);
  return { ...team, cid: team.company.id };
}

async function taskTitles(team: Team & { cid: string }): Promise<string[]> {
  const res = await team.owner.get(`/api/companies/${team.cid}/tasks?limit=100`);
  expect(res.status, res.body).toBe(200);
  return res.json.items.map((task: { title: string }) => task.title).sort();
}

async function previewOf(team: Team & { cid: string }, rows: string[][], name = "tasks.csv") {
  return importFile(team.owner, team.cid, name, csvFile([HEADER, ...rows]));
}

describe("committing an import", () => {
  it("creates Draft tasks, invites each new address once however many rows carry it, and reuses the team's contractors", async () => {
    const team = await freshTeam();
    const fresh = uniqueEmail("newcomer");
    const preview = await previewOf(team, [
      [fresh, "Nina New", "Logo", "100", "EUR", ""],
      [fresh.toUpperCase(), "Nina New", "Banner", "50", "EUR", ""],
      [fresh, "", "Icons", "75", "EUR", ""],
      [team.contractor.user.email, "Known", "Copy", "20", "EUR", ""],
    ]);
    expect(preview.validRows).toBe(4);

    const res = await commitImportRequest(team.owner, team.cid, preview.id);
    expect(res.status, res.body).toBe(202);
    expect(res.json.status).toBe("committing");
    const done = await waitForCommit(team.owner, team.cid, preview.id);
    expect(done).toMatchObject({
      status: "done",
      result: { createdTasks: 4, invitedContractors: 1, unfundedTasks: 0 },
    });

    const tasks = await team.owner.get(`/api/companies/${team.cid}/tasks?limit=100`);
    expect(tasks.json.items.map((task: { status: string }) => task.status)).toEqual([
      "draft",
      "draft",
      "draft",
      "draft",
    ]);
    const byTitle = new Map(
      tasks.json.items.map((task: { title: string; contractor: { email: string } }) => [
        task.title,
        task.contractor.email,
      ]),
    );
    expect(byTitle.get("Banner")).toBe(fresh);
    expect(byTitle.get("Copy")).toBe(team.contractor.user.email);
    const contractors = await team.owner.get(`/api/companies/${team.cid}/contractors?limit=100`);
    expect(contractors.json.items).toHaveLength(2);

    await t.deliverMail();
    const mails = t.smtp.mailsTo(fresh);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.links.some((link) => link.includes("/set-password?token="))).toBe(true);
    expect(t.smtp.mailsTo(team.contractor.user.email)).toHaveLength(0);
  });

  it("sends the tasks with `send`: each contractor gets one email listing all of theirs", async () => {
    const team = await freshTeam();
    const fresh = uniqueEmail("offered");
    const preview = await previewOf(team, [
      [fresh, "Olga", "Translate part 1", "100", "EUR", ""],
      [fresh, "Olga", "Translate part 2", "100", "EUR", ""],
      [team.contractor.user.email, "Known", "Proofread", "30", "EUR", ""],
      [team.contractor.user.email, "Known", "Layout", "40", "EUR", ""],
      [team.contractor.user.email, "Known", "Print", "50", "EUR", ""],
    ]);
    await commitImportRequest(team.owner, team.cid, preview.id, { send: true });
    const done = await waitForCommit(team.owner, team.cid, preview.id);
    expect(done.result).toMatchObject({ createdTasks: 5, invitedContractors: 1 });
    const tasks = await team.owner.get(`/api/companies/${team.cid}/tasks?status=offered&limit=100`);
    expect(tasks.json.items).toHaveLength(5);

    await t.deliverMail();
    const known = t.smtp.mailsTo(team.contractor.user.email);
    expect(known).toHaveLength(1);
    expect(known[0]?.subject).toContain("offered you 3 tasks");
    expect(known[0]?.text).toContain('"Proofread"');
    expect(known[0]?.text).toContain('"Print"');
    const newcomer = t.smtp.mailsTo(fresh);
    expect(newcomer).toHaveLength(2);
    expect(newcomer.filter((m) => m.subject.includes("invited you"))).toHaveLength(1);
    expect(newcomer.filter((m) => m.subject.includes("offered you 2 tasks"))).toHaveLength(1);
    const mine = await team.contractor.client.get("/api/me/tasks?limit=100");
    expect(mine.json.items).toHaveLength(3);
  });

  it("leaves a task Draft and counts it when the sending gate refuses it, and sends the others", async () => {
    const team = await freshTeam();
    t.context.hooks.on("tasks.sending", async (tx, payload) => {
      if (payload.companyId !== team.cid) return;
      const rows = await tx.db
        .selectFrom("tasks")
        .select(["id", "amount_minor"])
        .where("id", "in", payload.taskIds)
        .execute();
      for (const row of rows) {
        if (row.amount_minor > 100_000) payload.refuse(row.id, conflict("Not enough money to send it."));
      }
    });
    const preview = await previewOf(team, [
      [team.contractor.user.email, "Known", "Cheap", "10", "EUR", ""],
      [team.contractor.user.email, "Known", "Dear", "5000", "EUR", ""],
    ]);
    await commitImportRequest(team.owner, team.cid, preview.id, { send: true });
    const done = await waitForCommit(team.owner, team.cid, preview.id);
    expect(done.result).toMatchObject({ createdTasks: 2, unfundedTasks: 1 });
    const tasks = await team.owner.get(`/api/companies/${team.cid}/tasks?limit=100`);
    const statusOf = new Map(
      tasks.json.items.map((task: { title: string; status: string }) => [task.title, task.status]),
    );
    expect(statusOf.get("Cheap")).toBe("offered");
    expect(statusOf.get("Dear")).toBe("draft");
  });

  it("refuses rows with errors unless skipInvalidRows, then imports only the valid ones", async () => {
    const team = await freshTeam();
    const preview = await previewOf(team, [
      [team.contractor.user.email, "Known", "Good", "10", "EUR", ""],
      ["not-an-email", "Bad", "Bad", "10", "EUR", ""],
    ]);
    const refused = await commitImportRequest(team.owner, team.cid, preview.id);
    expect(refused.status).toBe(409);
    expect(refused.headers["content-type"]).toMatch(/problem\+json/);
    expect(refused.json.detail).toContain("1 row has errors");
    expect(refused.json.allowed).toEqual(["skipInvalidRows"]);
    expect(await taskTitles(team)).toEqual([]);

    await commitImportRequest(team.owner, team.cid, preview.id, { skipInvalidRows: true });
    expect((await waitForCommit(team.owner, team.cid, preview.id)).result?.createdTasks).toBe(1);
    expect(await taskTitles(team)).toEqual(["Good"]);
  });

  it("refuses the very same file again with 409 unless allowSameFile, and never creates an External ID twice", async () => {
    const team = await freshTeam();
    const rows = [
      [team.contractor.user.email, "Known", "Keyed", "10", "EUR", "EXT-1"],
      [team.contractor.user.email, "Known", "Unkeyed", "10", "EUR", ""],
    ];
    const first = await previewOf(team, rows);
    await commitImportRequest(team.owner, team.cid, first.id);
    await waitForCommit(team.owner, team.cid, first.id);

    const second = await previewOf(team, rows);
    expect(second).toMatchObject({ sameFileAs: first.id, validRows: 1, duplicateRows: 1 });
    const refused = await commitImportRequest(team.owner, team.cid, second.id);
    expect(refused.status).toBe(409);
    expect(refused.json.detail).toContain("imported before");
    expect(refused.json.allowed).toEqual(["allowSameFile"]);

    await commitImportRequest(team.owner, team.cid, second.id, { allowSameFile: true });
    expect((await waitForCommit(team.owner, team.cid, second.id)).result?.createdTasks).toBe(1);
    expect(await taskTitles(team)).toEqual(["Keyed", "Unkeyed", "Unkeyed"]);
  });

  it("answers 404 for another company's import, and 409 for one committed already", async () => {
    const team = await freshTeam();
    const other = await freshTeam();
    const preview = await previewOf(team, [[team.contractor.user.email, "Known", "Mine", "10", "EUR", ""]]);
    expect((await commitImportRequest(other.owner, team.cid, preview.id)).status).toBe(404);
    expect((await commitImportRequest(other.owner, other.cid, preview.id)).status).toBe(404);
    await commitImportRequest(team.owner, team.cid, preview.id);
    await waitForCommit(team.owner, team.cid, preview.id);
    const again = await commitImportRequest(team.owner, team.cid, preview.id);
    expect(again.status).toBe(409);
    expect(again.json.detail).toContain("already imported");
  });

  it("publishes the commit's progress and its end as import.updated, and tells open task lists to reload", async () => {
    const team = await freshTeam();
    const rows = Array.from({ length: 1200 }, (_, i) => [
      team.contractor.user.email,
      "Known",
      `Live ${i}`,
      "10",
      "EUR",
      "",
    ]);
    const preview = await previewOf(team, rows);
    const events = recordEvents(t);
    await commitImportRequest(team.owner, team.cid, preview.id);
    await waitForCommit(team.owner, team.cid, preview.id);
    // The answer may read "done" before the events of that commit are out: wait for the events themselves.
    await events.waitFor(
      (e) =>
        e.name === "import.updated" &&
        !isRefetch(e.data) &&
        e.data.import.id === preview.id &&
        e.data.import.status === "done",
    );
    await events.waitFor((e) => e.name === "task.updated" && e.audience.companyId === team.cid);
    events.stop();
    const mine = events.events.flatMap((e) =>
      e.name === "import.updated" && !isRefetch(e.data) && e.data.import.id === preview.id ? [e] : [],
    );
    expect(mine.every((e) => e.audience.companyId === team.cid)).toBe(true);
    const states = mine.map((e) => (isRefetch(e.data) ? null : e.data.import));
    expect(states[0]).toMatchObject({ status: "committing", progress: { done: 0, total: 1200 } });
    expect(states.at(-1)).toMatchObject({
      status: "done",
      progress: { done: 1200, total: 1200 },
      result: { createdTasks: 1200 },
    });
  });

  it("lists past imports with each one's result", async () => {
    const team = await freshTeam();
    const preview = await previewOf(team, [[uniqueEmail("listed"), "L", "Listed", "10", "EUR", ""]]);
    await commitImportRequest(team.owner, team.cid, preview.id);
    await waitForCommit(team.owner, team.cid, preview.id);
    const list = await team.owner.get(`/api/companies/${team.cid}/task-imports`);
    expect(list.json.items[0]).toMatchObject({
      id: preview.id,
      status: "done",
      result: { createdTasks: 1, invitedContractors: 1 },
    });
  });
});

describe("a commit stopped between chunks", () => {
  it("shows nothing and sends nothing; committing again finishes it without writing a row twice", async () => {
    const team = await freshTeam();
    const fresh = uniqueEmail("midway");
    const rows = Array.from({ length: 7 }, (_, i) => [
      fresh,
      "Mid Way",
      `Part ${i + 1}`,
      "10",
      "EUR",
      `MID-${i}`,
    ]);
    const preview = await previewOf(team, rows);
    const actor = ownerOf(team);
    // What the job's worker does, stopped after the invitations and two chunks of three rows.
    await transact(t.context, (tx) => commitImport(tx, actor, preview.id, { send: true }));
    await transact(t.context, (tx) =>
      inviteImportContractors(tx, actor, { importId: preview.id, limit: 500 }),
    );
    for (let i = 0; i < 2; i++) {
      const done = await transact(t.context, (tx) =>
        writeImportChunk(tx, actor, { importId: preview.id, limit: 3, publish: true }),
      );
      expect(done).toBe(false);
    }

    expect(await taskTitles(team)).toEqual([]);
    // Written, and absent from their own pages too until the import is done.
    const written = await t.context.database.db
      .selectFrom("tasks")
      .select("id")
      .where("import_id", "=", preview.id)
      .execute();
    expect(written).toHaveLength(6);
    for (const task of written) {
      const page = await team.owner.get(`/api/companies/${team.cid}/tasks/${task.id}`);
      expect(page.status).toBe(404);
    }
    const midway = await team.owner.get(`/api/companies/${team.cid}/task-imports/${preview.id}`);
    expect(midway.json).toMatchObject({ status: "committing", progress: { done: 6, total: 7 } });
    await t.deliverMail();
    expect(t.smtp.mailsTo(fresh)).toHaveLength(0);
    expect((await outboxTo(t, fresh)).map((m) => m.status)).toEqual(["held"]);

    const again = await commitImportRequest(team.owner, team.cid, preview.id, { send: true });
    expect(again.status, again.body).toBe(202);
    const done = await waitForCommit(team.owner, team.cid, preview.id);
    expect(done.result).toMatchObject({ createdTasks: 7, invitedContractors: 1 });
    expect(await taskTitles(team)).toEqual(rows.map((r) => r[2]).sort());
    const shown = written[0]
      ? await team.owner.get(`/api/companies/${team.cid}/tasks/${written[0].id}`)
      : null;
    expect(shown?.status).toBe(200);
    await t.deliverMail();
    const mails = t.smtp.mailsTo(fresh);
    expect(mails).toHaveLength(2);
    expect(mails.some((m) => m.subject.includes("offered you 7 tasks"))).toBe(true);
  });
});

describe("the invitation allowance", () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({ INVITES_PER_HOUR: "3", NEW_COMPANY_INVITES_PER_DAY: "100000" });
  });
  afterAll(() => limited.close());

  it("refuses an import whose invitations and offers would pass INVITES_PER_HOUR, with the numbers, before writing anything", async () => {
    const team = await buildTeam(limited);
    const cid = team.company.id;
    const rows = [1, 2].map((i) => [uniqueEmail(`cap${i}`), "", `Capped ${i}`, "10", "EUR", ""]);
    const res = await uploadFile(team.owner, cid, "capped.csv", csvFile([HEADER, ...rows]));
    const preview = await waitForImport(team.owner, cid, res.json.id);

    // Two invitations and, sent, two offers to contractors who have not accepted: 4 > 3.
    const refused = await commitImportRequest(team.owner, cid, preview.id, { send: true });
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBeDefined();
    expect(refused.json.detail).toContain("3 invitations and task emails");
    expect(refused.json.detail).toContain("4 more after 0");
    const after = await team.owner.get(`/api/companies/${cid}/task-imports/${preview.id}`);
    expect(after.json.status).toBe("validated");
    const contractors = await team.owner.get(`/api/companies/${cid}/contractors`);
    expect(contractors.json.items).toHaveLength(1);

    // As Drafts only the two invitations count: it fits.
    const accepted = await commitImportRequest(team.owner, cid, preview.id);
    expect(accepted.status, accepted.body).toBe(202);
    expect((await waitForCommit(team.owner, cid, preview.id)).result?.invitedContractors).toBe(2);
  });

  it("counts each new address once, a removed contractor as new, and, sent, the team's contractors who have not accepted; never the inviter or an accepted contractor", async () => {
    const team = await buildTeam(limited);
    const cid = team.company.id;
    const db = limited.context.database.db;
    const unaccepted = await buildContractor(db, { companyId: cid });
    const removed = await buildContractor(db, { companyId: cid, status: "removed" });
    const fresh = [1, 2, 3].map((i) => uniqueEmail(`count${i}`));
    const addresses = [
      ...fresh,
      fresh[0] ?? "",
      removed.user.email,
      unaccepted.user.email,
      team.contractor.user.email,
      team.company.owner.email,
    ];
    const rows = addresses.map((email, i) => [email, "", `Counted ${i}`, "10", "EUR", ""]);
    const res = await uploadFile(team.owner, cid, "counted.csv", csvFile([HEADER, ...rows]));
    const preview = await waitForImport(team.owner, cid, res.json.id);

    // As Drafts: three new addresses and the removed contractor's, 4 invitations.
    const drafts = await commitImportRequest(team.owner, cid, preview.id);
    expect(drafts.status).toBe(429);
    expect(drafts.json.detail).toContain("4 more after 0");
    // Sent: those 4 invitations, their 4 offers, and 1 offer to the contractor who has not accepted.
    const sent = await commitImportRequest(team.owner, cid, preview.id, { send: true });
    expect(sent.status).toBe(429);
    expect(sent.json.detail).toContain("9 more after 0");
  });
});
