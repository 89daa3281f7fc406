import type { Kysely } from "kysely";
import type { ApiToken, CompanySettings, Member } from "../../common/wire/admin.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import { presentApiToken } from "./present.ts";

export async function findCompanySettings(db: Kysely<DB>, companyId: string): Promise<CompanySettings> {
  const row = await db
    .selectFrom("companies")
    .select(["id", "name"])
    .where("id", "=", companyId)
    .executeTakeFirst();
  if (!row) throw notFound("Company");
  return row;
}

/** The team: owners first, then managers, each in the order they joined. */
export async function listMembers(db: Kysely<DB>, companyId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.user_id")
    .select(["m.user_id", "u.email", "m.role", "m.created_at"])
    .where("m.company_id", "=", companyId)
    .orderBy("m.created_at")
    .orderBy("m.user_id")
    .execute();
  return rows
    .map((row) => ({ userId: row.user_id, email: row.email, role: row.role, addedAt: row.created_at }))
    .sort((a, b) => (a.role === b.role ? 0 : a.role === "owner" ? -1 : 1));
}

/** One member of the company, or 404 (another company's member too). */
export async function findMember(db: Kysely<DB>, companyId: string, userId: string): Promise<Member> {
  const member = (await listMembers(db, companyId)).find((m) => m.userId === userId);
  if (!member) throw notFound("Member");
  return member;
}

/** The company's API tokens, newest first, revoked ones too (they show when they were revoked). */
export async function listApiTokens(db: Kysely<DB>, companyId: string): Promise<ApiToken[]> {
  const rows = await db
    .selectFrom("api_tokens")
    .selectAll()
    .where("company_id", "=", companyId)
    .orderBy("id", "desc")
    .execute();
  return rows.map(presentApiToken);
}
