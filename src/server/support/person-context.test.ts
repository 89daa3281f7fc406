import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCompany, buildUser, signedInClient } from "../../../test/support/factories.ts";
import { tokenIn } from "../../../test/support/mail.ts";
import { buildAgent, startGuestChat, uniqueAddress, visitor } from "../../../test/support/support-chat.ts";
import { startTestApp, type TestApp, type TestClient } from "../../../test/support/test-app.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";
import { newId } from "../db/ids.ts";
import { SUPPORT_RESEND_ACTION } from "./resend-invitation-for-person.ts";

let t: TestApp;
let agent: TestClient;
let agentId: string;
beforeAll(async () => {
  t = await startTestApp();
  const built = await buildAgent(t, "Sam Support");
  agent = built.client;
  agentId = built.agent.id;
});
afterAll(() => t.close());

/** A company that invited `email`; the invitation email refused for good by the mail server. */
async function invitedAndBounced(email: string) {
  const { db } = t.context.database;
  const owner = await buildUser(db, { email: uniqueAddress("owner"), name: "Olivia Owner" });
  const company = await buildCompany(db, { owner, name: `Acme ${newId().slice(-6)}` });
  const ownerClient = await signedInClient(t, owner);
  const res = await ownerClient.post(`/api/companies/${company.id}/contractors/invitations`, {
    emails: email,
  });
  const contractorId = res.json.results[0].contractorId as string;
  t.smtp.setMode("reject-permanent");
  try {
    await t.deliverMail();
  } finally {
    t.smtp.setMode("accept");
  }
  return { company, owner, ownerClient, contractorId };
}

describe("the person's context in the console", () => {
  it("shows a visitor's invitations with the mail server's answer, and their last emails without their content", async () => {
    const email = uniqueAddress("never.came");
    const { company, contractorId } = await invitedAndBounced(email);
    const id = (await startGuestChat(visitor(t), { email, body: "My invitation never came" })).json
      .conversationId;

    const res = await agent.get(`/api/support/conversations/${id}/context`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      account: { email, emailVerified: false, hasPassword: false },
      matchedBy: "guest-email",
      companies: [],
      contractorOf: [
        {
          contractorId,
          companyId: company.id,
          companyName: company.name,
          status: "invited",
          canResendInvitation: true,
          invitationEmail: { status: "failed", reason: expect.stringContaining("550") },
        },
      ],
    });
    expect(res.json.emails).toHaveLength(1);
    expect(res.json.emails[0]).toMatchObject({
      kind: "contractor-invitation-new",
      subject: expect.stringContaining(company.name),
      attempts: 1,
      delivery: { status: "failed", reason: expect.stringContaining("No such user") },
    });
    // The email's text carries a set-password link: the console never shows it.
    expect(JSON.stringify(res.json)).not.toMatch(/token|set-password|html|text/i);
  });

  it("shows a signed-in user's companies and a visitor with no account as just their address", async () => {
    const { db } = t.context.database;
    const owner = await buildUser(db, { email: uniqueAddress("ceo"), name: "Cleo CEO" });
    const company = await buildCompany(db, { owner, name: "Gamma Inc" });
    const client = await signedInClient(t, owner);
    const id = (await client.post("/api/support/messages", { body: "Billing?" })).json.conversationId;
    const res = await agent.get(`/api/support/conversations/${id}/context`);
    expect(res.json).toMatchObject({
      account: { name: "Cleo CEO", email: owner.email, emailVerified: true, hasPassword: true },
      matchedBy: "session",
      companies: [{ id: company.id, name: "Gamma Inc", role: "owner" }],
      contractorOf: [],
      emails: [],
    });

    const nobody = (await startGuestChat(visitor(t), { email: uniqueAddress("nobody") })).json.conversationId;
    const none = await agent.get(`/api/support/conversations/${nobody}/context`);
    expect(none.json).toEqual({
      account: null,
      matchedBy: null,
      companies: [],
      contractorOf: [],
      emails: [],
    });
  });
});

describe("resending an invitation from the console", () => {
  it("sends the company's invitation again with a new link, kills the old one, and records that support did it", async () => {
    const email = uniqueAddress("resend.me");
    const { company, owner, contractorId } = await invitedAndBounced(email);
    const oldEmailId = (
      await t.context.database.db
        .selectFrom("contractors")
        .select("invitation_email_id")
        .where("id", "=", contractorId)
        .executeTakeFirstOrThrow()
    ).invitation_email_id;
    const id = (await startGuestChat(visitor(t), { email })).json.conversationId;

    const res = await agent.post(
      `/api/support/conversations/${id}/contractors/${contractorId}/resend-invitation`,
    );
    expect(res.status).toBe(202);
    expect(res.json.contractorOf[0].invitationEmail.status).toBe("queued");
    await t.deliverMail();
    const mail = await t.smtp.waitFor((m) => m.to.includes(email));
    // Signed as the company's inviter: it is the company's invitation.
    expect(mail.text).toContain("Olivia Owner");
    expect(mail.subject).toContain(company.name);
    const token = tokenIn(mail, "/set-password");
    await expect(findLiveToken(t.context.database.db, token)).resolves.toMatchObject({
      contractor_id: contractorId,
    });

    const after = await agent.get(`/api/support/conversations/${id}/context`);
    expect(after.json.contractorOf[0].invitationEmail.status).toBe("sent");
    expect(after.json.emails.map((e: { id: string }) => e.id)).toContain(oldEmailId);

    const audit = await t.context.database.db
      .selectFrom("audit_log")
      .selectAll()
      .where("subject_id", "=", contractorId)
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        company_id: company.id,
        actor_user_id: agentId,
        action: SUPPORT_RESEND_ACTION,
      }),
    ]);
    expect(JSON.parse(audit[0]?.data ?? "{}")).toEqual({ conversationId: id, agentName: "Sam Support" });
    expect(owner.id).not.toBe(agentId);
  });

  it("resends only the person's own invitations (404 for anyone else's) and only while Invited (409)", async () => {
    const mine = uniqueAddress("mine");
    const theirs = uniqueAddress("theirs");
    await invitedAndBounced(mine);
    const other = await invitedAndBounced(theirs);
    const id = (await startGuestChat(visitor(t), { email: mine })).json.conversationId;
    const res = await agent.post(
      `/api/support/conversations/${id}/contractors/${other.contractorId}/resend-invitation`,
    );
    expect(res.status).toBe(404);
    const removed = await other.ownerClient.delete(
      `/api/companies/${other.company.id}/contractors/${other.contractorId}`,
    );
    expect(removed.status).toBe(204);
    const theirChat = (await startGuestChat(visitor(t), { email: theirs })).json.conversationId;
    const refused = await agent.post(
      `/api/support/conversations/${theirChat}/contractors/${other.contractorId}/resend-invitation`,
    );
    expect(refused.status).toBe(409);
    const ctx = await agent.get(`/api/support/conversations/${theirChat}/context`);
    expect(ctx.json.contractorOf[0]).toMatchObject({ status: "removed", canResendInvitation: false });
  });
});
