import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Database } from "../db/connection.ts";

/** How long the outbox backlog is reused: health is polled often and must stay one cheap query a call. */
const BACKLOG_FRESH_MS = 1000;

interface Backlog {
  /** Emails due or waiting to be retried. */
  queued: number;
  /** When the oldest of them was queued; null when none waits. */
  oldestQueuedAt: string | null;
}

const HealthSchema = {
  type: "object",
  properties: {
    status: { type: "string", enum: ["ok", "unavailable"] },
    database: { type: "string", enum: ["ok", "unreachable"] },
    outbox: {
      type: "object",
      properties: {
        queued: { type: "integer" },
        oldestQueuedAt: { type: ["string", "null"] },
      },
      required: ["queued", "oldestQueuedAt"],
    },
  },
  required: ["status", "database"],
} as const;

async function readBacklog(database: Database): Promise<Backlog> {
  const row = await database.db
    .selectFrom("outbox_emails")
    .select((eb) => [eb.fn.countAll<number | string>().as("queued"), eb.fn.min("created_at").as("oldest")])
    .where("status", "=", "queued")
    .executeTakeFirstOrThrow();
  const oldest = row.oldest === null ? null : new Date(row.oldest as string | Date).toISOString();
  return { queued: Number(row.queued), oldestQueuedAt: oldest };
}

/**
 * Answers once the app can serve: the database answers a query (503 when it does not), and the outbox says
 * how many emails wait, so a growing backlog (a mail server down) shows on the same probe.
 */
export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  let backlog: { value: Backlog; at: number } | null = null;
  app.get(
    "/api/health",
    {
      schema: {
        summary: "Answers once the app can serve, with the database's state and the outbox backlog",
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      try {
        await sql`SELECT 1`.execute(database.db);
        if (!backlog || Date.now() - backlog.at > BACKLOG_FRESH_MS)
          backlog = { value: await readBacklog(database), at: Date.now() };
      } catch (error) {
        app.log.error({ err: error }, "health: the database does not answer");
        return reply.code(503).send({ status: "unavailable", database: "unreachable" });
      }
      return { status: "ok", database: "ok", outbox: backlog.value };
    },
  );
}
