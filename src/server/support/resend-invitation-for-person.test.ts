import { beforeAll, describe, expect, it } from "vitest";
import {
  agentOf,
  buildCompany,
  buildContractor,
  buildConversation,
  buildUser,
} from "../../../test/support/factories.ts";
import { outboxTo } from "../../../test/support/mail.ts";
import { buildAgent } from "../../../test/support/support-chat.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import type { UsersTable } from "../db/types.ts";
import { transact } from "../kernel/transaction.ts";
import { resendInvitationForPerson, SUPPORT_RESEND_ACTION } from "./resend-invitation-for-person.ts";

const t = setUpTestApp();
let agent: UsersTable;
beforeAll(async () => {
  agent = (await buildAgent(t, "Sam Support")).agent;
});

const resendFor = (conversationId: string, contractorId: string) =>
  transact(t.context, (tx) =>
    resendInvitationForPerson(tx, agentOf(agent), { conversationId, contractorId }),
  );

/** A person invited by a company, writing to support signed in. */
async function invitedPerson() {
  const { db } = t.context.database;
  const company = await buildCompany(db, { name: "Vandelay" });
  const user = await buildUser(db, { passwordHash: null, verified: false });
  const contractor = await buildContractor(db, { companyId: company.id, user });
  const { conversation } = await buildConversation(db, { user });
  return { company, user, contractor, conversation };
}

describe("resendInvitationForPerson", () => {
  it("sends the person the company's invitation again", async () => {
    const { user, contractor, conversation } = await invitedPerson();
    await resendFor(conversation.id, contractor.id);
    expect(await outboxTo(t, user.email)).toMatchObject([{ subject: "Vandelay invited you to Crewdesk" }]);
  });

  it("answers with the company whose invitation it was", async () => {
    const { company, contractor, conversation } = await invitedPerson();
    expect(await resendFor(conversation.id, contractor.id)).toEqual({ companyId: company.id });
  });

  it("records the resend in the company's audit trail through the support door, by the agent", async () => {
    const { company, contractor, conversation } = await invitedPerson();
    await resendFor(conversation.id, contractor.id);
    const entries = await t.context.database.db
      .selectFrom("audit_entries")
      .select(["action", "door", "actor_user_id", "subject_id"])
      .where("company_id", "=", company.id)
      .execute();
    expect(entries).toEqual([
      {
        action: "contractor.invitation_resent",
        door: "support",
        actor_user_id: agent.id,
        subject_id: contractor.id,
      },
    ]);
  });

  it("still signs the email with the name of whoever invited the person", async () => {
    const { db } = t.context.database;
    const company = await buildCompany(db, { name: "Kramerica" });
    const user = await buildUser(db, { passwordHash: null, verified: false });
    const contractor = await buildContractor(db, { companyId: company.id, user });
    await db
      .updateTable("contractors")
      .set({ invited_by: company.owner.id })
      .where("id", "=", contractor.id)
      .execute();
    const { conversation } = await buildConversation(db, { user });
    await resendFor(conversation.id, contractor.id);
    const [mail] = await outboxTo(t, user.email);
    expect(mail?.text_body).toContain(company.owner.name);
    expect(mail?.text_body).not.toContain("Sam Support");
  });

  it("records in the company's audit log that support sent it", async () => {
    const { company, contractor, conversation } = await invitedPerson();
    await resendFor(conversation.id, contractor.id);
    const logged = await t.context.database.db
      .selectFrom("audit_log")
      .select(["company_id", "actor_user_id", "subject_id"])
      .where("action", "=", SUPPORT_RESEND_ACTION)
      .where("subject_id", "=", contractor.id)
      .execute();
    expect(logged).toEqual([{ company_id: company.id, actor_user_id: agent.id, subject_id: contractor.id }]);
  });

  it("answers 404 for an invitation of someone other than the conversation's person", async () => {
    const { conversation } = await invitedPerson();
    const someoneElse = await invitedPerson();
    await expect(resendFor(conversation.id, someoneElse.contractor.id)).rejects.toMatchObject({
      status: 404,
    });
  });
});
