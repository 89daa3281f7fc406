import { beforeAll, describe, expect, it } from "vitest";
import { buildTeam, signedInCompany, type Team, taskIn } from "../../../test/support/factories.ts";
import { fundCompany } from "../../../test/support/money.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { ACTS_JOB } from "../documents/hooks.ts";
import { checkLedger } from "../money/check-ledger.ts";

const t = setUpTestApp({ PAYMENTS: "prepaid", PLATFORM_FEE_PERCENT: "2.5" });

/** While set, a batch of acceptances (more than one task) fails as a serialization error would. */
let failBatches = false;
let failedBatches = 0;
beforeAll(() => {
  t.context.hooks.on("tasks.completed", async (_tx, payload) => {
    if (failBatches && payload.taskIds.length > 1) {
      failedBatches++;
      throw new Error("could not serialize access due to concurrent update");
    }
  });
});

/** `count` tasks of the team in `status`, made through the API a few at a time. */
async function tasksIn(team: Team, status: "in_review" | "in_progress" | "offered", count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const n = Math.min(10, count - i);
    ids.push(
      ...(await Promise.all(
        Array.from({ length: n }, (_, j) =>
          taskIn(team, status, { title: `${status} ${i + j}`, amount: "10.00" }),
        ),
      )),
    );
  }
  return ids;
}

/** What the database holds about these tasks' payment: per task, its status and what was written for it. */
async function paidFacts(taskIds: string[]) {
  const db = t.context.database.db;
  const tasks = await db.selectFrom("tasks").select(["id", "status"]).where("id", "in", taskIds).execute();
  const payments = await db
    .selectFrom("task_payments")
    .select(["task_id", "status"])
    .where("task_id", "in", taskIds)
    .execute();
  const legs = await db
    .selectFrom("ledger_transfers")
    .select(["reference_id", "kind", "at"])
    .where("reference_id", "in", taskIds)
    .where("kind", "in", ["payment", "fee"])
    .execute();
  const emails = await db
    .selectFrom("outbox_emails")
    .select(["subject"])
    .where("template", "=", "task.completed")
    .execute();
  const jobs = await db.selectFrom("jobs").select("payload").where("kind", "=", ACTS_JOB).execute();
  const moves = await db
    .selectFrom("task_events")
    .select("task_id")
    .where("task_id", "in", taskIds)
    .where("to_status", "=", "completed")
    .execute();
  const count = <T>(rows: T[], key: (row: T) => string) => {
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
    return counts;
  };
  return {
    status: new Map(tasks.map((r) => [r.id, r.status])),
    payment: new Map(payments.map((r) => [r.task_id, r.status])),
    legs: count(legs, (r) => `${r.reference_id}:${r.kind}`),
    legInstants: new Set(legs.map((r) => r.at)).size,
    jobs: count(jobs, (r) => JSON.parse(r.payload).taskId),
    moves: count(moves, (r) => r.task_id),
    emails: emails.map((e) => e.subject),
  };
}

