import { EventEmitter } from "node:events";
import pg from "pg";
import type { EventName } from "../../common/events.ts";

export type { EventName };

/**
 * Who may receive an event: the members of a company, some users, and the listeners granted a channel (a
 * support visitor's conversation, the support agents); any of them.
 */
export interface Audience {
  companyId?: string;
  userIds?: string[];
  channels?: string[];
}

export interface AppEvent {
  name: EventName;
  data: unknown;
  audience: Audience;
}

export type EventListener = (event: AppEvent) => void;

/** One bus for live events: in-process on SQLite, PostgreSQL LISTEN/NOTIFY across nodes. */
export interface EventBus {
  publish(event: AppEvent): Promise<void>;
  subscribe(listener: EventListener): () => void;
  close(): Promise<void>;
}

function localFanOut() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (event: AppEvent) => emitter.emit("event", event),
    subscribe(listener: EventListener) {
      emitter.on("event", listener);
      return () => emitter.off("event", listener);
    },
  };
}

export function createInProcessBus(): EventBus {
  const local = localFanOut();
  return {
    async publish(event) {
      local.emit(event);
    },
    subscribe: local.subscribe,
    async close() {},
  };
}

const CHANNEL = "crewdesk_events";
// NOTIFY payloads are limited to 8000 bytes; larger events tell clients to refetch instead.
const MAX_PAYLOAD = 7900;

function encode(event: AppEvent): string {
  const json = JSON.stringify(event);
  if (Buffer.byteLength(json) <= MAX_PAYLOAD) return json;
  return JSON.stringify({ ...event, data: { refetch: true, companyId: event.audience.companyId } });
}

/** Every node LISTENs on one channel with a dedicated connection and fans out to its own subscribers. */
export async function createPostgresBus(url: string): Promise<EventBus> {
  const local = localFanOut();
  const listener = new pg.Client({ connectionString: url });
  const publisher = new pg.Pool({ connectionString: url, max: 2 });
  let closed = false;
  await listener.connect();
  listener.on("notification", (message) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    local.emit(JSON.parse(message.payload) as AppEvent);
  });
  listener.on("error", () => {
    // A lost LISTEN connection loses live events, not data: clients refetch when they reconnect.
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  return {
    async publish(event) {
      if (closed) return;
      await publisher.query("SELECT pg_notify($1, $2)", [CHANNEL, encode(event)]);
    },
    subscribe: local.subscribe,
    async close() {
      closed = true;
      await listener.end();
      await publisher.end();
    },
  };
}
