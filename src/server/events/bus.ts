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

/** How long a node waits before it opens its LISTEN connection again after losing it, doubling up to the last. */
const RELISTEN_DELAYS_MS = [500, 1_000, 2_000, 5_000, 10_000];

/**
 * Every node LISTENs on one channel with a dedicated connection and fans out to its own subscribers. A lost
 * LISTEN connection (PostgreSQL restarted, the backend ended) is opened again by itself, so live events come
 * back without restarting the app (once it has listened: a first LISTEN that fails rejects, and nothing
 * retries behind the failed start-up); the events of the gap are lost, not data: clients refetch when they
 * reconnect, and a lost signal is made up for by the streams' periodic re-check.
 */
export async function createPostgresBus(url: string): Promise<EventBus> {
  const events = localFanOut<AppEvent>();
  const signals = localFanOut<BusSignal>();
  const publisher = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 3_000 });
  // A publishing connection lost to a restart is replaced on the next publish; it must not end the process.
  publisher.on("error", () => {});
  publisher.on("connect", (client) => client.on("error", () => {}));
  let closed = false;
  let listener: pg.Client | null = null;
  let relistening = false;
  // Set by the first LISTEN that succeeds: only a connection once had is opened again by itself.
  let started = false;

  const listen = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    // The error comes with the connection's end, which is what opens it again.
    client.on("error", () => {});
    client.on("notification", (message) => {
      if (!message.payload) return;
      if (message.channel === CHANNEL) events.emit(JSON.parse(message.payload) as AppEvent);
      else if (message.channel === SIGNAL_CHANNEL) signals.emit(JSON.parse(message.payload) as BusSignal);
    });
    client.on("end", () => {
      if (listener === client) listener = null;
      if (started) relisten();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      await client.query(`LISTEN ${SIGNAL_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    listener = client;
  };

  const relisten = (): void => {
    if (closed || relistening) return;
    relistening = true;
    const attempt = (n: number) =>
      setTimeout(
        () => {
          if (closed) return;
          listen().then(
            () => {
              relistening = false;
            },
            () => attempt(n + 1),
          );
        },
        RELISTEN_DELAYS_MS[Math.min(n, RELISTEN_DELAYS_MS.length - 1)],
      ).unref();
    attempt(0);
  };

  try {
    await listen();
  } catch (error) {
    // The first LISTEN failed: the start-up fails with it, loudly, and nothing keeps trying behind it.
    closed = true;
    await publisher.end().catch(() => {});
    throw error;
  }
  started = true;
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
      await listener?.end();
      await publisher.end();
    },
  };
}
