/**
 * Rows as the app makes them, for tests that need a state a person would take many pages to reach. Every
 * factory writes what the real code writes (a contractor gets its search words through the search module;
 * a task is created and moved through the API, as each side would), so what a test builds behaves like
 * what users build.
 */
import type { Kysely } from "kysely";
import type { TaskStatus } from "../../src/common/task-status.ts";
import type { CreateTaskBody } from "../../src/common/wire/tasks.ts";
import { issueToken } from "../../src/server/auth/auth-tokens.ts";
import { sessionCookieName } from "../../src/server/auth/session-cookie.ts";
import { createSession } from "../../src/server/auth/sessions.ts";
import { chunks } from "../../src/server/db/chunks.ts";
import { newId } from "../../src/server/db/ids.ts";
import {
  insertSearchTerms,
  insertSearchTermsOfMany,
  searchTextOf,
} from "../../src/server/db/search-terms.ts";
import type {
  ContractorProfilesTable,
  ContractorStatus,
  ContractorsTable,
  DB,
  MembershipRole,
  UsersTable,
} from "../../src/server/db/types.ts";
import type { CompanyActor } from "../../src/server/kernel/actors.ts";
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
  /** `support` makes a support agent. */
  platformRole?: UsersTable["platform_role"];
}

function userRow(input: BuildUserInput & { id?: string }, now: string): UsersTable {
  return {
    id: input.id ?? newId(),
    email: input.email ?? uniqueEmail("user"),
    name: input.name ?? "Test User",
    password_hash: input.passwordHash === undefined ? "not-a-real-hash" : input.passwordHash,
    email_verified_at: input.verified === false ? null : now,
    platform_role: input.platformRole ?? null,
    password_changed_at: null,
    created_at: now,
    updated_at: now,
    deletion_due_at: null,
    deleted_at: null,
  };
}

