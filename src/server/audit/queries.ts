import type { Kysely } from "kysely";
import { AUDIT_PAGE_SIZE, type AuditDoorName } from "../../common/audit.ts";
import type { AuditEntry, AuditPage, AuditPerson } from "../../common/wire/audit.ts";
import type { DB } from "../db/types.ts";

export interface AuditFilter {
  action?: string | undefined;
  person?: string | undefined;
  door?: AuditDoorName | undefined;
  /** Instants (ISO): from inclusive, to exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  /** The id of the last entry of the previous page: entries are newest first, ids grow with time. */
  cursor?: string | undefined;
  limit?: number;
}

function entriesQuery(db: Kysely<DB>, companyId: string, filter: AuditFilter) {
  let query = db
    .selectFrom("audit_entries as a")
    .leftJoin("users as u", "u.id", "a.actor_user_id")
    .select([
      "a.id",
      "a.at",
      "a.action",
      "a.door",
      "a.actor_user_id",
      "a.token_id",
      "a.subject_type",
      "a.subject_id",
      "a.summary",
      "a.details",
      "u.name as person_name",
      "u.email as person_email",
      "u.deleted_at as person_deleted_at",
    ])
    .where("a.company_id", "=", companyId);
  if (filter.action) query = query.where("a.action", "=", filter.action);
  if (filter.person) query = query.where("a.actor_user_id", "=", filter.person);
  if (filter.door) query = query.where("a.door", "=", filter.door);
  if (filter.from) query = query.where("a.at", ">=", filter.from);
  if (filter.to) query = query.where("a.at", "<", filter.to);
  if (filter.cursor) query = query.where("a.id", "<", filter.cursor);
  return query.orderBy("a.id", "desc");
}

type EntryRow = Awaited<ReturnType<ReturnType<typeof entriesQuery>["execute"]>>[number];

const DELETED_PERSON = "Deleted person";

function presentEntry(row: EntryRow): AuditEntry {
  const deleted = row.person_deleted_at !== null && row.person_deleted_at !== undefined;
  const person =
    row.actor_user_id === null
      ? // The account is gone altogether (`set null`): still someone, no longer anyone.
        row.door === "system"
        ? null
        : { id: "", name: DELETED_PERSON, email: null, deleted: true }
      : {
          id: row.actor_user_id,
          name: deleted ? DELETED_PERSON : (row.person_name ?? DELETED_PERSON),
          email: deleted ? null : (row.person_email ?? null),
          deleted,
        };
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    door: row.door,
    person,
    tokenId: row.token_id,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    summary: row.summary,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}

/** A page of the company's log, newest first, as filtered. */
export async function listAuditEntries(
  db: Kysely<DB>,
  companyId: string,
  filter: AuditFilter,
): Promise<AuditPage> {
  const limit = filter.limit ?? AUDIT_PAGE_SIZE;
  const rows = await entriesQuery(db, companyId, filter)
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map(presentEntry),
    nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/** Every entry the filters match, newest first, in pages of 1,000 (the CSV export), at most `max`. */
export async function* allAuditEntries(
  db: Kysely<DB>,
  companyId: string,
  filter: AuditFilter,
  max: number,
): AsyncGenerator<AuditEntry[]> {
  let cursor: string | undefined;
  let read = 0;
  do {
    const page = await listAuditEntries(db, companyId, { ...filter, cursor, limit: 1000 });
    read += page.items.length;
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && read < max);
}

/** The people who appear in the company's log (the person filter), by name. */
export async function auditPeople(db: Kysely<DB>, companyId: string): Promise<AuditPerson[]> {
  const rows = await db
    .selectFrom("users as u")
    .select(["u.id", "u.name", "u.deleted_at"])
    .where("u.id", "in", (eb) =>
      eb
        .selectFrom("audit_entries as a")
        .select("a.actor_user_id")
        .where("a.company_id", "=", companyId)
        .where("a.actor_user_id", "is not", null)
        .distinct()
        .$narrowType<{ actor_user_id: string }>(),
    )
    .orderBy("u.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.deleted_at ? DELETED_PERSON : r.name,
    deleted: r.deleted_at !== null,
  }));
}
