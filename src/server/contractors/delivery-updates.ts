import type { AppContext } from "../kernel/context.ts";
import { onEmailsSettled } from "../mail/outbox-worker.ts";
import { publishContractorUpdates } from "./acceptance.ts";

/**
 * When the outbox worker sends (or fails) an invitation email, the company's list shows the new delivery
 * state live. Returns the function that stops listening.
 */
export function publishInvitationDeliveries(
  context: AppContext,
  onError: (error: unknown) => void,
): () => void {
  const { db } = context.database;
  return onEmailsSettled(context.database, (emailIds) => {
    void (async () => {
      const ids: string[] = [];
      for (let i = 0; i < emailIds.length; i += 500) {
        const rows = await db
          .selectFrom("contractors")
          .select("id")
          .where("invitation_email_id", "in", emailIds.slice(i, i + 500))
          .execute();
        ids.push(...rows.map((r) => r.id));
      }
      await publishContractorUpdates(context, ids);
    })().catch(onError);
  });
}
