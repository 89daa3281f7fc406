import type { FastifyBaseLogger } from "fastify";
import { startPolling, type Worker } from "../jobs/poll.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { emailUnreadReplies } from "./send-reply-emails.ts";

const BATCH = 50;
const POLL_MS = 5_000;

/** Emails the replies whose two minutes are up; returns how many emails were queued. */
export async function sendDueReplyEmails(context: AppContext, now = new Date()): Promise<number> {
  const due = await context.database.db
    .selectFrom("support_conversations")
    .select(["id", "reply_email_due_at"])
    .where("reply_email_due_at", "<=", now.toISOString())
    .orderBy("reply_email_due_at")
    .limit(BATCH)
    .execute();
  let queued = 0;
  for (const row of due) {
    if (!row.reply_email_due_at) continue;
    const dueAt = row.reply_email_due_at;
    if (await transact(context, (tx) => emailUnreadReplies(tx, row.id, dueAt), now)) queued += 1;
  }
  return queued;
}

/** Polls for due reply emails until stopped. Every node may run it: each email is claimed once. */
export function startReplyEmailWorker(context: AppContext, log: FastifyBaseLogger): Worker {
  return startPolling({
    round: async () => {
      await sendDueReplyEmails(context);
      return false;
    },
    idleMs: POLL_MS,
    log,
    failure: "support: emailing replies failed",
  });
}
