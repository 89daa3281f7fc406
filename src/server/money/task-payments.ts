import { formatMoney } from "../../common/money.ts";
import { chunks } from "../db/chunks.ts";
import { HttpProblem } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { HookPayloads, Tx } from "../kernel/tx.ts";
import { taskQuery } from "../tasks/present.ts";
import { companyAccount, contractorAccount, feesAccount } from "./accounts.ts";
import { publishCompanyBalance, publishContractorBalance } from "./events.ts";
import { feeFor } from "./fee.ts";
import { InsufficientFunds, postTransfers, type TransferLeg } from "./ledger.ts";

const label = (task: { number: number; title: string }) =>
  `Task #${task.number}: ${task.title}`.slice(0, 200);

/** The 409 of a send the company's available money cannot cover; the answer names what is missing. */
export function shortfallProblem(missingMinor: number, currency: string): HttpProblem {
  const amount = formatMoney({ minor: missingMinor, currency });
  return new HttpProblem(
    409,
    `Not enough money to send this task: top up at least ${amount} ${currency} (fee included). The task stays a draft.`,
    { shortfall: { amount, currency }, type: "https://crewdesk.dev/problems/insufficient-funds" },
  );
}

/**
 * Tasks sent: each one's amount plus the fee (fixed now) moves from the company's available money to its
 * reserved money. One the money cannot cover is refused with the shortfall (a send from its page answers
 * 409 with it; a task created with `send` or imported stays a Draft marked unfunded).
 */
export async function reserveForTasks(tx: Tx, payload: HookPayloads["tasks.sending"]): Promise<void> {
  const iso = tx.now.toISOString();
  const currencies = new Set<string>();
  for (const part of chunks(payload.taskIds)) {
    const tasks = await taskQuery(tx.db)
      .where("t.id", "in", part)
      .where("t.company_id", "=", payload.companyId)
      .execute();
    for (const task of tasks) {
      const fee = feeFor(task.amount_minor, tx.config.money.feeBasisPoints);
      const total = task.amount_minor + fee;
      try {
        await postTransfers(tx, [
          {
            id: `task:${task.id}:reserve`,
            kind: "reserve",
            amount: total,
            debit: companyAccount(task.company_id, "available", task.currency),
            credit: companyAccount(task.company_id, "reserved", task.currency),
            reference: { type: "task", id: task.id, label: label(task) },
          },
        ]);
      } catch (error) {
        if (!(error instanceof InsufficientFunds)) throw error;
        await savePayment(tx, task, { status: "unfunded", fee, shortfall: error.shortfall, at: iso });
        payload.refuse(task.id, shortfallProblem(error.shortfall, task.currency));
        continue;
      }
      await savePayment(tx, task, { status: "reserved", fee, shortfall: null, at: iso });
      currencies.add(task.currency);
    }
  }
  for (const currency of currencies) await publishCompanyBalance(tx, payload.companyId, currency);
}

async function savePayment(
  tx: Tx,
  task: { id: string; company_id: string; amount_minor: number; currency: string },
  state: { status: "unfunded" | "reserved"; fee: number; shortfall: number | null; at: string },
): Promise<void> {
  const values = {
    status: state.status,
    amount_minor: task.amount_minor,
    fee_minor: state.fee,
    currency: task.currency,
    shortfall_minor: state.shortfall,
    updated_at: state.at,
  };
  await tx.db
    .insertInto("task_payments")
    .values({ task_id: task.id, company_id: task.company_id, ...values })
    .onConflict((oc) => oc.column("task_id").doUpdateSet(values))
    .execute();
}

/** Tasks ended without a result: each reservation returns whole to the company's available money. */
export async function releaseTasks(tx: Tx, payload: HookPayloads["task.released"]): Promise<void> {
  const currencies = new Set<string>();
  for (const part of chunks(payload.taskIds)) {
    const held = await tx.db
      .selectFrom("task_payments as p")
      .innerJoin("tasks as t", "t.id", "p.task_id")
      .select(["p.task_id", "p.amount_minor", "p.fee_minor", "p.currency", "t.number", "t.title"])
      .where("p.task_id", "in", part)
      .where("p.company_id", "=", payload.companyId)
      .where("p.status", "=", "reserved")
      .execute();
    for (const p of held) {
      await postTransfers(tx, [
        {
          id: `task:${p.task_id}:release`,
          kind: "release",
          amount: Number(p.amount_minor) + Number(p.fee_minor),
          debit: companyAccount(payload.companyId, "reserved", p.currency),
          credit: companyAccount(payload.companyId, "available", p.currency),
          reference: { type: "task", id: p.task_id, label: label(p) },
        },
      ]);
      currencies.add(p.currency);
    }
    if (held.length > 0) {
      await tx.db
        .updateTable("task_payments")
        .set({ status: "released", updated_at: tx.now.toISOString() })
        .where(
          "task_id",
          "in",
          held.map((p) => p.task_id),
        )
        .execute();
    }
  }
  for (const currency of currencies) await publishCompanyBalance(tx, payload.companyId, currency);
}

