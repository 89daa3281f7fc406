import { checkPayoutDetails, type PayoutDetailsInput } from "../../common/payout-details.ts";
import type { PayoutDetails } from "../../common/wire/payouts.ts";
import { badRequest } from "../http/problem.ts";
import { recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import { payoutDetailsChangedEmail } from "./emails.ts";
import { payoutDetailsOf } from "./rows.ts";

/**
 * The contractor adds or replaces the bank account they are paid to (their current password was checked by
 * the route). Withdrawals already requested keep the account they were asked to; the contractor is emailed.
 */
export async function savePayoutDetails(
  tx: Tx,
  actor: { userId: string },
  input: PayoutDetailsInput,
): Promise<PayoutDetails> {
  const checked = checkPayoutDetails(input);
  if (!checked.ok)
    throw badRequest(checked.errors[0]?.message ?? "Check the payout details.", checked.errors);
  const { accountHolder, iban, bic } = checked.value;
  const iso = tx.now.toISOString();
  const before = await payoutDetailsOf(tx.db, actor.userId);
  await tx.db
    .insertInto("payout_details")
    .values({
      user_id: actor.userId,
      account_holder: accountHolder,
      iban,
      bic,
      created_at: iso,
      updated_at: iso,
    })
    .onConflict((oc) =>
      oc.column("user_id").doUpdateSet({ account_holder: accountHolder, iban, bic, updated_at: iso }),
    )
    .execute();
  const user = await tx.db
    .selectFrom("users")
    .select("email")
    .where("id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  await enqueueEmails(
    tx.db,
    [
      payoutDetailsChangedEmail({
        recipient: user.email,
        appUrl: tx.config.appUrl,
        ibanEnd: iban.slice(-4),
        first: !before,
      }),
    ],
    tx.now,
  );
  await recordAudit(
    tx,
    { companyId: null, userId: actor.userId, door: "web" },
    {
      action: before ? "payout_details.changed" : "payout_details.added",
      subjectType: "payout_details",
      subjectId: actor.userId,
      summary: `Payout account ${before ? "changed" : "added"}: IBAN ending in ${iban.slice(-4)}`,
      details: {
        ibanEnd: iban.slice(-4),
        bic,
        ...(before ? { previousIbanEnd: before.iban.slice(-4) } : {}),
      },
    },
  );
  tx.publish("account.updated", { userIds: [actor.userId] }, { userId: actor.userId });
  return (await payoutDetailsOf(tx.db, actor.userId)) as PayoutDetails;
}
