import type { SupportConversationUpdated, SupportMessagePosted } from "../../common/wire/support.ts";
import { queryKeys } from "../api/query-keys.ts";

/** The named events of GET /api/events and their data (the objects are the contract's wire objects). */
export interface LiveEventMap {
  "contractor.updated": { companyId: string; contractor: unknown };
  "task.updated": { companyId: string; task: unknown };
  "import.updated": { companyId: string; import: unknown };
  "support.message": SupportMessagePosted;
  "support.conversation.updated": SupportConversationUpdated;
}

export type LiveEventName = keyof LiveEventMap;

export const LIVE_EVENT_NAMES: readonly LiveEventName[] = [
  "contractor.updated",
  "task.updated",
  "import.updated",
  "support.message",
  "support.conversation.updated",
];

type QueryKey = readonly string[];

function stringField(data: unknown, name: string): string | null {
  if (typeof data !== "object" || data === null) return null;
  const value = (data as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/**
 * The queries an event makes out of date. An event too large for PostgreSQL NOTIFY arrives as
 * `{refetch: true, companyId}`: everything of that company is refreshed.
 */
export function queriesChangedBy(name: LiveEventName, data: unknown): QueryKey[] {
  const companyId = stringField(data, "companyId");
  const refetchAll = typeof data === "object" && data !== null && "refetch" in data;
  if (refetchAll) return companyId ? [queryKeys.company(companyId), queryKeys.myTasks()] : [["companies"]];
  switch (name) {
    case "contractor.updated":
      return companyId ? [queryKeys.contractors(companyId)] : [];
    case "task.updated":
      return [...(companyId ? [queryKeys.tasks(companyId)] : []), queryKeys.myTasks()];
    case "import.updated":
      return companyId ? [queryKeys.taskImports(companyId)] : [];
    case "support.message":
    case "support.conversation.updated": {
      // The person's chat, and in the console the thread and the list (its order and unread counts).
      const conversationId = stringField(data, "conversationId");
      return [
        queryKeys.supportChat(),
        ...(conversationId ? [queryKeys.supportConversation(conversationId)] : []),
        [...queryKeys.supportConsole(), "list"],
      ];
    }
  }
}

type Listener<N extends LiveEventName> = (data: LiveEventMap[N]) => void;
const listeners = new Map<LiveEventName, Set<(data: unknown) => void>>();

/** Calls `listener` with every event of that name until the returned function is called. */
export function subscribeLiveEvent<N extends LiveEventName>(name: N, listener: Listener<N>): () => void {
  const set = listeners.get(name) ?? new Set();
  listeners.set(name, set);
  const untyped = listener as (data: unknown) => void;
  set.add(untyped);
  return () => set.delete(untyped);
}

export function dispatchLiveEvent(name: LiveEventName, data: unknown): void {
  for (const listener of listeners.get(name) ?? []) listener(data);
}
