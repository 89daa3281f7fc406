/**
 * Rows as the app makes them, for tests that need a state a person would take many pages to reach. Every
 * factory writes what the real code writes (a contractor gets its search words through the search module;
 * a task is made by the createTask use case), so what a test builds behaves like what users build.
 */
import type { Kysely } from "kysely";
import type { CreateTaskBody, Task } from "../../src/common/wire/tasks.ts";
import { sessionCookieName } from "../../src/server/auth/session-cookie.ts";
import { createSession } from "../../src/server/auth/sessions.ts";
import { newId } from "../../src/server/db/ids.ts";
import { writeSearchTerms } from "../../src/server/db/search-terms.ts";
import type { ContractorStatus, DB, MembershipRole, UsersTable } from "../../src/server/db/types.ts";
import type { CompanyActor } from "../../src/server/kernel/actors.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import { createTask } from "../../src/server/tasks/create-task.ts";
import type { TestApp, TestClient } from "./test-app.ts";
import { unique, uniqueEmail } from "./unique.ts";

/** A password every rule accepts. */
export const GOOD_PASSWORD = "correct horse battery staple";

export interface BuildUserInput {
  email?: string;
  name?: string;
  /** An argon2 hash; null makes an invited account that has not chosen a password. */
  passwordHash?: string | null;
  verified?: boolean;
}

export async function buildUser(db: Kysely<DB>, input: BuildUserInput = {}): Promise<UsersTable> {
  const now = new Date().toISOString();
  const user: UsersTable = {
    id: newId(),
    email: input.email ?? uniqueEmail("user"),
    name: input.name ?? "Test User",
    password_hash: input.passwordHash === undefined ? "not-a-real-hash" : input.passwordHash,
    email_verified_at: input.verified === false ? null : now,
    platform_role: null,
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

/** A company and its owner (or `owner` in `role`). */
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

export interface BuildContractorInput {
  companyId: string;
  /** The account; a new verified one (named `name`) when absent. */
  user?: UsersTable;
  name?: string;
  status?: ContractorStatus;
  /** The invitation was accepted (the mailbox proved): what a contractor needs to see their tasks. */
  accepted?: boolean;
}

export interface BuiltContractor {
  /** The company–contractor relation. */
  id: string;
  user: UsersTable;
}

/**
 * A company–contractor relation as the contractors feature leaves it: Invited and not yet accepted unless
 * told otherwise, named (as the company sees it) and searchable by the account's name and email, as if the
 * company had typed that name when it invited them.
 */
export async function buildContractor(db: Kysely<DB>, input: BuildContractorInput): Promise<BuiltContractor> {
  const user = input.user ?? (await buildUser(db, { name: input.name ?? "Carla Contractor" }));
  const now = new Date().toISOString();
  const status = input.status ?? "invited";
  const id = newId();
  await db
    .insertInto("contractors")
    .values({
      id,
      company_id: input.companyId,
      user_id: user.id,
      status,
      invited_by: null,
      welcome_message: null,
      invited_at: now,
      accepted_at: input.accepted || status === "active" ? now : null,
      activated_at: status === "active" ? now : null,
      removed_at: status === "removed" ? now : null,
      invitation_email_id: null,
      created_at: now,
      updated_at: now,
      name: user.name,
      search_text: "",
    })
    .execute();
  await writeSearchTerms(db, "contractor", id, input.companyId, [user.name, user.email]);
  return { id, user };
}

/** A complete set of required information, as PUT /api/me/profile takes it. */
export const COMPLETE_PROFILE = {
  firstName: "Anna-Maria",
  lastName: "O'Connor",
  country: "DE",
  city: "Berlin",
  address: "Unter den Linden 1",
  postalCode: "10117",
  taxId: "DE123456789",
  phone: "+49 30 1234567",
  agreementAccepted: true,
};

/** The fields a task needs; `overrides` changes or adds any (contractorId, send, …). */
export function taskInput(overrides: Partial<CreateTaskBody> = {}): CreateTaskBody {
  return { title: "Translate the onboarding guide", amount: "1234.50", currency: "USD", ...overrides };
}

/** A task made by the createTask use case, as the company's `actor` (a Draft unless `send`). */
export async function buildTask(
  t: TestApp,
  actor: CompanyActor,
  input: Partial<CreateTaskBody> = {},
): Promise<Task> {
  return transact(t.context, (tx) => createTask(tx, actor, taskInput(input)));
}

/** A client already signed in as `user`, through a real session row. */
export async function signedInClient(t: TestApp, user: UsersTable): Promise<TestClient> {
  const token = await createSession(t.context.database.db, user.id);
  const client = t.client();
  client.cookies.set(sessionCookieName(t.context.config), token);
  return client;
}

export interface Team {
  company: BuiltCompany;
  /** The owner's signed-in client. */
  owner: TestClient;
  /** A contractor who accepted the invitation, and their signed-in client. */
  contractor: BuiltContractor & { client: TestClient };
}

/** A company, its signed-in owner and one contractor on its team who accepted the invitation. */
export async function buildTeam(t: TestApp, name?: string): Promise<Team> {
  const { db } = t.context.database;
  const company = await buildCompany(db, name ? { name } : {});
  const contractor = await buildContractor(db, { companyId: company.id, accepted: true });
  return {
    company,
    owner: await signedInClient(t, company.owner),
    contractor: { ...contractor, client: await signedInClient(t, contractor.user) },
  };
}

/** The same team's owner as a use case's actor. */
export const ownerOf = (team: Team): CompanyActor => ({
  companyId: team.company.id,
  userId: team.company.owner.id,
});
