import { chunks } from "../db/chunks.ts";
import type { AppContext } from "../kernel/context.ts";
import { transact } from "../kernel/transaction.ts";
import { onEmailsSettled } from "../mail/outbox-worker.ts";
import { publishContractorUpdates } from "./events.ts";

/**
 * When the outbox worker sends (or fails) an invitation email, the company's list shows the new delivery
 * state live. Returns the function that stops listening.
 */
export function publishInvitationDeliveries(
  context: AppContext,
  onError: (error: unknown) => void,
): () => void {
  return onEmailsSettled(context.database, (emailIds) => {
    void transact(context, async (tx) => {
      const ids: string[] = [];
      for (const part of chunks(emailIds)) {
        const rows = await tx.db
          .selectFrom("contractors")
          .select("id")
          .where("invitation_email_id", "in", part)
          .execute();
        ids.push(...rows.map((r) => r.id));
      }
      await publishContractorUpdates(tx, ids);
    }).catch(onError);
  });
}
