import type { Kysely } from "kysely";
import { createSession } from "../../src/server/auth/sessions.ts";
import { newId } from "../../src/server/db/ids.ts";
import type { DB, MembershipRole, UsersTable } from "../../src/server/db/types.ts";
import { sessionCookieName } from "../../src/server/http/auth-context.ts";
import type { TestApp, TestClient } from "./test-app.ts";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(++counter).toString(36)}`;

export interface BuildUserInput {
  email?: string;
  name?: string;
  /** An argon2 hash; null makes an invited account that has not chosen a password. */
  passwordHash?: string | null;
  verified?: boolean;
  /** `support` makes a support agent. */
  platformRole?: UsersTable["platform_role"];
}

export async function buildUser(db: Kysely<DB>, input: BuildUserInput = {}): Promise<UsersTable> {
  const now = new Date().toISOString();
  const user: UsersTable = {
    id: newId(),
    email: input.email ?? `user.${unique()}@example.com`,
    name: input.name ?? "Test User",
    password_hash: input.passwordHash === undefined ? "not-a-real-hash" : input.passwordHash,
    email_verified_at: input.verified === false ? null : now,
    platform_role: input.platformRole ?? null,
    password_changed_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("users").values(user).execute();
  return user;
}

export interface BuiltCompany {
  id: string;
  name: string;
  owner: UsersTable;
}

export async function buildCompany(
  db: Kysely<DB>,
  input: { name?: string; owner?: UsersTable; role?: MembershipRole } = {},
): Promise<BuiltCompany> {
  const owner = input.owner ?? (await buildUser(db, { name: "Olivia Owner" }));
  const now = new Date().toISOString();
  const company = { id: newId(), name: input.name ?? `Company ${unique()}`, created_at: now };
  await db.insertInto("companies").values(company).execute();
  await db
    .insertInto("memberships")
    .values({ company_id: company.id, user_id: owner.id, role: input.role ?? "owner", created_at: now })
    .execute();
  return { id: company.id, name: company.name, owner };
}

/** A client already signed in as `user`, through a real session row. */
export async function signedInClient(t: TestApp, user: UsersTable): Promise<TestClient> {
  const token = await createSession(t.context.database.db, user.id);
  const client = t.client();
  client.cookies.set(sessionCookieName(t.context.config), token);
  return client;
}
