/**
 * The task emails. Self-contained on purpose (shared mail layouts are being written on another branch):
 * every user-typed text is escaped in HTML and every link is on APP_URL, never on a request header.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { enqueueEmail } from "../mail/outbox.ts";

export interface TaskMailFacts {
  id: string;
  number: number;
  title: string;
  amount: string;
  currency: string;
  deadline: string | null;
}

/** Where each side opens a task in the web app. */
export const contractorTaskPath = (taskId: string) => `/my/tasks/${encodeURIComponent(taskId)}`;
export const companyTaskPath = (companyId: string, taskId: string) =>
  `/companies/${encodeURIComponent(companyId)}/tasks/${encodeURIComponent(taskId)}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

interface Rendered {
  subject: string;
  text: string;
  html: string;
}

interface Paragraph {
  /** Plain text; escaped in HTML. */
  text: string;
  /** Shown as a quote: text someone else typed (a comment, a result). */
  quote?: boolean;
}

function render(subject: string, paragraphs: Paragraph[], link: { url: string; label: string }): Rendered {
  const text = [
    ...paragraphs.map((p) => (p.quote ? p.text.replace(/^/gm, "> ") : p.text)),
    `${link.label}: ${link.url}`,
  ]
    .join("\n\n")
    .concat("\n");
  const body = paragraphs
    .map((p) => {
      const html = escapeHtml(p.text).replace(/\n/g, "<br>");
      return p.quote
        ? `<blockquote style="margin:0 0 16px;padding-left:12px;border-left:3px solid #ccc">${html}</blockquote>`
        : `<p style="margin:0 0 16px">${html}</p>`;
    })
    .join("");
  const html =
    `<!doctype html><html><body style="font-family:sans-serif;font-size:15px;line-height:1.5;color:#222">` +
    `${body}<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p></body></html>`;
  return { subject, text, html };
}

function summary(task: TaskMailFacts): string {
  const due = task.deadline ? `, due ${task.deadline}` : "";
  return `#${task.number} "${task.title}" (${task.amount} ${task.currency}${due})`;
}

/** One email for all the tasks a company offered a contractor at once (an import sends many). */
export function offeredEmail(appUrl: string, companyName: string, tasks: TaskMailFacts[]): Rendered {
  const first = tasks[0];
  if (!first) throw new Error("offeredEmail needs at least one task");
  const many = tasks.length > 1;
  const subject = many
    ? `${companyName} offered you ${tasks.length} tasks`
    : `${companyName} offered you a task: ${first.title}`;
  const list = tasks.map((t) => `• ${summary(t)}`).join("\n");
  return render(
    subject,
    [
      { text: `${companyName} offered you ${many ? "these tasks" : "a task"}:` },
      { text: list },
      { text: "Open it to accept or decline." },
    ],
    {
      url: `${appUrl}${many ? "/my/tasks" : contractorTaskPath(first.id)}`,
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
    `${companyName} cancelled the task: ${task.title}`,
    [
      { text: `${companyName} cancelled the task ${summary(task)}.` },
      ...(comment ? [{ text: comment, quote: true }] : []),
    ],
    { url: `${appUrl}${contractorTaskPath(task.id)}`, label: "Open the task" },
  );
}

/** One email for the offers a company withdrew by removing the contractor from its team. */
export function offersWithdrawnEmail(appUrl: string, companyName: string, tasks: TaskMailFacts[]): Rendered {
  const many = tasks.length > 1;
  return render(
    `${companyName} cancelled ${many ? `${tasks.length} tasks` : "a task"} it had offered you`,
    [
      {
        text: `${companyName} removed you from its team and cancelled ${many ? "these tasks" : "this task"}:`,
      },
      { text: tasks.map((t) => `• ${summary(t)}`).join("\n") },
    ],
    { url: `${appUrl}/my/tasks`, label: "Open my tasks" },
  );
}

export function completedEmail(appUrl: string, companyName: string, task: TaskMailFacts) {
  return render(
    `${companyName} accepted your work: ${task.title}`,
    [{ text: `${companyName} accepted your result for ${summary(task)}. The task is completed.` }],
    { url: `${appUrl}${contractorTaskPath(task.id)}`, label: "Open the task" },
  );
}

export function returnedEmail(appUrl: string, companyName: string, task: TaskMailFacts, comment: string) {
  return render(
    `${companyName} returned the task: ${task.title}`,
    [
      { text: `${companyName} returned ${summary(task)} to you with this comment:` },
      { text: comment, quote: true },
      { text: "The task is in progress again; submit a new result when it is ready." },
    ],
    { url: `${appUrl}${contractorTaskPath(task.id)}`, label: "Open the task" },
  );
}

export function takenEmail(appUrl: string, companyId: string, contractorName: string, task: TaskMailFacts) {
  return render(
    `${contractorName} accepted the task: ${task.title}`,
    [{ text: `${contractorName} accepted ${summary(task)} and is working on it.` }],
    { url: `${appUrl}${companyTaskPath(companyId, task.id)}`, label: "Open the task" },
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
    `${contractorName} declined the task: ${task.title}`,
    [
      { text: `${contractorName} declined ${summary(task)}.` },
      ...(comment ? [{ text: comment, quote: true }] : []),
    ],
    { url: `${appUrl}${companyTaskPath(companyId, task.id)}`, label: "Open the task" },
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
    `${contractorName} submitted a result: ${task.title}`,
    [
      { text: `${contractorName} submitted a result for ${summary(task)}:` },
      { text: result, quote: true },
      ...(link ? [{ text: `Link: ${link}` }] : []),
      { text: "Review it to accept it or return it with a comment." },
    ],
    { url: `${appUrl}${companyTaskPath(companyId, task.id)}`, label: "Review the result" },
  );
}

/** Queues one email per address, in the caller's transaction; the key makes a retried write queue nothing twice. */
export async function queueTaskEmail(
  trx: Kysely<DB>,
  template: string,
  recipients: string[],
  rendered: Rendered,
  dedupeKey: string,
): Promise<void> {
  for (const recipient of recipients) {
    await enqueueEmail(trx, { recipient, template, ...rendered, dedupeKey: `${dedupeKey}:${recipient}` });
  }
}

/** The company side of a task: its owners and managers. */
export async function companyRecipients(trx: Kysely<DB>, companyId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select("u.email")
    .where("m.company_id", "=", companyId)
    .where("m.role", "in", ["owner", "manager"])
    .execute();
  return rows.map((r) => r.email);
}
