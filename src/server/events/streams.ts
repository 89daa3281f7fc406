import type { FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { openEventStreams } from "../kernel/metrics.ts";
import type { AppEvent, EventBus } from "./bus.ts";

/**
 * What an open stream may receive: its user's own events and their companies' (a signed-in session), and
 * the channels its credential proves (the support agents' channel, a support visitor's conversation).
 */
export interface StreamAudience {
  /** The signed-in user; null for a stream opened without an account (a support visitor). */
  userId: string | null;
  companyIds: string[];
  channels: string[];
}

/**
 * Reads the audiences of the credentials still valid among `credentials` (ended, expired or idle ones are
 * left out) in one query.
 */
export type StreamAudienceReader = (
  db: Kysely<DB>,
  credentials: string[],
  now: Date,
) => Promise<Map<string, StreamAudience>>;

/**
 * One kind of credential a browser opens an event stream with, provided by the feature that owns it: a
 * session (auth), a support visitor's conversation cookie (support). The platform knows neither: it asks
 * each kind, in order, for the request's credential and reads its audience, at the start and every re-check.
 */
export interface StreamCredentials {
  /** The kind's name; streams are re-checked per kind. */
  readonly kind: string;
  /** The credential the request carries (a session id, a secret's hash; never a secret), or null. */
  of(request: FastifyRequest): string | null;
  read: StreamAudienceReader;
}

/**
 * How often every open stream of a node is checked against the database: its credential still valid, its
 * companies and channels still its own. Sign-out and a new password signal at once (`session.ended`); this
 * catches the rest (expiry, removal from a company, a signal lost with a dropped LISTEN connection) within
 * 5 seconds.
 */
export const RECHECK_EVERY_MS = 2_000;
/** Credentials per query of the periodic re-check: well under both databases' parameter limits. */
const RECHECK_CHUNK = 500;

/** A request's credential whose audience was found: what a stream opens with. */
export interface StreamOpening {
  kind: StreamCredentials;
  credential: string;
  audience: StreamAudience;
}

export interface OpenStream {
  readonly credential: string;
  readonly userId: string | null;
  /** Whether the event is for this stream now. */
  isFor(event: AppEvent): boolean;
  /** Ends the stream (the browser sees it close and reconnects, then gets a 401 if signed out). */
  end(): void;
}

interface Entry extends OpenStream {
  kind: StreamCredentials;
  companies: Set<string>;
  channels: Set<string>;
}

function isFor(this: Entry, { audience }: AppEvent): boolean {
  return (
    (audience.companyId !== undefined && this.companies.has(audience.companyId)) ||
    (this.userId !== null && (audience.userIds?.includes(this.userId) ?? false)) ||
    (audience.channels?.some((channel) => this.channels.has(channel)) ?? false)
  );
}

/**
 * The open event streams of this node. Each belongs to one credential; the registry re-reads all of them in
 * one query per kind per RECHECK_EVERY_MS (per 500 streams), and a user's at once when a `session.ended`
 * signal names them, whichever node the session ended on.
 */
export class StreamRegistry {
  private readonly streams = new Set<Entry>();
  private readonly timer: NodeJS.Timeout;
  private readonly stopSignals: () => void;
  private checking = false;

  constructor(
    private readonly db: Kysely<DB>,
    bus: EventBus,
    private readonly kinds: readonly StreamCredentials[],
    private readonly onError: (error: unknown) => void,
  ) {
    this.timer = setInterval(() => this.recheckAll(), RECHECK_EVERY_MS);
    this.timer.unref();
    this.stopSignals = bus.onSignal((signal) => {
      if (signal.name !== "session.ended") return;
      const mine = [...this.streams].filter((s) => s.userId === signal.userId);
      if (mine.length > 0) this.recheck(mine).catch(this.onError);
    });
  }

  get size(): number {
    return this.streams.size;
  }

  /**
   * What the request may open a stream with: the first kind, in order, whose credential it carries and that
   * is still valid (a session before a visitor's cookie). Null when none is.
   */
  async openingFor(request: FastifyRequest): Promise<StreamOpening | null> {
    const now = new Date();
    for (const kind of this.kinds) {
      const credential = kind.of(request);
      if (credential === null) continue;
      const audience = (await kind.read(this.db, [credential], now)).get(credential);
      if (audience) return { kind, credential, audience };
    }
    return null;
  }

  /** Registers a stream; `end` closes the connection. Returns the stream, to be removed with `remove`. */
  add({ kind, credential, audience }: StreamOpening, end: () => void): OpenStream {
    const entry: Entry = {
      kind,
      credential,
      userId: audience.userId,
      companies: new Set(audience.companyIds),
      channels: new Set(audience.channels),
      isFor,
      end,
    };
    this.streams.add(entry);
    openEventStreams.inc();
    return entry;
  }

  remove(stream: OpenStream): void {
    if (this.streams.delete(stream as Entry)) openEventStreams.dec();
  }

  /** Ends every stream (shutting down). */
  endAll(): void {
    for (const stream of [...this.streams]) stream.end();
  }

  close(): void {
    clearInterval(this.timer);
    this.stopSignals();
  }

  private recheckAll(): void {
    // One re-check at a time: a slow database delays the next round instead of piling rounds up.
    if (this.checking || this.streams.size === 0) return;
    this.checking = true;
    this.recheck([...this.streams])
      .catch(this.onError)
      .finally(() => {
        this.checking = false;
      });
  }

  private async recheck(streams: Entry[]): Promise<void> {
    const now = new Date();
    for (const kind of this.kinds) {
      const ofKind = streams.filter((s) => s.kind === kind);
      if (ofKind.length === 0) continue;
      const credentials = [...new Set(ofKind.map((s) => s.credential))];
      const valid = new Map<string, StreamAudience>();
      for (let i = 0; i < credentials.length; i += RECHECK_CHUNK) {
        const found = await kind.read(this.db, credentials.slice(i, i + RECHECK_CHUNK), now);
        for (const [credential, audience] of found) valid.set(credential, audience);
      }
      for (const stream of ofKind) {
        if (!this.streams.has(stream)) continue;
        const audience = valid.get(stream.credential);
        if (!audience) {
          stream.end();
          continue;
        }
        stream.companies = new Set(audience.companyIds);
        stream.channels = new Set(audience.channels);
      }
    }
  }
}