describe("concurrent acceptances of one company (group commit)", () => {
  it("answers 200 parallel acceptances each as alone, pays every valid task exactly once, books clean", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "5000.00");
    const ready = await tasksIn(team, "in_review", 150);
    const working = await tasksIn(team, "in_progress", 10);
    const other = await signedInCompany(t);
    const foreign = [`${ready[0]}x`, ...Array.from({ length: 9 }, (_, i) => `no-such-task-${i}`)];
    const twice = ready.slice(0, 20);
    const returned = ready.slice(140); // a return races each of their acceptances
    const accept = (id: string) => team.owner.post(`/api/companies/${cid}/tasks/${id}/accept`, {});
    failedBatches = 0;

    const [accepts, returns, strangers] = await Promise.all([
      Promise.all([...ready, ...twice, ...working, ...foreign].map(accept)),
      Promise.all(
        returned.map((id) =>
          team.owner.post(`/api/companies/${cid}/tasks/${id}/return`, { comment: "Please add the index" }),
        ),
      ),
      // Another company cannot accept these tasks: a 404, as for any task not its own.
      Promise.all(
        ready
          .slice(0, 5)
          .map((id) => other.client.post(`/api/companies/${other.company.id}/tasks/${id}/accept`, {})),
      ),
    ]);
    expect(strangers.map((s) => s.status)).toEqual([404, 404, 404, 404, 404]);
    const answer = new Map<string, number[]>();
    [...ready, ...twice, ...working, ...foreign].forEach((id, i) => {
      answer.set(id, [...(answer.get(id) ?? []), accepts[i]?.status ?? 0]);
    });
    const facts = await paidFacts([...ready, ...working]);

    for (const id of ready.slice(20, 140)) {
      expect(answer.get(id)).toEqual([200]);
    }
    for (const id of twice) expect(answer.get(id)?.sort()).toEqual([200, 409]);
    for (const [i, id] of returned.entries()) {
      const won = [answer.get(id)?.[0], returns[i]?.status];
      expect(won.sort()).toEqual([200, 409]);
      expect(facts.status.get(id)).toBe(answer.get(id)?.[0] === 200 ? "completed" : "in_progress");
    }
    for (const id of working) expect(answer.get(id)).toEqual([409]);
    for (const id of foreign) expect(answer.get(id)).toEqual([404]);
    const refused = accepts.find(
      (a, i) => a.status === 409 && working.includes([...ready, ...twice, ...working][i] ?? ""),
    );
    expect(refused?.json.detail).toBe('The task is In progress: "accept" is not possible now.');
    const ok = accepts.find((a) => a.status === 200);
    expect(ok?.json).toMatchObject({ status: "completed", payment: { status: "paid" } });

    // Every task accepted is paid exactly once: its payment and fee legs, one history entry, one email to the
    // contractor, one acts' job. The others are untouched.
    const completed = [...ready, ...working].filter((id) => facts.status.get(id) === "completed");
    expect(completed.length).toBe(accepts.filter((a) => a.status === 200).length);
    for (const id of [...ready, ...working]) {
      const done = facts.status.get(id) === "completed";
      expect(facts.payment.get(id)).toBe(done ? "paid" : "reserved");
      expect(facts.legs.get(`${id}:payment`)).toBe(done ? 1 : undefined);
      expect(facts.legs.get(`${id}:fee`)).toBe(done ? 1 : undefined);
      expect(facts.moves.get(id)).toBe(done ? 1 : undefined);
      expect(facts.jobs.get(id)).toBe(done ? 1 : undefined);
    }
    const accepted = (n: number) => `${team.company.name} accepted your work: in_review ${n}`;
    for (const [n, id] of ready.entries()) {
      const sent = facts.emails.filter((s) => s === accepted(n)).length;
      expect(sent).toBe(facts.status.get(id) === "completed" ? 1 : 0);
    }
    // They were paid in batches (fewer transactions than payments), and the books add up.
    expect(facts.legInstants).toBeLessThan(completed.length / 2);
    expect(failedBatches).toBe(0);
    expect(await checkLedger(t.context.database.db)).toEqual([]);
    const balances = await t.context.database.db
      .selectFrom("ledger_accounts")
      .select(["purpose", "owner_kind", "balance"])
      .where((eb) =>
        eb.or([
          eb("owner_id", "=", cid),
          eb("owner_id", "=", team.contractor.user.id),
          eb("owner_kind", "=", "operator"),
        ]),
      )
      .execute();
    const balance = (kind: string, purpose: string) =>
      Number(balances.find((b) => b.owner_kind === kind && b.purpose === purpose)?.balance);
    const open = 160 - completed.length;
    expect(balance("company", "reserved")).toBe(open * 1025);
    expect(balance("contractor", "available")).toBe(completed.length * 1000);
    expect(balance("company", "available")).toBe(500_000 - 160 * 1025);
  }, 180_000);

  it("accepts the tasks of a batch whose transaction failed one by one: each its own answer", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    await fundCompany(t, team.company, "1000.00");
    const ready = await tasksIn(team, "in_review", 20);
    const [working] = await tasksIn(team, "in_progress", 1);
    failedBatches = 0;
    failBatches = true;
    try {
      const answers = await Promise.all(
        [...ready, working, ready[0]].map((id) =>
          team.owner.post(`/api/companies/${cid}/tasks/${id}/accept`, {}),
        ),
      );
      expect(failedBatches).toBeGreaterThan(0);
      expect(answers.map((a) => a.status)).toEqual([...ready.map(() => 200), 409, 409]);
    } finally {
      failBatches = false;
    }
    const facts = await paidFacts([...ready, working ?? ""]);
    for (const id of ready) {
      expect(facts.payment.get(id)).toBe("paid");
      expect(facts.legs.get(`${id}:payment`)).toBe(1);
      expect(facts.jobs.get(id)).toBe(1);
    }
    expect(facts.payment.get(working ?? "")).toBe("reserved");
    expect(await checkLedger(t.context.database.db)).toEqual([]);
  }, 180_000);
});
