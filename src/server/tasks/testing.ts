/** Test-only helpers of the tasks suites: a company, a contractor on its team, and a task driven to a status. */
import { expect } from "vitest";
import {
  type BuiltCompany,
  buildCompany,
  buildUser,
  signedInClient,
} from "../../../test/support/factories.ts";
import type { TestApp, TestClient } from "../../../test/support/test-app.ts";
import type { TaskStatus } from "../../common/task-status.ts";
import { newId } from "../db/ids.ts";
import type { ContractorStatus, UsersTable } from "../db/types.ts";

export interface TeamContractor {
  id: string;
  user: UsersTable;
  client: TestClient;
}

/** A contractor relation as the Contractors module leaves it: accepted (mailbox proved) unless told otherwise. */
export async function addContractor(
  t: TestApp,
  companyId: string,
  options: { user?: UsersTable; status?: ContractorStatus; accepted?: boolean; name?: string } = {},
): Promise<TeamContractor> {
  const { db } = t.context.database;
  const user = options.user ?? (await buildUser(db, { name: options.name ?? "Carla Contractor" }));
  const now = new Date().toISOString();
  const id = newId();
  await db
    .insertInto("contractors")
    .values({
      id,
      company_id: companyId,
      user_id: user.id,
      status: options.status ?? "invited",
      invited_by: null,
      welcome_message: null,
      invited_at: now,
      accepted_at: options.accepted === false ? null : now,
      activated_at: options.status === "active" ? now : null,
      removed_at: options.status === "removed" ? now : null,
      invitation_email_id: null,
      created_at: now,
      updated_at: now,
      name: user.name,
      search_text: "",
    })
    .execute();
  return { id, user, client: await signedInClient(t, user) };
}

export interface Team {
  company: BuiltCompany;
  owner: TestClient;
  contractor: TeamContractor;
}

export async function buildTeam(t: TestApp, name?: string): Promise<Team> {
  const company = await buildCompany(t.context.database.db, name ? { name } : {});
  const owner = await signedInClient(t, company.owner);
  const contractor = await addContractor(t, company.id);
  return { company, owner, contractor };
}

export function taskInput(overrides: Record<string, unknown> = {}) {
  return { title: "Translate the onboarding guide", amount: "1234.50", currency: "USD", ...overrides };
}

/** The moves that bring a new draft to each status, through the API as each side would make them. */
const paths: Record<TaskStatus, Array<["company" | "contractor", string, Record<string, unknown>?]>> = {
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

/** Creates a task for the team's contractor and moves it to `status`; returns its id. */
export async function taskIn(team: Team, status: TaskStatus, overrides: Record<string, unknown> = {}) {
  const cid = team.company.id;
  const created = await team.owner.post(
    `/api/companies/${cid}/tasks`,
    taskInput({ contractorId: team.contractor.id, ...overrides }),
  );
  expect(created.status, created.body).toBe(201);
  const id: string = created.json.id;
  for (const [side, action, body] of paths[status]) {
    const res =
      side === "company"
        ? await team.owner.post(`/api/companies/${cid}/tasks/${id}/${action}`, body ?? {})
        : await team.contractor.client.post(`/api/me/tasks/${id}/${action}`, body ?? {});
    expect(res.status, `${side} ${action}: ${res.body}`).toBe(200);
  }
  return id;
}
