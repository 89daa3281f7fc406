import { describe, expect, it } from "vitest";
import { buildTeam, type Team } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { HttpProblem } from "../http/problem.ts";
import { transact } from "../kernel/transaction.ts";
import { createTask } from "../tasks/create-task.ts";
import { moveTask } from "../tasks/move-task.ts";
import { bankAccount, companyAccount } from "./accounts.ts";
import { checkLedger } from "./check-ledger.ts";
import { feeFor } from "./fee.ts";
import { postTransfers, type TransferLeg } from "./ledger.ts";
import { receiveTopUp } from "./receive-top-up.ts";
import { requestTopUp } from "./request-top-up.ts";
import { topUpQuery } from "./top-up-rows.ts";

/**
 * A seeded random walk over the money flows, in the spirit of TigerBeetle's simulator: top-ups, sends,
 * declines, cancels, acceptances, retried transfers and steps killed midway (their transaction rolled
 * back), against a plain in-memory model. After every step the ledger's invariants hold and every balance
 * is the model's. A failure prints its seed; MONEY_SIM_SEED=<seed> replays it, MONEY_SIM_STEPS sets the
 * length.
 */
const FEE_BASIS_POINTS = 333;
const t = setUpTestApp({ PAYMENTS: "prepaid", PLATFORM_FEE_PERCENT: "3.33" });
const seed = Number(process.env.MONEY_SIM_SEED ?? Math.floor(Math.random() * 2 ** 31));
const steps = Number(process.env.MONEY_SIM_STEPS ?? 2000);
const CURRENCIES = ["USD", "JPY"] as const;

