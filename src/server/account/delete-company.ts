import { formatMoney } from "../../common/money.ts";
import { removeContractor } from "../contractors/remove-contractor.ts";
import { conflict, notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import { shownTask } from "../tasks/access.ts";
import { companyClosedEmail, relationEndedEmail } from "./emails.ts";
import { publishAccountUpdated } from "./history.ts";
import { claimSecondFactor, type SecondFactorMatch } from "./second-factor.ts";

/** Tasks that still bind the company and a contractor: sent and not settled. */
const UNDER_WAY = ["offered", "in_progress", "in_review"] as const;

/** What keeps a company from closing, each as a sentence that says what to do; none: it may close. */
async function whatKeepsItOpen(tx: Tx, companyId: string): Promise<string[]> {
  const reasons: string[] = [];
  const money = await tx.db
    .selectFrom("ledger_accounts")
    .select(["currency", "purpose", "balance"])
    .where("owner_kind", "=", "company")
    .where("owner_id", "=", companyId)
    .where("purpose", "in", ["available", "reserved"])
    .where("balance", "!=", 0)
    .orderBy("currency")
    .orderBy("purpose")
    .execute();
  for (const m of money.filter((row) => row.purpose === "reserved"))
    reasons.push(
      `${formatMoney({ minor: Number(m.balance), currency: m.currency })} ${m.currency} is reserved for tasks: cancel them or accept their results.`,
    );
  for (const m of money.filter((row) => row.purpose === "available"))
    reasons.push(
      `${formatMoney({ minor: Number(m.balance), currency: m.currency })} ${m.currency} is available: spend it on tasks, or write to support to have it returned.`,
    );
  const tasks = await tx.db
    .selectFrom("tasks as t")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("t.company_id", "=", companyId)
    .where(shownTask)
    .where("t.status", "in", [...UNDER_WAY])
    .executeTakeFirstOrThrow();
  const underWay = Number(tasks.n);
  if (underWay > 0)
    reasons.push(
      `${underWay === 1 ? "1 task is" : `${underWay} tasks are`} still offered, in progress or in review: cancel them or accept their results.`,
    );
  const topUps = await tx.db
    .selectFrom("top_ups")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("company_id", "=", companyId)
    .where("status", "=", "awaiting_payment")
    .executeTakeFirstOrThrow();
  if (Number(topUps.n) > 0) reasons.push("A top-up is awaiting payment: cancel it on the Money page.");
  return reasons;
}

/**
 * The company's owner deletes it (password, and second step if on, checked before). Refused (409, saying
 * what to do) while it holds money or has tasks under way. Otherwise it is closed at once: every
 * membership ends, every contractor's relation ends as a removal would (invitation links die), its tasks
 * and money records stay for the books. The audit trail records it; the members and contractors are emailed.
 */
export async function deleteCompany(
  tx: Tx,
  actor: CompanyActor,
  secondFactor: SecondFactorMatch | null,
): Promise<void> {
  const company = await tx.db
    .selectFrom("companies")
    .select(["id", "name", "closed_at"])
    .where("id", "=", actor.companyId)
    .executeTakeFirst();
  if (!company || company.closed_at) throw notFound("Company");
  const reasons = await whatKeepsItOpen(tx, company.id);
  if (reasons.length > 0) throw conflict(`${company.name} cannot be deleted yet. ${reasons.join(" ")}`);
  if (secondFactor) await claimSecondFactor(tx, actor.userId, secondFactor);

  const relations = await tx.db
    .selectFrom("contractors as k")
    .innerJoin("users as u", "u.id", "k.user_id")
    .select(["k.id", "u.email", "u.name"])
    .where("k.company_id", "=", company.id)
    .where("k.status", "!=", "removed")
    .where("u.deleted_at", "is", null)
    .execute();
  for (const r of relations) await removeContractor(tx, actor, r.id);

  const members = await tx.db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["u.id", "u.email", "u.name"])
    .where("m.company_id", "=", company.id)
    .execute();
  await tx.db.deleteFrom("memberships").where("company_id", "=", company.id).execute();
  await tx.db
    .updateTable("companies")
    .set({ closed_at: tx.now.toISOString(), two_step_required: 0 })
    .where("id", "=", company.id)
    .execute();
  await tx.hooks.run(tx, "company.closed", { companyId: company.id });
  const owner = members.find((m) => m.id === actor.userId);
  await recordAudit(tx, auditWhoOf(actor), {
    action: "company.deleted",
    subjectType: "company",
    subjectId: company.id,
    summary: `${owner?.name ?? "Its owner"} deleted the company ${company.name}`,
    details: { members: members.length, contractors: relations.length },
  });

  const appUrl = tx.config.appUrl;
  await enqueueEmails(
    tx.db,
    [
      ...members.map((m) => ({
        ...companyClosedEmail(appUrl, { name: m.name, company: company.name, byYou: m.id === actor.userId }),
        recipient: m.email,
      })),
      ...relations.map((r) => ({
        ...relationEndedEmail(appUrl, { name: r.name, company: company.name }),
        recipient: r.email,
      })),
    ],
    tx.now,
  );
  for (const m of members) publishAccountUpdated(tx, m.id);
}