/**
 * The company accepted results: from its reserved money, each task's contractor receives the task's amount
 * and the operator the fee, in one transaction. Set-based for a batch of acceptances: one read, one UPDATE of
 * the payments, one audit insert, the legs of every task posted at once (one UPDATE per account with the
 * summed delta), one balance event per account. A task sent while payments were off holds nothing: nothing
 * moves.
 */
export async function payForTasks(tx: Tx, payload: HookPayloads["tasks.completed"]): Promise<void> {
  const held = [];
  for (const part of chunks(payload.taskIds)) {
    held.push(
      ...(await tx.db
        .selectFrom("task_payments as p")
        .innerJoin("tasks as t", "t.id", "p.task_id")
        .innerJoin("contractors as c", "c.id", "t.contractor_id")
        .select([
          "p.task_id",
          "p.amount_minor",
          "p.fee_minor",
          "p.currency",
          "t.number",
          "t.title",
          "c.user_id",
        ])
        .where("p.task_id", "in", part)
        .where("p.company_id", "=", payload.companyId)
        .where("p.status", "=", "reserved")
        .execute()),
    );
  }
  if (held.length === 0) return;
  // In the order the tasks were accepted: the audit entries and legs read as one acceptance after another.
  const order = new Map(payload.taskIds.map((id, i) => [id, i]));
  held.sort((a, b) => (order.get(a.task_id) ?? 0) - (order.get(b.task_id) ?? 0));
  for (const part of chunks(held.map((p) => p.task_id))) {
    await tx.db
      .updateTable("task_payments")
      .set({ status: "paid", updated_at: tx.now.toISOString() })
      .where("task_id", "in", part)
      .execute();
  }
  await recordAudit(
    tx,
    { companyId: payload.companyId, userId: payload.actorUserId ?? null, door: payload.door ?? "system" },
    held.map((p) => {
      const paid = formatMoney({ minor: Number(p.amount_minor), currency: p.currency });
      const fee = formatMoney({ minor: Number(p.fee_minor), currency: p.currency });
      return {
        action: "task.paid" as const,
        subjectType: "task" as const,
        subjectId: p.task_id,
        summary: `${label(p)}: paid ${paid} ${p.currency} (fee ${fee})`.slice(0, 300),
        details: { amount: paid, fee, currency: p.currency },
      };
    }),
  );
  // The legs last: their balance rows are the hot ones, locked from here until the commit.
  await postTransfers(tx, held.flatMap(paymentLegs(payload.companyId)));
  for (const currency of new Set(held.map((p) => p.currency))) {
    await publishCompanyBalance(tx, payload.companyId, currency);
  }
  const contractors = new Map(held.map((p) => [`${p.user_id}:${p.currency}`, p]));
  for (const p of contractors.values()) await publishContractorBalance(tx, p.user_id, p.currency);
}

/** A paid task's legs: its amount to the contractor and, when there is one, the fee to the operator. */
const paymentLegs =
  (companyId: string) =>
  (p: {
    task_id: string;
    amount_minor: number;
    fee_minor: number;
    currency: string;
    number: number;
    title: string;
    user_id: string;
  }): TransferLeg[] => {
    const reference = { type: "task" as const, id: p.task_id, label: label(p) };
    const reserved = companyAccount(companyId, "reserved", p.currency);
    const payment: TransferLeg = {
      id: `task:${p.task_id}:payment`,
      kind: "payment",
      amount: Number(p.amount_minor),
      debit: reserved,
      credit: contractorAccount(p.user_id, "available", p.currency),
      reference,
    };
    if (Number(p.fee_minor) <= 0) return [payment];
    return [
      payment,
      {
        id: `task:${p.task_id}:fee`,
        kind: "fee",
        amount: Number(p.fee_minor),
        debit: reserved,
        credit: feesAccount(p.currency),
        reference,
      },
    ];
  };
