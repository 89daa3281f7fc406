import type { Contractor } from "./wire/contractors.ts";
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
  "import.updated": { companyId: string; import: unknown };
  "support.message": { conversationId: string; message: unknown };
}

export type EventName = keyof EventPayloads;

/**
 * Any event may come as `{companyId, refetch: true}` instead: too many changes at once (a bulk invitation),
 * or a payload too large to carry. The listener reloads what it shows of that company.
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
];
