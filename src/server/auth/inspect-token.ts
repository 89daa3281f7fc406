import type { Kysely } from "kysely";
import type { TokenInfo } from "../../common/wire/auth.ts";
import type { AuthTokensTable, DB } from "../db/types.ts";
import { gone } from "../http/problem.ts";
import { findLiveToken } from "./auth-tokens.ts";

/** An invitation whose relation the company removed is dead, whatever its expiry says. */
export async function companyOfInvitation(
  db: Kysely<DB>,
  token: AuthTokensTable,
): Promise<string | undefined> {
  if ((token.purpose !== "invitation" && token.purpose !== "join") || !token.contractor_id) return undefined;
  const relation = await db
    .selectFrom("contractors")
    .innerJoin("companies", "companies.id", "contractors.company_id")
    .select(["companies.name", "contractors.status"])
    .where("contractors.id", "=", token.contractor_id)
    .executeTakeFirst();
  if (!relation || relation.status === "removed") throw gone();
  return relation.name;
}

/** What a link is for, read when its page opens. Only reads: the token stays usable. Dead: 410. */
export async function inspectToken(db: Kysely<DB>, secret: string, now = new Date()): Promise<TokenInfo> {
  const token = await findLiveToken(db, secret, now);
  const user = await db
    .selectFrom("users")
    .select(["email", "password_hash"])
    .where("id", "=", token.user_id)
    .executeTakeFirstOrThrow();
  const companyName = await companyOfInvitation(db, token);
  return {
    purpose: token.purpose,
    email: user.email,
    ...(companyName === undefined ? {} : { companyName }),
    accountExists: user.password_hash !== null,
  };
}
