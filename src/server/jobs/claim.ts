import { sql } from "kysely";
import type { Database } from "../db/connection.ts";
import type { JobsTable, OutboxEmailsTable, WebhookDeliveriesTable } from "../db/types.ts";

interface ClaimableTables {
  outbox_emails: OutboxEmailsTable;
  jobs: JobsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

/** The status a claimed row takes while its worker holds it. */
const workingStatus: { [T in keyof ClaimableTables]: string } = {
  outbox_emails: "sending",
  jobs: "running",
  webhook_deliveries: "sending",
};

export interface ClaimOptions {
  limit: number;
  /** How long the claim holds; a worker that dies releases its rows when the lease runs out. */
  leaseMs: number;
  now?: Date;
  /** Jobs only: claims rows of this kind alone, so each feature's worker takes its own jobs. */
  kind?: string;
}

/**
 * Claims up to `limit` due rows for this worker alone. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
 * workers on many nodes claim side by side without waiting on each other; SQLite serialises writers,
 * so the same single UPDATE is atomic there. A row whose lease ran out is due again.
 */
export async function claimDue<T extends keyof ClaimableTables>(
  database: Database,
  table: T,
  { limit, leaseMs, now = new Date(), kind }: ClaimOptions,
): Promise<ClaimableTables[T][]> {
  const nowIso = now.toISOString();
  const leaseIso = new Date(now.getTime() + leaseMs).toISOString();
  const working = workingStatus[table];
  const lock = database.dialect === "postgres" ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const ref = sql.table(table);
  const ofKind = kind === undefined ? sql`` : sql`AND kind = ${kind}`;
  const result = await sql<ClaimableTables[T]>`
    UPDATE ${ref}
    SET status = ${working}, locked_until = ${leaseIso}, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM ${ref}
      WHERE ((status = 'queued' AND next_attempt_at <= ${nowIso})
         OR (status = ${working} AND locked_until < ${nowIso})) ${ofKind}
      ORDER BY next_attempt_at
      LIMIT ${limit}
      ${lock}
    )
    RETURNING *`.execute(database.db);
  return result.rows;
}

/**
 * Claims one job by its id, when it is due or its lease ran out (the node that held it died): the node that
 * was asked for the work starts it at once. Null when another worker holds it.
 */
export async function claimJob(
  database: Database,
  id: string,
  { leaseMs, now = new Date() }: { leaseMs: number; now?: Date },
): Promise<JobsTable | null> {
  const nowIso = now.toISOString();
  const row = await database.db
    .updateTable("jobs")
    .set((eb) => ({
      status: "running",
      locked_until: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "=", id)
    .where((eb) =>
      eb.or([
        eb("status", "=", "queued"),
        eb.and([eb("status", "=", "running"), eb("locked_until", "<", nowIso)]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

/** Keeps a claimed job's lease for `leaseMs` more: a worker that stops renewing it lets another take over. */
export async function renewJob(
  database: Database,
  id: string,
  leaseMs: number,
  now = new Date(),
): Promise<void> {
  await database.db
    .updateTable("jobs")
    .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where("id", "=", id)
    .execute();
}

/** Gives a claimed job back: due again at `at` (at once, or later after a failure), with the failure said. */
export async function releaseJob(
  database: Database,
  id: string,
  { at = new Date(), error = null }: { at?: Date; error?: string | null } = {},
): Promise<void> {
  await database.db
    .updateTable("jobs")
    .set({ status: "queued", locked_until: null, next_attempt_at: at.toISOString(), last_error: error })
    .where("id", "=", id)
    .execute();
}
