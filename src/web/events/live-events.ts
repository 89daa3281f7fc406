import { type EventData, type EventName, isRefetch, type NamedEvent } from "../../common/events.ts";
import { queryKeys } from "../api/query-keys.ts";

type QueryKey = readonly string[];

/**
 * The queries an event makes out of date. An event too large for PostgreSQL NOTIFY arrives as
 * `{refetch: true, companyId}`: everything of that company is refreshed; one of no company (a long support
 * message) refreshes every company's and every support query.
 */
export function queriesChangedBy<N extends EventName>(name: N, data: EventData<N>): QueryKey[] {
  if (isRefetch(data)) {
    return data.companyId
      ? [queryKeys.company(data.companyId), queryKeys.myTasks()]
      : [["companies"], ["support"]];
  }
  // Not a refetch, so the data is the payload of its name: each case reads what its event carries.
  const event = { name, data } as NamedEvent;
  switch (event.name) {
    // A new invitation or task email may be held until the owner confirms their address.
    case "contractor.updated":
      return [
        queryKeys.contractors(event.data.companyId),
        queryKeys.heldEmails(event.data.companyId),
        queryKeys.overview(event.data.companyId),
      ];
    case "task.updated":
      return [
        queryKeys.tasks(event.data.companyId),
        queryKeys.heldEmails(event.data.companyId),
        queryKeys.overview(event.data.companyId),
        queryKeys.myTasks(),
      ];
    case "import.updated":
      return [queryKeys.taskImports(event.data.companyId)];
    case "support.message":
    case "support.conversation.updated":
      // The person's chat, and in the console the thread and the list (its order and unread counts).
      return [
        queryKeys.supportChat(),
        queryKeys.supportConversation(event.data.conversationId),
        [...queryKeys.supportConsole(), "list"],
      ];
    // The Account page: sessions, second step, history and archives; and /api/me (the address may change).
    case "account.updated":
      return [queryKeys.account(), queryKeys.me()];
    case "balance.updated":
      // A balance moves with a task's payment or a top-up: both show on the balance pages.
      return "companyId" in event.data
        ? [
            queryKeys.companyMoney(event.data.companyId),
            queryKeys.finance(),
            queryKeys.overview(event.data.companyId),
          ]
        : [queryKeys.myMoney()];
    case "top_up.updated":
      return [queryKeys.companyMoney(event.data.companyId), queryKeys.finance()];
    case "documents.updated":
      return "companyId" in event.data
        ? [queryKeys.companyDocuments(event.data.companyId)]
        : [queryKeys.myDocuments()];
    case "statement_run.updated":
      return [queryKeys.finance()];
    case "withdrawal.updated":
      return [queryKeys.myMoney(), queryKeys.finance()];
    case "payout_batch.updated":
      return [queryKeys.finance()];
  }
}

export type LiveListener<N extends EventName> = (data: EventData<N>) => void;
const listeners = new Map<EventName, Set<LiveListener<EventName>>>();

/** Calls `listener` with every event of that name until the returned function is called. */
export function subscribeLiveEvent<N extends EventName>(name: N, listener: LiveListener<N>): () => void {
  const set = listeners.get(name) ?? new Set();
  listeners.set(name, set);
  // Stored with every other name's listeners; dispatch only ever hands it data of its own name.
  const stored = listener as LiveListener<EventName>;
  set.add(stored);
  return () => set.delete(stored);
}

export function dispatchLiveEvent<N extends EventName>(name: N, data: EventData<N>): void {
  for (const listener of listeners.get(name) ?? []) listener(data);
}
