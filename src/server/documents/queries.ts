import type { Kysely } from "kysely";
import type { DocumentKind, DocumentPage } from "../../common/wire/documents.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { presentDocument } from "./present.ts";
import type { StatementSide } from "./statement-data.ts";

/** Whose documents: a company's (its members see them) or a contractor's own. */
export type DocumentOwner = { companyId: string } | { userId: string };

const PAGE = 50;

function ofOwner(db: Kysely<DB>, owner: DocumentOwner) {
  const query = db.selectFrom("documents");
  return "companyId" in owner
    ? query.where("side", "=", "company").where("company_id", "=", owner.companyId)
    : query.where("side", "=", "contractor").where("contractor_user_id", "=", owner.userId);
}

/** One side's documents, newest first, 50 a page, by kind and month (`2026-11`). */
export async function listDocuments(
  db: Kysely<DB>,
  owner: DocumentOwner,
  filter: { kind?: DocumentKind | undefined; month?: string | undefined; cursor?: string | undefined },
): Promise<DocumentPage> {
  let query = ofOwner(db, owner).select([
    "id",
    "number",
    "kind",
    "side",
    "company_id",
    "contractor_user_id",
    "task_id",
    "month",
    "period",
    "title",
    "created_at",
  ]);
  if (filter.kind) query = query.where("kind", "=", filter.kind);
  if (filter.month) query = query.where("month", "=", filter.month);
  if (filter.cursor) query = query.where("id", "<", filter.cursor);
  const rows = await query
    .orderBy("id", "desc")
    .limit(PAGE + 1)
    .execute();
  const page = rows.slice(0, PAGE);
  return {
    items: page.map(presentDocument),
    nextCursor: rows.length > PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

/** A document's PDF as issued; another side's (or another company's) is not found. */
export async function findDocumentPdf(
  db: Kysely<DB>,
  owner: DocumentOwner,
  id: string,
): Promise<{ number: string; pdf: Buffer }> {
  const row = await ofOwner(db, owner).select(["number", "pdf"]).where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("Document");
  return { number: row.number, pdf: Buffer.from(row.pdf) };
}

/**
 * Who gets a statement for a month: every company and contractor that had an account of the ledger before
 * it ended, in a fixed order (companies, then contractors, by id), `limit` of them after `after`.
 */
export async function statementSides(
  db: Kysely<DB>,
  period: { end: string },
  after: string | null,
  limit: number,
): Promise<Array<StatementSide & { key: string }>> {
  let query = db
    .selectFrom("ledger_accounts")
    .select(["owner_kind", "owner_id"])
    .distinct()
    .where("owner_kind", "in", ["company", "contractor"])
    .where("owner_id", "is not", null)
    .where("created_at", "<", period.end);
  if (after) {
    const [kind, id] = after.split(":") as [StatementSide["side"], string];
    query = query.where((eb) =>
      eb.or([eb("owner_kind", ">", kind), eb.and([eb("owner_kind", "=", kind), eb("owner_id", ">", id)])]),
    );
  }
  const rows = await query.orderBy("owner_kind").orderBy("owner_id").limit(limit).execute();
  return rows.map((r) => ({
    side: r.owner_kind as StatementSide["side"],
    id: r.owner_id as string,
    key: `${r.owner_kind}:${r.owner_id}`,
  }));
}

/** How many statements a month has: one per company and contractor that held an account before it ended. */
export async function countStatementSides(db: Kysely<DB>, period: { end: string }): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("ledger_accounts")
        .select(["owner_kind", "owner_id"])
        .distinct()
        .where("owner_kind", "in", ["company", "contractor"])
        .where("owner_id", "is not", null)
        .where("created_at", "<", period.end)
        .as("sides"),
    )
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