/** mulberry32: small, seeded, good enough to pick operations. */
function random(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

type State = "draft" | "offered" | "in_progress" | "in_review" | "completed" | "declined" | "cancelled";
interface ModelTask {
  id: string;
  team: number;
  currency: string;
  amount: number;
  fee: number;
  state: State;
}
interface Books {
  available: number;
  reserved: number;
}

class Killed extends Error {}

describe("the ledger under a random walk of money flows", () => {
  it(`keeps every invariant and matches the model (seed ${seed}, ${steps} steps)`, {
    timeout: 600_000,
  }, async () => {
    const rnd = random(seed);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(rnd() * items.length)];
    const teams: Team[] = [await buildTeam(t), await buildTeam(t)];
    const books = new Map<string, Books>();
    const earned = new Map<string, number>();
    const tasks: ModelTask[] = [];
    const postedTopUps: TransferLeg[] = [];
    const key = (team: number, currency: string) => `${team}:${currency}`;
    const booksOf = (team: number, currency: string) => {
      const b = books.get(key(team, currency)) ?? { available: 0, reserved: 0 };
      books.set(key(team, currency), b);
      return b;
    };
    const company = (team: number) => {
      const tm = teams[team] as Team;
      return { side: "company" as const, companyId: tm.company.id, userId: tm.company.owner.id };
    };
    const contractor = (team: number) => ({
      side: "contractor" as const,
      userId: (teams[team] as Team).contractor.user.id,
    });
    const move = (task: ModelTask, side: "company" | "contractor", action: string, extra = {}) =>
      transact(t.context, (tx) =>
        moveTask(tx, side === "company" ? company(task.team) : contractor(task.team), {
          taskId: task.id,
          action,
          ...extra,
        }),
      );
    const expectRefused = async (work: Promise<unknown>, status: number) => {
      const error = await work.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(HttpProblem);
      expect((error as HttpProblem).status).toBe(status);
    };

    async function step(n: number): Promise<string> {
      const team = Math.floor(rnd() * teams.length);
      const currency = pick(CURRENCIES) as string;
      const roll = rnd();
      if (roll < 0.12) {
        const amount = 1 + Math.floor(rnd() * 50_000);
        await transact(t.context, async (tx) => {
          const asked = await requestTopUp(tx, company(team), {
            amount: currency === "JPY" ? String(amount) : (amount / 100).toFixed(2),
            currency,
          });
          const row = await topUpQuery(tx.db).where("u.id", "=", asked.id).executeTakeFirstOrThrow();
          await receiveTopUp(tx, row, { receivedBy: company(team).userId, testFunds: true });
          postedTopUps.push({
            id: `top_up:${asked.id}`,
            kind: "top_up",
            amount,
            debit: bankAccount(currency),
            credit: companyAccount(company(team).companyId, "available", currency),
            reference: { type: "top_up", id: asked.id, label: "retry" },
          });
        });
        booksOf(team, currency).available += amount;
        return `top-up ${amount} ${currency} to company ${team}`;
      }
      if (roll < 0.3) {
        const amount = 1 + Math.floor(rnd() * 20_000);
        const task = await transact(t.context, (tx) =>
          createTask(tx, company(team), {
            title: `Sim ${n}`,
            amount: currency === "JPY" ? String(amount) : (amount / 100).toFixed(2),
            currency,
            contractorId: (teams[team] as Team).contractor.id,
          }),
        );
        tasks.push({
          id: task.id,
          team,
          currency,
          amount,
          fee: feeFor(amount, FEE_BASIS_POINTS),
          state: "draft",
        });
        return `draft ${task.id} of ${amount} ${currency}`;
      }
      if (roll < 0.33) {
        const leg = pick(postedTopUps);
        if (!leg) return "no top-up to retry";
        const posted = await transact(t.context, (tx) => postTransfers(tx, [leg]));
        expect(posted).toBe(false);
        return `retried ${leg.id}`;
      }
      if (roll < 0.38) {
        const coverable = (x: ModelTask) => booksOf(x.team, x.currency).available >= x.amount + x.fee;
        const task = pick(
          tasks.filter((x) => (x.state === "draft" && coverable(x)) || x.state === "in_review"),
        );
        if (!task) return "nothing to kill";
        const action = task.state === "draft" ? "send" : "accept";
        await expect(
          transact(t.context, async (tx) => {
            await moveTask(tx, company(task.team), { taskId: task.id, action });
            throw new Killed("the process died before the commit");
          }),
        ).rejects.toBeInstanceOf(Killed);
        return `killed ${action} of ${task.id}`;
      }
      const live = tasks.filter((x) => !["completed", "declined", "cancelled"].includes(x.state));
      const task = pick(live);
      if (!task) return "no task";
      const b = booksOf(task.team, task.currency);
      const total = task.amount + task.fee;
      switch (task.state) {
        case "draft": {
          if (b.available < total) {
            await expectRefused(move(task, "company", "send"), 409);
            return `send of ${task.id} refused (${b.available} < ${total})`;
          }
          await move(task, "company", "send");
          b.available -= total;
          b.reserved += total;
          task.state = "offered";
          return `sent ${task.id}`;
        }
        case "offered": {
          const r = rnd();
          if (r < 0.5) {
            await move(task, "contractor", "accept");
            task.state = "in_progress";
            return `taken ${task.id}`;
          }
          await move(task, r < 0.75 ? "contractor" : "company", r < 0.75 ? "decline" : "cancel");
          b.available += total;
          b.reserved -= total;
          task.state = r < 0.75 ? "declined" : "cancelled";
          return `${task.state} ${task.id}`;
        }
        case "in_progress": {
          if (rnd() < 0.8) {
            await move(task, "contractor", "submit", { result: "done" });
            task.state = "in_review";
            return `submitted ${task.id}`;
          }
          await move(task, "company", "cancel");
          b.available += total;
          b.reserved -= total;
          task.state = "cancelled";
          return `cancelled ${task.id}`;
        }
        case "in_review": {
          await move(task, "company", "accept");
          b.reserved -= total;
          const who = `${task.team}:${task.currency}`;
          earned.set(who, (earned.get(who) ?? 0) + task.amount);
          task.state = "completed";
          // Accepting twice pays once: the second is a 409.
          await expectRefused(move(task, "company", "accept"), 409);
          return `paid ${task.id}`;
        }
        default:
          return "final";
      }
    }

    async function compare(): Promise<void> {
      expect(await checkLedger(t.context.database.db)).toEqual([]);
      const accounts = await t.context.database.db
        .selectFrom("ledger_accounts")
        .select(["owner_kind", "owner_id", "purpose", "currency", "balance"])
        .where("owner_kind", "in", ["company", "contractor"])
        .execute();
      for (const [index, team] of teams.entries()) {
        for (const currency of CURRENCIES) {
          const of = (kind: string, owner: string, purpose: string) =>
            Number(
              accounts.find(
                (a) =>
                  a.owner_kind === kind &&
                  a.owner_id === owner &&
                  a.purpose === purpose &&
                  a.currency === currency,
              )?.balance ?? 0,
            );
          const expected = booksOf(index, currency);
          expect({
            available: of("company", team.company.id, "available"),
            reserved: of("company", team.company.id, "reserved"),
            earned: of("contractor", team.contractor.user.id, "available"),
          }).toEqual({ ...expected, earned: earned.get(`${index}:${currency}`) ?? 0 });
        }
      }
    }

    const trail: string[] = [];
    try {
      for (let n = 0; n < steps; n++) {
        trail.push(await step(n));
        await compare();
      }
    } catch (error) {
      const last = trail.slice(-5).join("; ");
      throw new Error(
        `The money simulation failed at step ${trail.length} (replay: MONEY_SIM_SEED=${seed}); last steps: ${last}\n${String(error)}`,
      );
    }
    expect(tasks.some((x) => x.state === "completed")).toBe(true);
  });
});
