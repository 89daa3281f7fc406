import type { Contractor } from "./wire/contractors.ts";
import type { SupportConversationUpdated, SupportMessagePosted } from "./wire/support.ts";
import type { Task } from "./wire/tasks.ts";

/**
 * The live events of GET /api/events: each name with the shape of its `data`. The server's bus and the web
 * app's listeners both use this map, so a payload cannot change on one side alone.
 */
export interface EventPayloads {
  /** One contractor changed, or (`refetch`) too many at once: the company's list reloads. */
  "contractor.updated": { companyId: string; contractor: Contractor } | { companyId: string; refetch: true };
  /** A task changed; `deleted` when a draft was deleted (open lists drop it). */
  "task.updated": { companyId: string; task: Task; deleted?: true } | { companyId: string; refetch: true };
  "import.updated": { companyId: string; import: unknown };
  /** A message of a support conversation, to its person and to the support agents. */
  "support.message": SupportMessagePosted;
  /** A support conversation was closed, reopened or read: to its person (not read marks) and the agents. */
  "support.conversation.updated": SupportConversationUpdated;
}

export type EventName = keyof EventPayloads;
export type EventData<N extends EventName> = EventPayloads[N];

export const EVENT_NAMES: readonly EventName[] = [
  "contractor.updated",
  "task.updated",
  "import.updated",
  "support.message",
  "support.conversation.updated",
];
