import { describe, expect, it } from "vitest";
import { buildTeam } from "../../../test/support/factories.ts";
import { csvFile } from "../../../test/support/import-files.ts";
import { commitImportRequest, importFile, waitForCommit } from "../../../test/support/imports.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";

const t = setUpTestApp({ NEW_COMPANY_INVITES_PER_DAY: "100000", PAYMENTS: "prepaid" });

const HEADER = ["Contractor email", "Contractor name", "Task title", "Amount", "Currency", "External ID"];

describe("the audit log of imports and money", () => {
  it("records one entry per committed import with its counts, none per row or per invited address", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const rows = Array.from({ length: 30 }, (_, i) => [uniqueEmail("imp"), "", `Task ${i}`, "10", "EUR", ""]);
    const preview = await importFile(team.owner, cid, "tasks.csv", csvFile([HEADER, ...rows]));
    expect((await commitImportRequest(team.owner, cid, preview.id)).status).toBe(202);
    await waitForCommit(team.owner, cid, preview.id);
    const items = (await team.owner.get(`/api/companies/${cid}/audit`)).json.items;
    expect(items.map((e: { action: string }) => e.action)).toEqual(["import.committed"]);
    expect(items[0]).toMatchObject({
      summary: "tasks.csv: 30 tasks, 30 contractors invited",
      details: { createdTasks: 30, invitedContractors: 30 },
      subjectId: preview.id,
    });
  });

  it("records top-ups asked for and cancelled", async () => {
    const team = await buildTeam(t);
    const cid = team.company.id;
    const asked = await team.owner.post(`/api/companies/${cid}/top-ups`, {
      amount: "1500.00",
      currency: "EUR",
    });
    expect(asked.status).toBeLessThan(300);
    await team.owner.delete(`/api/companies/${cid}/top-ups/${asked.json.id}`);
    const items = (await team.owner.get(`/api/companies/${cid}/audit`)).json.items;
    expect(items.map((e: { action: string }) => e.action)).toEqual(["top_up.cancelled", "top_up.requested"]);
    expect(items[1].summary).toContain("1500.00 EUR");
  });
});
