import type { Kysely } from "kysely";
import type { SupportConversationStatus } from "../../common/support.ts";
import type {
  SupportConversation,
  SupportConversationPage,
  SupportMessagePage,
  SupportPerson,
} from "../../common/wire/support.ts";
import type { DB, SupportConversationsTable, SupportMessagesTable } from "../db/types.ts";
import { badRequest, notFound } from "../http/problem.ts";
import { presentConversation, presentMessage } from "./present.ts";

export const MESSAGE_PAGE_SIZE = 50;
export const MAX_CONVERSATION_PAGE_SIZE = 100;

/** The conversation row, or 404. Callers check first that the reader may see it. */
export async function findConversationRow(db: Kysely<DB>, id: string): Promise<SupportConversationsTable> {
  const row = await db
    .selectFrom("support_conversations")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound("Conversation");
  return row;
}

/**
 * The newest messages of a conversation (or those before `before`, a message id), oldest first; the cursor
 * asks for the page before them.
 */
export async function listMessages(
  db: Kysely<DB>,
  conversationId: string,
  { before, limit = MESSAGE_PAGE_SIZE }: { before?: string | undefined; limit?: number } = {},
): Promise<SupportMessagePage> {
  let query = db
    .selectFrom("support_messages")
    .selectAll()
    .where("conversation_id", "=", conversationId)
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (before) query = query.where("id", "<", before);
  const rows = await query.execute();
  const page = rows.slice(0, limit).reverse();
  return {
    items: page.map(presentMessage),
    nextCursor: rows.length > limit ? (page[0]?.id ?? null) : null,
  };
}

/** How many messages of `side` each conversation has after its reader's mark (`readThrough`). */
async function unreadCounts(
  db: Kysely<DB>,
  conversations: Array<Pick<SupportConversationsTable, "id">>,
  side: "person" | "agent",
  readThrough: (id: string) => string | null,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  // One small count per conversation on the (conversation_id, id) index; a page holds at most 100.
  await Promise.all(
    conversations.map(async ({ id }) => {
      let query = db
        .selectFrom("support_messages")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .where("conversation_id", "=", id)
        .where("author_side", "=", side);
      const mark = readThrough(id);
      if (mark) query = query.where("id", ">", mark);
      const row = await query.executeTakeFirst();
      counts.set(id, Number(row?.n ?? 0));
    }),
  );
  return counts;
}

/** Replies from support the person has not read yet. */
export async function unreadByPerson(db: Kysely<DB>, row: SupportConversationsTable): Promise<number> {
  const counts = await unreadCounts(db, [row], "agent", () => row.person_read_through);
  return counts.get(row.id) ?? 0;
}

/** Who is writing each conversation: the user with their companies and contractor statuses, or the visitor. */
async function peopleOf(
  db: Kysely<DB>,
  rows: SupportConversationsTable[],
): Promise<Map<string, SupportPerson>> {
  const userIds = [...new Set(rows.flatMap((r) => (r.user_id ? [r.user_id] : [])))];
  const [users, memberships, relations] = userIds.length
    ? await Promise.all([
        db.selectFrom("users").select(["id", "name", "email"]).where("id", "in", userIds).execute(),
        db
          .selectFrom("memberships as m")
          .innerJoin("companies as c", "c.id", "m.company_id")
          .select(["m.user_id", "c.id", "c.name", "m.role"])
          .where("m.user_id", "in", userIds)
          .orderBy("c.name")
          .execute(),
        db
          .selectFrom("contractors as k")
          .innerJoin("companies as c", "c.id", "k.company_id")
          .select(["k.user_id", "c.id as company_id", "c.name", "k.status"])
          .where("k.user_id", "in", userIds)
          .orderBy("c.name")
          .execute(),
      ])
    : [[], [], []];
  const people = new Map<string, SupportPerson>();
  for (const row of rows) {
    const user = users.find((u) => u.id === row.user_id);
    if (user) {
      people.set(row.id, {
        kind: "user",
        name: user.name,
        email: user.email,
        companies: memberships
          .filter((m) => m.user_id === user.id)
          .map((m) => ({ id: m.id, name: m.name, role: m.role })),
        contractorOf: relations
          .filter((r) => r.user_id === user.id)
          .map((r) => ({ companyId: r.company_id, companyName: r.name, status: r.status })),
      });
    } else {
      people.set(row.id, { kind: "guest", name: row.guest_name ?? "", email: row.guest_email ?? "" });
    }
  }
  return people;
}

