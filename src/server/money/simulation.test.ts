import { describe, expect, it } from "vitest";
import { buildTeam, buildUser, type Team } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { HttpProblem } from "../http/problem.ts";
import { transact } from "../kernel/transaction.ts";
import { buildPayoutBatch } from "../payouts/build-payout-batch.ts";
import { cancelWithdrawal } from "../payouts/cancel-withdrawal.ts";
import { markBatchSent } from "../payouts/mark-batch-sent.ts";
import { markWithdrawalFailed } from "../payouts/mark-withdrawal-failed.ts";
import { markWithdrawalPaid } from "../payouts/mark-withdrawal-paid.ts";
import { requestWithdrawal } from "../payouts/request-withdrawal.ts";
import { savePayoutDetails } from "../payouts/save-payout-details.ts";
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
 * declines, cancels, acceptances, withdrawals (asked, refused past what is available, cancelled, killed
 * midway), payout batches (built, sent, each item paid or failed and marked twice), retried transfers and
 * steps killed midway (their transaction rolled back), against a plain in-memory model. After every step the ledger's invariants hold and every balance
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

interface ModelWithdrawal {
  id: string;
  team: number;
  currency: string;
  amount: number;
  state: "requested" | "in_batch" | "paid" | "failed" | "cancelled";
}
interface ModelBatch {
  id: string;
  state: "built" | "sent";
  items: ModelWithdrawal[];
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
    const withdrawing = new Map<string, number>();
    const withdrawals: ModelWithdrawal[] = [];
    const batches: ModelBatch[] = [];
    const finance = { userId: (await buildUser(t.context.database.db, { platformRole: "finance" })).id };
    for (const team of teams) {
      await transact(t.context, (tx) =>
        savePayoutDetails(
          tx,
          { userId: team.contractor.user.id },
          { accountHolder: "Sim Contractor", iban: "DE89370400440532013000", bic: "COBADEFFXXX" },
        ),
      );
    }
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
      if (roll < 0.48) return payoutStep(team, currency);
      if (roll < 0.51) {
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

    const text = (amount: number, currency: string) =>
      currency === "JPY" ? String(amount) : (amount / 100).toFixed(2);
    const who = (team: number, currency: string) => `${team}:${currency}`;
    const shift = (map: Map<string, number>, k: string, by: number) => map.set(k, (map.get(k) ?? 0) + by);

    async function payoutStep(team: number, currency: string): Promise<string> {
      const me = { userId: (teams[team] as Team).contractor.user.id };
      const available = earned.get(who(team, currency)) ?? 0;
      const r = rnd();
      if (r < 0.35) {
        const amount = 1 + Math.floor(rnd() * (available + 2_000));
        const ask = () =>
          transact(t.context, (tx) =>
            requestWithdrawal(tx, me, { amount: text(amount, currency), currency }),
          );
        if (amount > available) {
          await expectRefused(ask(), 409);
          return `withdrawal of ${amount} ${currency} refused (${available} available)`;
        }
        if (rnd() < 0.1) {
          await expect(
            transact(t.context, async (tx) => {
              await requestWithdrawal(tx, me, { amount: text(amount, currency), currency });
              throw new Killed("the process died before the commit");
            }),
          ).rejects.toBeInstanceOf(Killed);
          return `killed a withdrawal of ${amount} ${currency}`;
        }
        const asked = await ask();
        withdrawals.push({ id: asked.id, team, currency, amount, state: "requested" });
        shift(earned, who(team, currency), -amount);
        shift(withdrawing, who(team, currency), amount);
        return `withdrawal ${asked.id} of ${amount} ${currency}`;
      }
      if (r < 0.45) {
        const w = pick(withdrawals.filter((x) => x.state === "requested" || x.state === "in_batch"));
        if (!w) return "no withdrawal to cancel";
        const cancel = transact(t.context, (tx) =>
          cancelWithdrawal(tx, { userId: (teams[w.team] as Team).contractor.user.id }, w.id),
        );
        if (w.state === "in_batch") {
          await expectRefused(cancel, 409);
          return `cancel of ${w.id} refused (in a batch)`;
        }
        await cancel;
        w.state = "cancelled";
        shift(earned, who(w.team, w.currency), w.amount);
        shift(withdrawing, who(w.team, w.currency), -w.amount);
        return `cancelled withdrawal ${w.id}`;
      }
      if (r < 0.6) {
        const waiting = withdrawals.filter((x) => x.state === "requested" && x.currency === currency);
        const build = transact(t.context, (tx) => buildPayoutBatch(tx, finance, { currency }));
        if (waiting.length === 0) {
          await expectRefused(build, 409);
          return `no ${currency} withdrawal to batch`;
        }
        const batch = await build;
        expect(batch.items.map((i) => i.id).sort()).toEqual(waiting.map((w) => w.id).sort());
        for (const w of waiting) w.state = "in_batch";
        batches.push({ id: batch.id, state: "built", items: waiting });
        return `batch ${batch.id} of ${waiting.length} ${currency}`;
      }
      if (r < 0.7) {
        const batch = pick(batches.filter((b) => b.state === "built"));
        if (!batch) return "no batch to send";
        const item = batch.items[0] as ModelWithdrawal;
        await expectRefused(
          transact(t.context, (tx) => markWithdrawalPaid(tx, finance, item.id)),
          409,
        );
        await transact(t.context, (tx) => markBatchSent(tx, finance, batch.id));
        batch.state = "sent";
        return `sent batch ${batch.id}`;
      }
      const w = pick(
        batches
          .filter((b) => b.state === "sent")
          .flatMap((b) => b.items.filter((x) => x.state === "in_batch")),
      );
      if (!w) return "no payout to settle";
      const paid = rnd() < 0.6;
      const mark = () =>
        transact(t.context, (tx) =>
          paid
            ? markWithdrawalPaid(tx, finance, w.id)
            : markWithdrawalFailed(tx, finance, w.id, { reason: "AC04" }),
        );
      await mark();
      // Marked again (a retry): nothing moves twice.
      await mark();
      w.state = paid ? "paid" : "failed";
      shift(withdrawing, who(w.team, w.currency), -w.amount);
      if (!paid) shift(earned, who(w.team, w.currency), w.amount);
      return `${w.state} ${w.id}`;
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
            withdrawing: of("contractor", team.contractor.user.id, "withdrawing"),
          }).toEqual({
            ...expected,
            earned: earned.get(`${index}:${currency}`) ?? 0,
            withdrawing: withdrawing.get(`${index}:${currency}`) ?? 0,
          });
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
    expect(withdrawals.some((x) => x.state === "paid")).toBe(true);
    expect(withdrawals.some((x) => x.state === "failed")).toBe(true);
  });
});
