import type { Contractor } from "./wire/contractors.ts";
import type { StatementRun } from "./wire/documents.ts";
import type { TaskImport } from "./wire/imports.ts";
import type { CompanyBalance, ContractorBalance, TopUp } from "./wire/money.ts";
import type { PayoutBatchStatus, Withdrawal } from "./wire/payouts.ts";
import type { SupportConversationUpdated, SupportMessagePosted } from "./wire/support.ts";
import type { Task } from "./wire/tasks.ts";

/**
 * The live events of GET /api/events: each name with the shape of its `data`. The server's bus and the web
 * app's listeners both use this map, so a payload cannot change on one side alone.
 */
export interface EventPayloads {
  /** One contractor changed. */
  "contractor.updated": { companyId: string; contractor: Contractor };
  /** A task changed; `deleted` when a draft was deleted (open lists drop it). */
  "task.updated": { companyId: string; task: Task; deleted?: true };
  /** A task import's state, reading progress or counts changed. */
  "import.updated": { companyId: string; import: TaskImport };
  /** A message of a support conversation, to its person and to the support agents. */
  "support.message": SupportMessagePosted;
  /** A support conversation was closed, reopened or read: to its person (not read marks) and the agents. */
  "support.conversation.updated": SupportConversationUpdated;
  /** The person's own account changed (sessions, second step, history, an archive): to that person. */
  "account.updated": { userId: string };
  /** A balance moved: the company's (to its members) or a contractor's earnings (to them alone). */
  "balance.updated":
    | { companyId: string; balance: CompanyBalance }
    | { userId: string; balance: ContractorBalance };
  /** A top-up was asked for, received or cancelled: to the company's members and to finance. */
  "top_up.updated": { companyId: string; topUp: TopUp };
  /** Documents were issued to a company (to its members) or to a contractor (to them alone). */
  "documents.updated": { companyId: string } | { userId: string };
  /** A month's statements are being issued: its progress, to finance. */
  "statement_run.updated": { run: StatementRun };
  /** A withdrawal was requested, cancelled, batched, paid or failed: to its contractor and to finance. */
  "withdrawal.updated": { userId: string; withdrawal: Withdrawal };
  /** A payout batch was built, sent or settled: to finance. */
  "payout_batch.updated": { batchId: string; status: PayoutBatchStatus };
}

export type EventName = keyof EventPayloads;

/**
 * Any event may come as `{companyId, refetch: true}` instead: too many changes at once (a bulk invitation),
 * or a payload too large to carry. The listener reloads what it shows of that company; without a company (a
 * long support message), what it shows of every company and of support.
 */
export interface RefetchData {
  companyId?: string;
  refetch: true;
}

export type EventData<N extends EventName> = EventPayloads[N] | RefetchData;

/** An event and its data as one union, narrowed by `name` (a refetch is told apart first, by `isRefetch`). */
export type NamedEvent = { [N in EventName]: { name: N; data: EventPayloads[N] } }[EventName];

export function isRefetch(data: EventData<EventName>): data is RefetchData {
  return "refetch" in data && data.refetch === true;
}

export const EVENT_NAMES: readonly EventName[] = [
  "contractor.updated",
  "task.updated",
  "import.updated",
  "support.message",
  "support.conversation.updated",
  "account.updated",
  "balance.updated",
  "top_up.updated",
  "documents.updated",
  "statement_run.updated",
  "withdrawal.updated",
  "payout_batch.updated",
];
