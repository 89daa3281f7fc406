import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import type { AppEvent, EventBus } from "./bus.ts";

/** What an open stream may receive: its session's user, and the companies that user is a member of now. */
export interface StreamAudience {
  userId: string;
  companyIds: string[];
}

/**
 * Reads the audiences of the sessions still alive among `sessionIds` (ended, expired or idle ones are left
 * out) in one query. The auth feature provides it: it owns the sessions' rules.
 */
export type StreamAudienceReader = (
  db: Kysely<DB>,
  sessionIds: string[],
  now: Date,
) => Promise<Map<string, StreamAudience>>;

/**
 * How often every open stream of a node is checked against the database: its session still alive, its
 * companies still its own. Sign-out and a new password signal at once (`session.ended`); this catches the
 * rest (expiry, removal from a company, a signal lost with a dropped LISTEN connection) within 5 seconds.
 */
export const RECHECK_EVERY_MS = 2_000;
/** Session ids per query of the periodic re-check: well under both databases' parameter limits. */
const RECHECK_CHUNK = 500;

export interface OpenStream {
  readonly sessionId: string;
  readonly userId: string;
  /** Whether the event is for this stream now. */
  isFor(event: AppEvent): boolean;
  /** Ends the stream (the browser sees it close and reconnects, then gets a 401 if signed out). */
  end(): void;
}

interface Entry extends OpenStream {
  companies: Set<string>;
}

/**
 * The open event streams of this node. Each belongs to one session; the registry re-reads all their
 * sessions in one query per RECHECK_EVERY_MS (per 500 streams), and a user's at once when a `session.ended`
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
    private readonly readAudiences: StreamAudienceReader,
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

  /** The audience of a session about to open a stream; null when the session is no longer alive. */
  async audienceOf(sessionId: string): Promise<StreamAudience | null> {
    const found = await this.readAudiences(this.db, [sessionId], new Date());
    return found.get(sessionId) ?? null;
  }

  /** Registers a stream; `end` closes the connection. Returns the stream, to be removed with `remove`. */
  add(sessionId: string, audience: StreamAudience, end: () => void): OpenStream {
    const entry: Entry = {
      sessionId,
      userId: audience.userId,
      companies: new Set(audience.companyIds),
      isFor(event) {
        const { companyId, userIds } = event.audience;
        return (
          (companyId !== undefined && this.companies.has(companyId)) ||
          (userIds?.includes(this.userId) ?? false)
        );
      },
      end,
    };
    this.streams.add(entry);
    return entry;
  }

  remove(stream: OpenStream): void {
    this.streams.delete(stream as Entry);
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
    const sessionIds = [...new Set(streams.map((s) => s.sessionId))];
    const alive = new Map<string, StreamAudience>();
    const now = new Date();
    for (let i = 0; i < sessionIds.length; i += RECHECK_CHUNK) {
      const found = await this.readAudiences(this.db, sessionIds.slice(i, i + RECHECK_CHUNK), now);
      for (const [id, audience] of found) alive.set(id, audience);
    }
    for (const stream of streams) {
      if (!this.streams.has(stream)) continue;
      const audience = alive.get(stream.sessionId);
      if (!audience) stream.end();
      else stream.companies = new Set(audience.companyIds);
    }
  }
}
