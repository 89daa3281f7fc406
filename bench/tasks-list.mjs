// The task list of one company holding 1,000,000 tasks: filtered pages (status + q, status + contractor) and a
// few others; p99 latency at 20 connections with autocannon (run in a process of its own).
//
//   node --import tsx bench/tasks-list.mjs sqlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/tasks-list.mjs postgres
//
// Seeds with batched inserts in transactions (SQLite: prepared statements; PostgreSQL: multi-row INSERT from
// unnest() arrays), prints the seed time, every scenario's latency, and the query plans of the filtered pages.
// TASKS=… changes the size, DURATION=… the seconds per scenario, WARM_UP=… the unmeasured seconds of load before
// each (default 2: the first scenario otherwise ran on caches and statements just loaded), PLANS_ONLY=1 skips
// the load, KEEP_DATABASE=1 leaves the seeded database in place and prints where it is.
import { searchTermsOf, searchTextOf } from "../src/common/search.ts";
import { newId } from "../src/server/db/ids.ts";
import { listCompanyTasks } from "../src/server/tasks/queries.ts";
import { createBenchCompany, openFreshDatabase, startAppInProcess } from "./lib/app-in-process.mjs";
import { loadInChild, machine } from "./lib/bench.mjs";
import { planRecorder } from "./lib/plans.mjs";
import { insertInChunks, seedContractors, settleAfterBulkLoad } from "./lib/seed.mjs";

const dialect = process.argv[2] ?? "sqlite";
const TOTAL = Number(process.env.TASKS ?? 1_000_000);
const WARM_UP = Number(process.env.WARM_UP ?? 2);
const CONTRACTORS = 1000;
const DURATION = Number(process.env.DURATION ?? 10);

const VERBS = [
  "Translate",
  "Design",
  "Write",
  "Review",
  "Edit",
  "Record",
  "Illustrate",
  "Test",
  "Build",
  "Fix",
  "Update",
  "Localize",
  "Proofread",
  "Animate",
  "Publish",
  "Research",
  "Draft",
  "Film",
  "Migrate",
  "Audit",
];
const OBJECTS = [
  "logo",
  "landing page",
  "user guide",
  "release notes",
  "newsletter",
  "banner",
  "podcast",
  "video",
  "checkout flow",
  "onboarding",
  "pricing table",
  "FAQ",
  "blog post",
  "press kit",
  "app icon",
  "sign-up form",
  "invoice template",
  "product photos",
  "case study",
  "survey",
  "brochure",
  "menu",
  "sales deck",
  "wiki page",
  "API reference",
  "tutorial",
  "webinar",
  "email campaign",
  "style guide",
  "mascot",
  "report",
  "dashboard",
  "data export",
  "slide deck",
  "catalogue",
  "job ad",
  "product tour",
  "help article",
  "error messages",
  "subtitles",
  "voice-over",
  "storyboard",
  "wireframes",
  "font pairing",
  "icon set",
  "map",
  "timeline",
  "glossary",
  "contract",
  "Übersetzung",
];
const QUALIFIERS = [
  "for spring",
  "for the launch",
  "in German",
  "in Spanish",
  "in Japanese",
  "for mobile",
  "for partners",
  "for Q3",
  "v2",
  "draft",
  "final",
  "quick fix",
  "for the board",
  "for Berlin",
  "for Tokyo",
  "for retail",
  "for kids",
  "in French",
  "for export",
  "for support",
];
// Half the tasks are completed: a long-lived company's list is mostly history.
const STATUSES = [
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "completed",
  "in_progress",
  "in_progress",
  "in_progress",
  "offered",
  "offered",
  "in_review",
  "draft",
  "draft",
  "declined",
  "cancelled",
];

const fresh = await openFreshDatabase(dialect);
const { database } = fresh;
const { db } = database;
const { owner, company, neighbour } = await createBenchCompany(database, { neighbour: true });

/** Active contractors to give tasks to; the task benchmark searches tasks only, so no search words. */
function seedTaskContractors(companyId, count, label) {
  return seedContractors(database, {
    companyId,
    invitedBy: owner.id,
    count,
    searchable: false,
    person: (i) => ({
      name: `Contractor ${i}`,
      email: `${label}.${i}@example.com`,
      status: "active",
      verified: true,
    }),
  });
}

const contractorIds = await seedTaskContractors(company.id, CONTRACTORS, "c");
const neighbourContractors = await seedTaskContractors(neighbour.id, 10, "n");

/** A seeded PRNG (mulberry32): the same data on every run, without patterns between columns. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/** Rows of one chunk of tasks, and their search words as the app writes them. */
function makeTasks(companyId, from, to, count, contractors) {
  const rand = random(from + 1);
  const base = Date.now() - count * 10;
  const tasks = [];
  const terms = [];
  for (let i = from; i < to; i++) {
    const at = new Date(base + i * 10).toISOString();
    const title = `${pick(rand, VERBS)} ${pick(rand, OBJECTS)} ${pick(rand, QUALIFIERS)} ${i}`;
    const status = pick(rand, STATUSES);
    const id = newId(base + i * 10);
    tasks.push([
      id,
      companyId,
      i + 1,
      title,
      "",
      status,
      status === "draft" && rand() < 0.5 ? null : pick(rand, contractors),
      100 * (1 + Math.floor(rand() * 5000)),
      rand() < 0.8 ? "USD" : "EUR",
      // Most tasks have a deadline, spread over three years; a fifth have none.
      rand() < 0.8
        ? new Date(Date.UTC(2026, 0, 1 + Math.floor(rand() * 1095))).toISOString().slice(0, 10)
        : null,
      `Project ${Math.floor(rand() * 40)}`,
      `EXT-${i}`,
      owner.id,
      at,
      at,
      searchTextOf(title),
    ]);
    for (const term of searchTermsOf(title)) terms.push(["task", id, companyId, term]);
  }
  return { tasks, search_terms: terms };
}