export async function buildUser(db: Kysely<DB>, input: BuildUserInput = {}): Promise<UsersTable> {
  const user = userRow(input, new Date().toISOString());
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

function contractorRow(
  input: { id: string; companyId: string; user: UsersTable; status: ContractorStatus; accepted?: boolean },
  now: string,
): ContractorsTable {
  const { status } = input;
  return {
    id: input.id,
    company_id: input.companyId,
    user_id: input.user.id,
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
    // As if the company had typed the account's name when it invited them.
    name: input.user.name,
    search_text: searchTextOf(input.user.name, input.user.email),
  };
}

/**
 * A company–contractor relation as the contractors feature leaves it: Invited and not yet accepted unless
 * told otherwise, named (as the company sees it) and searchable by the account's name and email, as if the
 * company had typed that name when it invited them.
 */
export async function buildContractor(db: Kysely<DB>, input: BuildContractorInput): Promise<BuiltContractor> {
  const user = input.user ?? (await buildUser(db, { name: input.name ?? "Carla Contractor" }));
  const row = contractorRow(
    { ...input, id: newId(), user, status: input.status ?? "invited" },
    new Date().toISOString(),
  );
  await db.insertInto("contractors").values(row).execute();
  await insertSearchTerms(db, "contractor", row.id, input.companyId, [user.name, user.email]);
  return { id: row.id, user };
}

/**
 * Many contractors of one company at once (a large list), each with a new account without a password, in a
 * few multi-row inserts; searchable like real ones. `id` orders the list (newest first), as ids do.
 */
export async function buildContractors(
  db: Kysely<DB>,
  companyId: string,
  items: Array<{ id: string; name: string; email: string; status: ContractorStatus }>,
): Promise<void> {
  const now = new Date().toISOString();
  for (const part of chunks(items)) {
    const users = part.map((c) =>
      userRow({ email: c.email, name: c.name, passwordHash: null, verified: false }, now),
    );
    await db.insertInto("users").values(users).execute();
    const rows = part.map((c, i) => contractorRow({ ...c, companyId, user: users[i] as UsersTable }, now));
    await db.insertInto("contractors").values(rows).execute();
  }
  await insertSearchTermsOfMany(
    db,
    "contractor",
    companyId,
    items.map((c) => ({ id: c.id, texts: [c.name, c.email] })),
  );
}

/** A live invitation link of the relation, issued as inviting issues it; returns the secret its email carries. */
export async function buildInvitationToken(db: Kysely<DB>, contractor: BuiltContractor): Promise<string> {
  return issueToken(
    db,
    {
      // As the app issues them: an account with a password accepts signed in (join); one without chooses a
      // password through the invitation link.
      purpose: contractor.user.password_hash ? "join" : "invitation",
      userId: contractor.user.id,
      contractorId: contractor.id,
    },
    new Date(),
  );
}

/** `user` joins an existing company as a `role` (a manager unless told). */
export async function buildMembership(
  db: Kysely<DB>,
  companyId: string,
  user: UsersTable,
  role: MembershipRole = "manager",
): Promise<void> {
  await db
    .insertInto("memberships")
    .values({ company_id: companyId, user_id: user.id, role, created_at: new Date().toISOString() })
    .execute();
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

/** A person's required information, complete (as saving COMPLETE_PROFILE leaves it) unless `overrides` say otherwise. */
export async function buildProfile(
  db: Kysely<DB>,
  user: UsersTable,
  overrides: Partial<Omit<ContractorProfilesTable, "user_id">> = {},
): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto("contractor_profiles")
    .values({
      user_id: user.id,
      first_name: COMPLETE_PROFILE.firstName,
      last_name: COMPLETE_PROFILE.lastName,
      country: COMPLETE_PROFILE.country,
      city: COMPLETE_PROFILE.city,
      address: COMPLETE_PROFILE.address,
      postal_code: COMPLETE_PROFILE.postalCode,
      tax_id: COMPLETE_PROFILE.taxId,
      phone: COMPLETE_PROFILE.phone,
      agreement_accepted_at: now,
      completed_at: now,
      updated_at: now,
      ...overrides,
    })
    .execute();
}

/** The fields a task needs; `overrides` changes or adds any (contractorId, send, …). */
export function taskInput(overrides: Partial<CreateTaskBody> = {}): CreateTaskBody {
  return { title: "Translate the onboarding guide", amount: "1234.50", currency: "USD", ...overrides };
}

/** A client already signed in as `user`, through a real session row. */
export async function signedInClient(t: TestApp, user: UsersTable): Promise<TestClient> {
  const token = await createSession(t.context.database.db, user.id);
  const client = t.client();
  client.cookies.set(sessionCookieName(t.context.config), token);
  return client;
}

export interface SignedInCompany {
  company: BuiltCompany;
  owner: UsersTable;
  /** The owner's signed-in client. */
  client: TestClient;
}

/** A company with no contractor yet, and its owner signed in. */
export async function signedInCompany(t: TestApp, name?: string): Promise<SignedInCompany> {
  const company = await buildCompany(t.context.database.db, name ? { name } : {});
  return { company, owner: company.owner, client: await signedInClient(t, company.owner) };
}

export type SignedInContractor = BuiltContractor & { client: TestClient };

/** A contractor relation (see buildContractor) and the contractor's signed-in client. */
export async function signedInContractor(
  t: TestApp,
  input: BuildContractorInput,
): Promise<SignedInContractor> {
  const contractor = await buildContractor(t.context.database.db, input);
  return { ...contractor, client: await signedInClient(t, contractor.user) };
}

export interface Team {
  company: BuiltCompany;
  /** The owner's signed-in client. */
  owner: TestClient;
  /** A contractor who accepted the invitation, and their signed-in client. */
  contractor: SignedInContractor;
}

/** A company, its signed-in owner and one contractor on its team who accepted the invitation. */
export async function buildTeam(t: TestApp, name?: string): Promise<Team> {
  const { company, client } = await signedInCompany(t, name);
  const contractor = await signedInContractor(t, { companyId: company.id, accepted: true });
  return { company, owner: client, contractor };
}

/** The company's owner as a use case's actor (of a Team or a SignedInCompany). */
export const ownerOf = ({ company }: { company: BuiltCompany }): CompanyActor => ({
  companyId: company.id,
  userId: company.owner.id,
});

/** The moves that bring a new draft to each status, through the API as each side would make them. */
const MOVES_TO: Record<TaskStatus, Array<["company" | "contractor", string, Record<string, unknown>?]>> = {
  draft: [],
  offered: [["company", "send"]],
  in_progress: [
    ["company", "send"],
    ["contractor", "accept"],
  ],
  in_review: [
    ["company", "send"],
    ["contractor", "accept"],
    ["contractor", "submit", { result: "Done: all 12 pages", link: "https://files.example.com/guide.pdf" }],
  ],
  completed: [
    ["company", "send"],
    ["contractor", "accept"],
    ["contractor", "submit", { result: "Done" }],
    ["company", "accept"],
  ],
  declined: [
    ["company", "send"],
    ["contractor", "decline"],
  ],
  cancelled: [
    ["company", "send"],
    ["company", "cancel"],
  ],
};

/** Creates a task for the team's contractor and moves it to `status` through the API; returns its id. */
export async function taskIn(
  team: Team,
  status: TaskStatus,
  overrides: Partial<CreateTaskBody> = {},
): Promise<string> {
  const cid = team.company.id;
  const created = await team.owner.post(
    `/api/companies/${cid}/tasks`,
    taskInput({ contractorId: team.contractor.id, ...overrides }),
  );
  if (created.status !== 201)
    throw new Error(`creating the task answered ${created.status}: ${created.body}`);
  const id: string = created.json.id;
  for (const [side, action, body] of MOVES_TO[status]) {
    const res =
      side === "company"
        ? await team.owner.post(`/api/companies/${cid}/tasks/${id}/${action}`, body ?? {})
        : await team.contractor.client.post(`/api/me/tasks/${id}/${action}`, body ?? {});
    if (res.status !== 200) throw new Error(`${side} ${action} answered ${res.status}: ${res.body}`);
  }
  return id;
}

/** A bare company–contractor relation by ids (no name, no search words), for tests of the relation alone. */
export async function buildRelation(
  t: TestApp,
  input: { companyId: string; userId: string; status?: ContractorStatus; acceptedAt?: string | null },
): Promise<string> {
  const now = new Date().toISOString();
  const id = newId();
  await t.context.database.db
    .insertInto("contractors")
    .values({
      id,
      company_id: input.companyId,
      user_id: input.userId,
      status: input.status ?? "invited",
      invited_by: null,
      welcome_message: null,
      invited_at: now,
      accepted_at: input.acceptedAt ?? null,
      activated_at: input.status === "active" ? now : null,
      removed_at: input.status === "removed" ? now : null,
      invitation_email_id: null,
      created_at: now,
      updated_at: now,
      name: "",
      search_text: "",
    })
    .execute();
  return id;
}
