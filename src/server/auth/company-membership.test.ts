import type { KyselyPlugin, RootOperationNode } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import {
  buildMembership,
  buildUser,
  signedInClient,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";

/** Every statement the app runs, as the names of the tables it reads or writes. */
const statements: string[][] = [];
const recorder: KyselyPlugin = {
  transformQuery({ node }: { node: RootOperationNode }) {
    const names = new Set<string>();
    JSON.stringify(node, (key, value: unknown) => {
      if (key === "table" && typeof value === "object" && value !== null && "identifier" in value) {
        const { identifier } = value as { identifier: { name: string } };
        names.add(identifier.name);
      }
      return value;
    });
    statements.push([...names].sort());
    return node;
  },
  async transformResult({ result }) {
    return result;
  },
};

const t = setUpTestApp(
  {},
  { wrapDatabase: (database) => ({ ...database, db: database.db.withPlugin(recorder) }) },
);
const contractors = (cid: string) => `/api/companies/${cid}/contractors`;

beforeEach(() => {
  statements.length = 0;
});

describe("a company request and the caller's membership", () => {
  it("reads the session and the membership of the company in the URL in one statement", async () => {
    const { company, client } = await signedInCompany(t, "One Read Co");
    statements.length = 0;
    const list = await client.get(contractors(company.id));
    expect(list.status).toBe(200);
    const membershipReads = statements.filter((tables) => tables.includes("memberships"));
    expect(membershipReads).toHaveLength(1);
    expect(membershipReads[0]).toEqual(expect.arrayContaining(["memberships", "sessions", "users"]));
  });

  it("answers a stranger 404, a manager on an owners' page 403, and a member their page", async () => {
    const { company } = await signedInCompany(t, "Guarded Co");
    const other = await signedInCompany(t, "Other Co");
    // The owner of another company: 404 as if the company did not exist, read in the same one statement.
    statements.length = 0;
    expect((await other.client.get(contractors(company.id))).status).toBe(404);
    expect(statements.filter((tables) => tables.includes("memberships"))).toHaveLength(1);

    const manager = await buildUser(t.context.database.db);
    await buildMembership(t.context.database.db, company.id, manager, "manager");
    const managerClient = await signedInClient(t, manager);
    expect((await managerClient.get(contractors(company.id))).status).toBe(200);
    expect((await managerClient.get(`/api/companies/${company.id}/members`)).status).toBe(403);
    // The membership read for one company opens no other: the manager is nobody in Other Co.
    expect((await managerClient.get(contractors(other.company.id))).status).toBe(404);
  });

  it("still closes a company that requires two-step sign-in to a member without it", async () => {
    const { company, client } = await signedInCompany(t, "Strict Co");
    await t.context.database.db
      .updateTable("companies")
      .set({ two_step_required: 1 })
      .where("id", "=", company.id)
      .execute();
    const list = await client.get(contractors(company.id));
    expect(list.status).toBe(403);
    expect(list.json.detail).toContain("Strict Co requires two-step sign-in");
  });
});