const TASK_COLUMNS = [
  "id",
  "company_id",
  "number",
  "title",
  "description",
  "status",
  "contractor_id",
  "amount_minor",
  "currency",
  "deadline",
  "project",
  "external_id",
  "created_by",
  "created_at",
  "updated_at",
  "search_text",
];
const TASK_TYPES = [
  "text",
  "text",
  "int",
  "text",
  "text",
  "text",
  "text",
  "bigint",
  "text",
  "date",
  "text",
  "text",
  "text",
  "timestamptz",
  "timestamptz",
  "text",
];
const CHUNK = 20_000;

async function seedTasks(companyId, count, contractors) {
  await insertInChunks(
    database,
    count,
    CHUNK,
    {
      tasks: { columns: TASK_COLUMNS, types: TASK_TYPES },
      search_terms: {
        columns: ["entity", "entity_id", "company_id", "term"],
        types: ["text", "text", "text", "text"],
      },
    },
    (from, to) => makeTasks(companyId, from, to, count, contractors),
  );
  await db.insertInto("task_counters").values({ company_id: companyId, last_number: count }).execute();
}

const seedStarted = performance.now();
await seedTasks(company.id, TOTAL, contractorIds);
await seedTasks(neighbour.id, 10_000, neighbourContractors);
await settleAfterBulkLoad(database);
const seedMs = Math.round(performance.now() - seedStarted);

const server = await startAppInProcess(database);
const cookie = await server.cookieFor(owner.id);

// The plans the database chooses for what listCompanyTasks runs.
const recorder = planRecorder(database, { explainPostgres: "EXPLAIN (ANALYZE, BUFFERS) " });
async function plansOf(filter) {
  const { ms, text } = await recorder.plansOf((logged) =>
    listCompanyTasks({ db: logged, dialect }, company.id, filter),
  );
  return `(one run: ${ms.toFixed(1)} ms)\n${text}`;
}

const someContractor = contractorIds[123];
const middle = await listCompanyTasks(database, company.id, {
  cursor: newId(Date.now() - TOTAL * 5),
  limit: 1,
});
const list = `${server.url}/api/companies/${company.id}/tasks`;
// A cursor ten pages into the deadline order.
let deadlineCursor = null;
for (let i = 0; i < 10; i++)
  deadlineCursor = (
    await listCompanyTasks(database, company.id, { sort: "deadline", cursor: deadlineCursor ?? undefined })
  ).nextCursor;
const scenarios = {
  "status=in_progress & q=translate (filtered page)": { status: "in_progress", q: "translate" },
  "status=offered & contractorId (filtered page)": { status: "offered", contractorId: someContractor },
  "status=in_review & q=logo": { status: "in_review", q: "logo" },
  "status=completed & contractorId": { status: "completed", contractorId: someContractor },
  "first page, no filter": {},
  "q=4242 (a few rows)": { q: "4242" },
  "q=t (one letter: most rows)": { q: "t" },
  "status=in_progress & q=übersetzung": { status: "in_progress", q: "übersetzung" },
  "project=Project 7 & status=draft": { project: "Project 7", status: "draft" },
  "page in the middle (cursor)": { cursor: middle.items[0]?.id },
  "sort=deadline (first page)": { sort: "deadline" },
  "sort=-amount & status=in_progress": { sort: "-amount", status: "in_progress" },
  "sort=status & q=logo": { sort: "status", q: "logo" },
  "sort=deadline, a later page (cursor)": { sort: "deadline", cursor: deadlineCursor },
  "total=true, no filter (capped at 10,000)": { total: true },
  "total=true & status=in_review & q=logo": { total: true, status: "in_review", q: "logo" },
  "total=true & status=offered & contractorId": {
    total: true,
    status: "offered",
    contractorId: someContractor,
  },
};

const plans = [];
for (const name of [
  "status=in_progress & q=translate (filtered page)",
  "status=offered & contractorId (filtered page)",
  "q=t (one letter: most rows)",
  "sort=deadline (first page)",
  "sort=-amount & status=in_progress",
  "sort=status & q=logo",
  "sort=deadline, a later page (cursor)",
  "total=true, no filter (capped at 10,000)",
  "total=true & status=in_review & q=logo",
])
  plans.push(`## ${name}\n${await plansOf(scenarios[name])}`);
await recorder.destroy();

const results = {};
if (!process.env.PLANS_ONLY)
  for (const [name, filter] of Object.entries(scenarios)) {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined)).toString();
    const url = query ? `${list}?${query}` : list;
    const check = await fetch(url, { headers: { cookie } });
    const body = await check.json();
    if (WARM_UP > 0) await loadInChild(url, { duration: WARM_UP, cookie });
    results[name] = {
      items: body.items?.length,
      ...(await loadInChild(url, { duration: DURATION, cookie })),
    };
  }

console.log(
  JSON.stringify(
    {
      benchmark: "tasks-list",
      database: dialect,
      tasks: TOTAL,
      contractors: CONTRACTORS,
      seedMs,
      connections: 20,
      durationSeconds: DURATION,
      warmUpSeconds: WARM_UP,
      results,
      machine: machine(),
    },
    null,
    2,
  ),
);
console.log(`\n${plans.join("\n\n")}`);

await server.close();
if (process.env.KEEP_DATABASE) {
  // For a look at the plans by hand (psql, sqlite3): the seeded database stays; drop it when done.
  console.log(`\nkept: ${database.url}`);
  await database.close();
} else await fresh.destroy();
