import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTeam, type Team, taskIn, taskInput } from "../../../test/support/factories.ts";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import type { TaskSort } from "../../common/task-sort.ts";
import { STATUS_RANK } from "../db/migrations/0013_task_orders.ts";
import { listCompanyTasks } from "./queries.ts";
import { STATUS_RANK_SQL } from "./task-order.ts";

let t: TestApp;
afterAll(() => t.close());

let team: Team;
let base: string;
/** Titles by the task's id, to read an order as titles. */
const titles = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  team = await buildTeam(t, "Orders Ltd");
  base = `/api/companies/${team.company.id}/tasks`;
  const add = async (title: string, status: Parameters<typeof taskIn>[1], fields: Record<string, unknown>) =>
    titles.set(await taskIn(team, status, { title, ...fields }), title);
  await add("Logo", "offered", { deadline: "2027-03-01", amount: "900", currency: "USD" });
  await add("Guide", "draft", { deadline: "2027-01-15", amount: "1250.50", currency: "USD" });
  await add("Undated", "completed", { amount: "40", currency: "EUR" });
  await add("Site", "in_progress", { deadline: "2027-02-01", amount: "5000", currency: "EUR" });
  await add("Banner", "draft", { deadline: "2027-01-15", amount: "75", currency: "USD" });
});

/** Every page of a sort, two tasks a page, as titles. */
async function readAll(sort: TaskSort, extra = ""): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `?sort=${sort}&limit=2${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const res = await team.owner.get(`${base}${query}`);
    expect(res.status, res.body).toBe(200);
    seen.push(...res.json.items.map((i: { id: string }) => titles.get(i.id)));
    cursor = res.json.nextCursor;
  } while (cursor);
  return seen;
}

describe("the company's task list in another order than newest first", () => {
  it("sorts by deadline, soonest first, undated tasks last, page after page", async () => {
    // Guide and Banner share a deadline: the one created later comes after, as ids break ties.
    expect(await readAll("deadline")).toEqual(["Guide", "Banner", "Site", "Logo", "Undated"]);
  });

  it("sorts by deadline, latest first, undated tasks still last", async () => {
    expect(await readAll("-deadline")).toEqual(["Undated", "Logo", "Site", "Banner", "Guide"]);
  });

  it("sorts by amount within each currency, highest first", async () => {
    expect(await readAll("-amount")).toEqual(["Guide", "Logo", "Banner", "Site", "Undated"]);
  });

  it("sorts by status in the lifecycle's order (Draft, Offered, In progress, …)", async () => {
    expect(await readAll("status")).toEqual(["Guide", "Banner", "Logo", "Site", "Undated"]);
  });

  it("keeps the filters in any order: drafts by deadline", async () => {
    expect(await readAll("deadline", "&status=draft")).toEqual(["Guide", "Banner"]);
  });

  it("keeps the order when a search walks the list instead of reading the word's ids", async () => {
    const walked = await listCompanyTasks(
      t.context.database,
      team.company.id,
      { q: "guide", sort: "-amount" },
      { searchWalkThreshold: 1 },
    );
    expect(walked.items.map((i) => i.title)).toEqual(["Guide"]);
  });

  it("refuses a cursor written for another order, and an order it does not know", async () => {
    const byDeadline = await team.owner.get(`${base}?sort=deadline&limit=1`);
    const cursor = encodeURIComponent(byDeadline.json.nextCursor);
    const res = await team.owner.get(`${base}?sort=amount&limit=1&cursor=${cursor}`);
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([
      { field: "cursor", message: "cursor is not one this list gave for this order" },
    ]);
    expect((await team.owner.get(`${base}?sort=title`)).status).toBe(400);
  });

  it("sorts the contractor's own tasks too (never their drafts)", async () => {
    const res = await team.contractor.client.get("/api/me/tasks?sort=deadline");
    expect(res.status, res.body).toBe(200);
    expect(res.json.items.map((i: { id: string }) => titles.get(i.id))).toEqual(["Site", "Logo", "Undated"]);
  });
});

describe("list totals", () => {
  it("counts the tasks matching the filters with the first page when asked (total=true)", async () => {
    const all = await team.owner.get(`${base}?total=true&limit=2`);
    expect(all.json.total).toEqual({ count: 5, capped: false });
    const drafts = await team.owner.get(`${base}?total=true&status=draft`);
    expect(drafts.json.total).toEqual({ count: 2, capped: false });
    const search = await team.owner.get(`${base}?total=true&q=gui`);
    expect(search.json.total).toEqual({ count: 1, capped: false });
  });

  it("leaves the total out unless asked, and on later pages", async () => {
    const plain = await team.owner.get(`${base}?limit=2`);
    expect(plain.json).not.toHaveProperty("total");
    const next = await team.owner.get(
      `${base}?total=true&limit=2&cursor=${encodeURIComponent(plain.json.nextCursor)}`,
    );
    expect(next.json).not.toHaveProperty("total");
  });

  it("counts a search that walks the list as one that reads the word's ids", async () => {
    await team.owner.post(base, taskInput({ title: "Logo variants" }));
    const walked = await listCompanyTasks(
      t.context.database,
      team.company.id,
      { q: "logo", total: true },
      { searchWalkThreshold: 1 },
    );
    const read = await listCompanyTasks(t.context.database, team.company.id, { q: "logo", total: true });
    expect(walked.total).toEqual({ count: 2, capped: false });
    expect(read.total).toEqual(walked.total);
  });

  it("counts the contractor's own tasks", async () => {
    const res = await team.contractor.client.get("/api/me/tasks?total=true&status=in_progress");
    expect(res.json.total).toEqual({ count: 1, capped: false });
  });
});

describe("the status order's index", () => {
  it("is built on the very expression the list sorts by", () => {
    expect(STATUS_RANK).toBe(STATUS_RANK_SQL);
  });
});
