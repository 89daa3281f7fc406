import { EventEmitter } from "node:events";
import pg from "pg";
import type { EventData, EventName } from "../../common/events.ts";

/**
 * Who may receive an event: the members of a company, some users, and the streams whose credential proves a
 * channel (the support agents', a support visitor's conversation); any of them.
 */
export interface Audience {
  companyId?: string;
  userIds?: string[];
  channels?: string[];
}

/** One live event: a name of src/common/events.ts, its data (or a refetch), and who may receive it. */
export type AppEvent = { [N in EventName]: { name: N; data: EventData<N>; audience: Audience } }[EventName];

export type EventListener = (event: AppEvent) => void;

/**
 * A message between the app's nodes that no browser ever sees. `session.ended`: a session of this user
 * ended (sign-out, a new password, a sign-in replacing it), or their companies changed (removed from a team);
 * every node re-checks that user's open event streams at once, ends those whose session is gone and narrows
 * the others to the companies they still belong to.
 */
export interface BusSignal {
  name: "session.ended";
  userId: string;
}

export type SignalListener = (signal: BusSignal) => void;

/** One bus for live events: in-process on SQLite, PostgreSQL LISTEN/NOTIFY across nodes. */
export interface EventBus {
  publish(event: AppEvent): Promise<void>;
  subscribe(listener: EventListener): () => void;
  /** Sends an internal signal to every node (this one included); kept apart from the events. */
  signal(signal: BusSignal): Promise<void>;
  onSignal(listener: SignalListener): () => void;
  close(): Promise<void>;
}

function localFanOut<T>() {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    emit: (message: T) => emitter.emit("message", message),
    subscribe(listener: (message: T) => void) {
      emitter.on("message", listener);
      return () => emitter.off("message", listener);
    },
  };
}

export function createInProcessBus(): EventBus {
  const events = localFanOut<AppEvent>();
  const signals = localFanOut<BusSignal>();
  return {
    async publish(event) {
      events.emit(event);
    },
    subscribe: events.subscribe,
    async signal(signal) {
      signals.emit(signal);
    },
    onSignal: signals.subscribe,
    async close() {},
  };
}

const CHANNEL = "crewdesk_events";
const SIGNAL_CHANNEL = "crewdesk_signals";
// NOTIFY payloads are limited to 8000 bytes; larger events tell clients to refetch instead.
const MAX_PAYLOAD = 7900;

function encode(event: AppEvent): string {
  const json = JSON.stringify(event);
  if (Buffer.byteLength(json) <= MAX_PAYLOAD) return json;
  return JSON.stringify({ ...event, data: { refetch: true, companyId: event.audience.companyId } });
}

/** Every node LISTENs on one channel with a dedicated connection and fans out to its own subscribers. */
export async function createPostgresBus(url: string): Promise<EventBus> {
  const events = localFanOut<AppEvent>();
  const signals = localFanOut<BusSignal>();
  const listener = new pg.Client({ connectionString: url });
  const publisher = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
  // An idle publishing connection lost to a restart is replaced on the next publish; it must not end the process.
  publisher.on("error", () => {});
  let closed = false;
  await listener.connect();
  listener.on("notification", (message) => {
    if (!message.payload) return;
    if (message.channel === CHANNEL) events.emit(JSON.parse(message.payload) as AppEvent);
    else if (message.channel === SIGNAL_CHANNEL) signals.emit(JSON.parse(message.payload) as BusSignal);
  });
  listener.on("error", () => {
    // A lost LISTEN connection loses live events, not data: clients refetch when they reconnect. A lost
    // signal is made up for by the streams' periodic re-check.
  });
  await listener.query(`LISTEN ${CHANNEL}`);
  await listener.query(`LISTEN ${SIGNAL_CHANNEL}`);
  return {
    async publish(event) {
      if (closed) return;
      await publisher.query("SELECT pg_notify($1, $2)", [CHANNEL, encode(event)]);
    },
    subscribe: events.subscribe,
    async signal(signal) {
      if (closed) return;
      await publisher.query("SELECT pg_notify($1, $2)", [SIGNAL_CHANNEL, JSON.stringify(signal)]);
    },
    onSignal: signals.subscribe,
    async close() {
      closed = true;
      await listener.end();
      await publisher.end();
    },
  };
}