async function lastMessagesOf(db: Kysely<DB>, ids: string[]): Promise<Map<string, SupportMessagesTable>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("support_messages")
    .selectAll()
    .where("id", "in", (eb) =>
      eb
        .selectFrom("support_messages")
        .select((s) => s.fn.max("id").as("id"))
        .where("conversation_id", "in", ids)
        .groupBy("conversation_id"),
    )
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, r]));
}

/** Conversation rows as the console shows them, in the order given. */
export async function presentConversations(
  db: Kysely<DB>,
  rows: SupportConversationsTable[],
): Promise<SupportConversation[]> {
  const ids = rows.map((r) => r.id);
  const marks = new Map(rows.map((r) => [r.id, r.agent_read_through]));
  const [people, unread, last] = await Promise.all([
    peopleOf(db, rows),
    unreadCounts(db, rows, "person", (id) => marks.get(id) ?? null),
    lastMessagesOf(db, ids),
  ]);
  return rows.map((row) =>
    presentConversation(
      row,
      people.get(row.id) ?? { kind: "guest", name: "", email: "" },
      unread.get(row.id) ?? 0,
      last.get(row.id),
    ),
  );
}

export async function findConversation(db: Kysely<DB>, id: string): Promise<SupportConversation> {
  const [conversation] = await presentConversations(db, [await findConversationRow(db, id)]);
  if (!conversation) throw notFound("Conversation");
  return conversation;
}

interface ConsoleCursor {
  status: SupportConversationStatus;
  at: string;
  id: string;
}

function encodeCursor(row: SupportConversationsTable): string {
  return Buffer.from(JSON.stringify([row.status, row.last_message_at, row.id])).toString("base64url");
}

function decodeCursor(cursor: string): ConsoleCursor {
  try {
    const [status, at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if ((status === "open" || status === "closed") && typeof at === "string" && typeof id === "string")
      return { status, at, id };
  } catch {
    // Reported below.
  }
  throw badRequest("This cursor is not one the list gave.", [
    { field: "cursor", message: "Invalid cursor." },
  ]);
}

/**
 * The console's list: open conversations first, then closed ones, each by their last message, newest
 * first. ("open" sorts after "closed", so the status descends.)
 */
export async function listConversations(
  db: Kysely<DB>,
  {
    status,
    cursor,
    limit = 50,
  }: { status?: SupportConversationStatus | undefined; cursor?: string | undefined; limit?: number },
): Promise<SupportConversationPage> {
  let query = db
    .selectFrom("support_conversations")
    .selectAll()
    .orderBy("status", "desc")
    .orderBy("last_message_at", "desc")
    .orderBy("id", "desc")
    .limit(limit + 1);
  if (status) query = query.where("status", "=", status);
  if (cursor) {
    const after = decodeCursor(cursor);
    query = query.where((eb) =>
      eb.or([
        eb("status", "<", after.status),
        eb.and([
          eb("status", "=", after.status),
          eb.or([
            eb("last_message_at", "<", after.at),
            eb.and([eb("last_message_at", "=", after.at), eb("id", "<", after.id)]),
          ]),
        ]),
      ]),
    );
  }
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: await presentConversations(db, page),
    nextCursor: rows.length > limit && last ? encodeCursor(last) : null,
  };
}
