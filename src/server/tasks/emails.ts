/**
 * The task emails, in the one mail layout (src/server/mail/layout.ts): user-typed text is escaped there, and
 * every link is built by appLink on APP_URL, never on a request header.
 */
import type { Kysely } from "kysely";
import { formatAmount, formatDate } from "../../common/format.ts";
import { companyMail } from "../auth/company-mail.ts";
import {
  lockCompany,
  spendInvitationAllowance,
  trySpendInvitationAllowance,
} from "../contractors/invitation-limit.ts";
import type { DB } from "../db/types.ts";
import type { Tx } from "../kernel/tx.ts";
import { appLink, EMAIL_LOCALE, type EmailBlock, renderEmail } from "../mail/layout.ts";
import { addressed, type EmailMessage, enqueueEmails } from "../mail/outbox.ts";

export interface TaskMailFacts {
  id: string;
  number: number;
  title: string;
  amount: string;
  currency: string;
  deadline: string | null;
}

/** Where each side opens a task in the web app. */
const contractorTaskPath = (taskId: string) => `/my/tasks/${encodeURIComponent(taskId)}`;
const companyTaskPath = (companyId: string, taskId: string) =>
  `/companies/${encodeURIComponent(companyId)}/tasks/${encodeURIComponent(taskId)}`;

interface Paragraph {
  /** Plain text; escaped in HTML. */
  text: string;
  /** Shown as a quote: text someone else typed (a comment, a result). */
  quote?: boolean;
}

/** A task email: its paragraphs, then one button to the page where the reader acts on it. */
function render(
  template: string,
  appUrl: string,
  subject: string,
  paragraphs: Paragraph[],
  link: { path: string; label: string },
): EmailMessage {
  const blocks: EmailBlock[] = paragraphs.map((p) =>
    p.quote ? { kind: "quote", text: p.text } : { kind: "paragraph", text: p.text },
  );
  blocks.push({ kind: "action", label: link.label, url: appLink(appUrl, link.path) });
  return { template, ...renderEmail({ subject, heading: subject, blocks }) };
}

/** `#12 "Logo" ($1,250.50, due Dec 31, 2026)`: amounts and dates by the web app's one formatter. */
function summary(task: TaskMailFacts): string {
  const due = task.deadline ? `, due ${formatDate(task.deadline, EMAIL_LOCALE)}` : "";
  return `#${task.number} "${task.title}" (${formatAmount(task.amount, task.currency, EMAIL_LOCALE)}${due})`;
}

/** One email for all the tasks a company offered a contractor at once (an import sends many). */
export function offeredEmail(appUrl: string, companyName: string, tasks: TaskMailFacts[]): EmailMessage {
  const first = tasks[0];
  if (!first) throw new Error("offeredEmail needs at least one task");
  const many = tasks.length > 1;
  const subject = many
    ? `${companyName} offered you ${tasks.length} tasks`
    : `${companyName} offered you a task: ${first.title}`;
  const list = tasks.map((t) => `• ${summary(t)}`).join("\n");
  return render(
    "task.offered",
    appUrl,
    subject,
    [
      { text: `${companyName} offered you ${many ? "these tasks" : "a task"}:` },
      { text: list },
      { text: "Open it to accept or decline." },
    ],
    {
      path: many ? "/my/tasks" : contractorTaskPath(first.id),
      label: many ? "Open my tasks" : "Open the task",
    },
  );
}

export function cancelledEmail(
  appUrl: string,
  companyName: string,
  task: TaskMailFacts,
  comment: string | null,
) {
  return render(
    "task.cancelled",
    appUrl,
    `${companyName} cancelled the task: ${task.title}`,
    [
      { text: `${companyName} cancelled the task ${summary(task)}.` },
      ...(comment ? [{ text: comment, quote: true }] : []),
    ],
    { path: contractorTaskPath(task.id), label: "Open the task" },
  );
}

/** One email for the offers a company withdrew by removing the contractor from its team. */
export function offersWithdrawnEmail(
  appUrl: string,
  companyName: string,
  tasks: TaskMailFacts[],
): EmailMessage {
  const many = tasks.length > 1;
  return render(
    "tasks.offers-withdrawn",
    appUrl,
    `${companyName} cancelled ${many ? `${tasks.length} tasks` : "a task"} it had offered you`,
    [
      {
        text: `${companyName} removed you from its team and cancelled ${many ? "these tasks" : "this task"}:`,
      },
      { text: tasks.map((t) => `• ${summary(t)}`).join("\n") },
    ],
    { path: "/my/tasks", label: "Open my tasks" },
  );
}

