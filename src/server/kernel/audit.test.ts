import { describe, expect, it } from "vitest";
import { companyOfTests } from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { auditWhoOf, recordAudit } from "./audit.ts";
import { transact } from "./transaction.ts";

const t = setUpTestApp();
const company = companyOfTests(t);

const entriesOf = (companyId: string) =>
  t.context.database.db
    .selectFrom("audit_entries")
    .selectAll()
    .where("company_id", "=", companyId)
    .orderBy("id")
    .execute();

describe("the audit trail", () => {
  it("records who did what through which door, in the change's own transaction", async () => {
    const actor = company.actor();
    await transact(t.context, (tx) =>
      recordAudit(tx, auditWhoOf({ ...actor, door: "api", tokenId: "tok-1" }), {
        action: "contractor.invited",
        subjectType: "contractor",
        subjectId: "c-1",
        summary: "Invited ana@example.com",
        details: { email: "ana@example.com" },
      }),
    );
    const [entry] = await entriesOf(actor.companyId);
    expect(entry).toMatchObject({
      actor_user_id: actor.userId,
      door: "api",
      token_id: "tok-1",
      action: "contractor.invited",
      subject_id: "c-1",
      summary: "Invited ana@example.com",
    });
    expect(JSON.parse(entry?.details ?? "null")).toEqual({ email: "ana@example.com" });
  });

  it("writes nothing when the change rolls back", async () => {
    const actor = company.actor();
    const before = (await entriesOf(actor.companyId)).length;
    await expect(
      transact(t.context, async (tx) => {
        await recordAudit(tx, auditWhoOf(actor), {
          action: "task.sent",
          subjectType: "task",
          summary: "Sent",
        });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await entriesOf(actor.companyId)).toHaveLength(before);
  });

  it("records many facts at once, in order", async () => {
    const actor = company.actor();
    const before = (await entriesOf(actor.companyId)).length;
    const facts = Array.from({ length: 1500 }, (_, i) => ({
      action: "contractor.invited",
      subjectType: "contractor",
      summary: `Invited c${i}@example.com`,
    }));
    await transact(t.context, (tx) => recordAudit(tx, auditWhoOf(actor), facts));
    const entries = await entriesOf(actor.companyId);
    expect(entries).toHaveLength(before + 1500);
    expect(entries.at(-1)?.summary).toBe("Invited c1499@example.com");
    expect(entries.at(-1)?.door).toBe("web");
  });
});
