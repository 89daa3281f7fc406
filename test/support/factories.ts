/**
 * Rows as the app makes them, for tests that need a state a person would take many pages to reach. Every
 * factory writes what the real code writes (a contractor gets its search words through the search module;
 * a task is created and moved through the API, as each side would), so what a test builds behaves like
 * what users build.
 */
import type { Insertable, Kysely, Selectable } from "kysely";
import { beforeAll } from "vitest";
import type { TaskStatus } from "../../src/common/task-status.ts";
import type { CreateTaskBody } from "../../src/common/wire/tasks.ts";
import { issueToken } from "../../src/server/auth/auth-tokens.ts";
import { sessionCookieName } from "../../src/server/auth/session-cookie.ts";
import { createSession } from "../../src/server/auth/sessions.ts";
import { hashSecret } from "../../src/server/auth/tokens.ts";
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
  SupportConversationsTable,
  SupportMessagesTable,
  TaskImportsTable,
  UsersTable,
} from "../../src/server/db/types.ts";
import type { CompanyActor, SupportAgent } from "../../src/server/kernel/actors.ts";
import { issueGuestToken } from "../../src/server/support/guest-tokens.ts";
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

/** A session of `user` as signing in opens one: its row's id, and the secret the browser's cookie holds. */
export async function buildSession(db: Kysely<DB>, user: UsersTable): Promise<{ id: string; token: string }> {
  const token = await createSession(db, user.id);
  const row = await db
    .selectFrom("sessions")
    .select("id")
    .where("token_hash", "=", hashSecret(token))
    .executeTakeFirstOrThrow();
  return { id: row.id, token };
}

/** A live email-confirmation or password-recovery link of `user`, issued as the app issues it; its secret. */
export async function buildLink(
  db: Kysely<DB>,
  user: UsersTable,
  purpose: "verification" | "recovery",
): Promise<string> {
  return issueToken(db, { purpose, userId: user.id }, new Date());
}

/** An import of `actor`'s company as uploading starts it (a file being read) unless `overrides` say otherwise. */
export async function buildImport(
  db: Kysely<DB>,
  actor: CompanyActor,
  overrides: Partial<Insertable<TaskImportsTable>> = {},
): Promise<Selectable<TaskImportsTable>> {
  const now = new Date().toISOString();
  const row: Insertable<TaskImportsTable> = {
    id: newId(),
    company_id: actor.companyId,
    created_by: actor.userId,
    status: "parsing",
    file_name: "tasks.csv",
    file_kind: null,
    file_size: 100,
    file_sha256: unique().padEnd(64, "0").slice(0, 64),
    encoding: null,
    delimiter: null,
    progress_done: 0,
    progress_total: 100,
    total_rows: 0,
    valid_rows: 0,
    invalid_rows: 0,
    duplicate_rows: 0,
    error_count: 0,
    same_file_as: null,
    warnings: "[]",
    error: null,
    header: null,
    created_at: now,
    updated_at: now,
    committed_at: null,
    created_tasks: null,
    invited_contractors: null,
    ...overrides,
  };
  await db.insertInto("task_imports").values(row).execute();
  return db.selectFrom("task_imports").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
}

/** Who writes to support: a signed-in account, or a visitor known by the name and address they typed. */
export type ConversationOwner = { user: UsersTable } | { guest: { name: string; email: string } };

export interface BuiltConversation {
  conversation: SupportConversationsTable;
  /** The person's first message, which opened it. */
  message: SupportMessagesTable;
}

/**
 * A support conversation as a person's first message opens it (open, read by the person through that
 * message), or closed by `closedBy`.
 */
export async function buildConversation(
  db: Kysely<DB>,
  owner: ConversationOwner,
  input: { body?: string; closedBy?: UsersTable } = {},
): Promise<BuiltConversation> {
  const now = new Date().toISOString();
  const conversationId = newId();
  const message: SupportMessagesTable = {
    id: newId(),
    conversation_id: conversationId,
    author_side: "person",
    author_user_id: "user" in owner ? owner.user.id : null,
    author_name: "user" in owner ? owner.user.name : owner.guest.name,
    body: input.body ?? "My invitation never came.",
    created_at: now,
  };
  const conversation: SupportConversationsTable = {
    id: conversationId,
    user_id: "user" in owner ? owner.user.id : null,
    guest_name: "guest" in owner ? owner.guest.name : null,
    guest_email: "guest" in owner ? owner.guest.email : null,
    status: input.closedBy ? "closed" : "open",
    created_at: now,
    updated_at: now,
    last_message_at: now,
    closed_at: input.closedBy ? now : null,
    closed_by: input.closedBy?.id ?? null,
    agent_read_through: null,
    person_read_through: message.id,
    emailed_through: null,
    reply_email_due_at: null,
  };
  await db.insertInto("support_conversations").values(conversation).execute();
  await db.insertInto("support_messages").values(message).execute();
  return { conversation, message };
}

/** A support agent's reply in the conversation, not yet read by the person (nor emailed to them). */
export async function buildAgentReply(
  db: Kysely<DB>,
  conversationId: string,
  agent: UsersTable,
  body = "We have sent it again.",
): Promise<SupportMessagesTable> {
  const message: SupportMessagesTable = {
    id: newId(),
    conversation_id: conversationId,
    author_side: "agent",
    author_user_id: agent.id,
    author_name: agent.name,
    body,
    created_at: new Date().toISOString(),
  };
  await db.insertInto("support_messages").values(message).execute();
  await db
    .updateTable("support_conversations")
    .set({ agent_read_through: message.id, last_message_at: message.created_at })
    .where("id", "=", conversationId)
    .execute();
  return message;
}

/** A link to the conversation, as a reply email gives a visitor; returns its secret. */
export function buildGuestLink(db: Kysely<DB>, conversationId: string): Promise<string> {
  return issueGuestToken(db, conversationId, "link", new Date());
}

/** A support agent's account as the console's use cases take it. */
export const agentOf = (agent: UsersTable): SupportAgent => ({ userId: agent.id, name: agent.name });

/**
 * The company a file's tests act for, its owner signed in, built once before the first test: `owners()` is
 * it, `actor()` its owner as a use case's actor.
 */
export function companyOfTests(t: TestApp, name?: string) {
  let built: SignedInCompany | undefined;
  beforeAll(async () => {
    built = await signedInCompany(t, name);
  });
  const owners = (): SignedInCompany => {
    if (!built) throw new Error("the company is built before the first test");
    return built;
  };
  return { owners, actor: (): CompanyActor => ownerOf(owners()) };
}
