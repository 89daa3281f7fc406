import type { PayoutBatchStatus } from "../../common/wire/payouts.ts";
import { platformRoleChannel } from "../auth/stream-audience.ts";
import type { Tx } from "../kernel/tx.ts";
import { presentWithdrawal, type WithdrawalRow } from "./rows.ts";

const finance = () => [platformRoleChannel("finance")];

/** Queues `withdrawal.updated`: its contractor and finance see it change live. */
export function publishWithdrawal(tx: Tx, row: WithdrawalRow): void {
  tx.publish(
    "withdrawal.updated",
    { userIds: [row.user_id], channels: finance() },
    { userId: row.user_id, withdrawal: presentWithdrawal(row) },
  );
}

/** Queues `payout_batch.updated` to finance. */
export function publishBatch(tx: Tx, batchId: string, status: PayoutBatchStatus): void {
  tx.publish("payout_batch.updated", { channels: finance() }, { batchId, status });
}
