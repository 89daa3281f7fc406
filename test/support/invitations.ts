import { expect } from "vitest";
import { inviteContractors } from "../../src/server/contractors/invite-contractors.ts";
import type { CompanyActor } from "../../src/server/kernel/actors.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import type { TestApp, TestClient } from "./test-app.ts";

/** Invites `emails` (the text typed in the Add dialog) through the API, as the company's member `client`. */
export async function invite(
  client: TestClient,
  companyId: string,
  emails: string,
  message?: string,
): Promise<{ status: number; results: Array<Record<string, string>> }> {
  const res = await client.post(`/api/companies/${companyId}/contractors/invitations`, {
    emails,
    ...(message === undefined ? {} : { message }),
  });
  return { status: res.status, results: res.json?.results ?? res.json };
}

/** Invites one address that must come out "invited"; returns the new contractor's id. */
export async function inviteOne(client: TestClient, companyId: string, text: string): Promise<string> {
  const res = await invite(client, companyId, text);
  expect(res.results[0]?.outcome).toBe("invited");
  return res.results[0]?.contractorId ?? "";
}

/** Invites one new or existing address through the inviteContractors use case; returns the contractor's id. */
export async function inviteByUseCase(t: TestApp, actor: CompanyActor, email: string): Promise<string> {
  const [result] = await transact(t.context, (tx) =>
    inviteContractors(tx, actor, { entries: [{ email, name: null }] }),
  );
  if (result?.outcome !== "invited" || !result.contractorId)
    throw new Error(`${email} was not invited: ${JSON.stringify(result)}`);
  return result.contractorId;
}