export function completedEmail(appUrl: string, companyName: string, task: TaskMailFacts) {
  return render(
    "task.completed",
    appUrl,
    `${companyName} accepted your work: ${task.title}`,
    [{ text: `${companyName} accepted your result for ${summary(task)}. The task is completed.` }],
    { path: contractorTaskPath(task.id), label: "Open the task" },
  );
}

export function returnedEmail(appUrl: string, companyName: string, task: TaskMailFacts, comment: string) {
  return render(
    "task.returned",
    appUrl,
    `${companyName} returned the task: ${task.title}`,
    [
      { text: `${companyName} returned ${summary(task)} to you with this comment:` },
      { text: comment, quote: true },
      { text: "The task is in progress again; submit a new result when it is ready." },
    ],
    { path: contractorTaskPath(task.id), label: "Open the task" },
  );
}

export function takenEmail(appUrl: string, companyId: string, contractorName: string, task: TaskMailFacts) {
  return render(
    "task.taken",
    appUrl,
    `${contractorName} accepted the task: ${task.title}`,
    [{ text: `${contractorName} accepted ${summary(task)} and is working on it.` }],
    { path: companyTaskPath(companyId, task.id), label: "Open the task" },
  );
}

export function declinedEmail(
  appUrl: string,
  companyId: string,
  contractorName: string,
  task: TaskMailFacts,
  comment: string | null,
) {
  return render(
    "task.declined",
    appUrl,
    `${contractorName} declined the task: ${task.title}`,
    [
      { text: `${contractorName} declined ${summary(task)}.` },
      ...(comment ? [{ text: comment, quote: true }] : []),
    ],
    { path: companyTaskPath(companyId, task.id), label: "Open the task" },
  );
}

export function submittedEmail(
  appUrl: string,
  companyId: string,
  contractorName: string,
  task: TaskMailFacts,
  result: string,
  link: string | null,
) {
  return render(
    "task.submitted",
    appUrl,
    `${contractorName} submitted a result: ${task.title}`,
    [
      { text: `${contractorName} submitted a result for ${summary(task)}:` },
      { text: result, quote: true },
      ...(link ? [{ text: `Link: ${link}` }] : []),
      { text: "Review it to accept it or return it with a comment." },
    ],
    { path: companyTaskPath(companyId, task.id), label: "Review the result" },
  );
}

/** Who a task email goes to, for which company. */
export interface TaskMailTo {
  companyId: string;
  recipients: string[];
  /**
   * The email goes to a contractor who has not accepted the company's invitation: it counts against the
   * invitation allowance like an invitation. `refuse` (an offer): over it, the move is refused with 429;
   * `skip` (news of something withdrawn): over it, the email alone is left unsent.
   */
  unacceptedContractor?: "refuse" | "skip";
}

/**
 * Queues a task email to each recipient in the transaction of the move that caused it. The move's history
 * id keys it, so a retried write cannot queue it twice. Held while the company's owner has not confirmed
 * their address (`companyMail`); to a contractor who has not accepted, counted as an invitation.
 */
export async function taskEmails(tx: Tx, message: EmailMessage, to: TaskMailTo, moveId: string) {
  if (to.recipients.length === 0) return;
  if (to.unacceptedContractor) {
    await lockCompany(tx.db, to.companyId);
    if (to.unacceptedContractor === "refuse") {
      await spendInvitationAllowance(tx, to.companyId, to.recipients.length, "task emails");
    } else if (!(await trySpendInvitationAllowance(tx, to.companyId, to.recipients.length))) return;
  }
  const company = await companyMail(tx.db, to.companyId);
  const emails = addressed(message, to.recipients, `task:${moveId}`).map((e) => ({ ...e, company }));
  await enqueueEmails(tx.db, emails, tx.now);
}

/** The company side of a task: its owners and managers. */
export async function companyRecipients(db: Kysely<DB>, companyId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("m.company_id", "=", companyId)
    .where("m.role", "in", ["owner", "manager"])
    .execute();
  return rows.map((r) => r.email);
}
