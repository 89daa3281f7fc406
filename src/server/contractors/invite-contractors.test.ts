import { beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildContractor,
  buildUser,
  ownerOf,
  type SignedInCompany,
  signedInCompany,
} from "../../../test/support/factories.ts";
import { outboxTo } from "../../../test/support/mail.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import type { ParsedAddress } from "../../common/email-list.ts";
import type { InviteResult } from "../../common/wire/contractors.ts";
import { newId } from "../db/ids.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { inviteContractors } from "./invite-contractors.ts";
import { listContractors } from "./queries.ts";

const t = setUpTestApp();
let owners: SignedInCompany;
let actor: CompanyActor;
beforeAll(async () => {
  owners = await signedInCompany(t, "Umbrella");
  actor = ownerOf(owners);
});

const invite = (
  entries: ParsedAddress[],
  message?: string,
  as: CompanyActor = actor,
): Promise<InviteResult[]> => transact(t.context, (tx) => inviteContractors(tx, as, { entries, message }));

describe("inviteContractors", () => {
  it("makes a new address an account without a password named after its local part, and an Invited contractor named as pasted", async () => {
    const email = uniqueEmail("new");
    const [result] = await invite([{ email, name: "Nora New" }], "Welcome");
    expect(result).toEqual({ email, outcome: "invited", contractorId: expect.any(String) });
    const user = await t.context.database.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    // The account's own name is its owner's to give: the company's pasted name stays with the company.
    expect(user).toMatchObject({
      name: email.slice(0, email.indexOf("@")),
      password_hash: null,
      email_verified_at: null,
    });
    expect(await rowOf(t, "contractors", result?.contractorId ?? "")).toMatchObject({
      name: "Nora New",
      company_id: owners.company.id,
      user_id: user.id,
      status: "invited",
      invited_by: owners.owner.id,
      welcome_message: "Welcome",
      accepted_at: null,
    });
  });

  it("names a new account after the address's local part when no name was pasted", async () => {
    const email = uniqueEmail("nameless");
    await invite([{ email, name: null }]);
    const user = await t.context.database.db
      .selectFrom("users")
      .select("name")
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(user.name).toBe(email.slice(0, email.indexOf("@")));
  });

  it("makes the new contractor findable by the start of its name and of its address", async () => {
    const email = uniqueEmail("zeno");
    const [result] = await invite([{ email, name: "Zebulon Quist" }]);
    for (const q of ["zebu", "quis", email.slice(0, 6)]) {
      const page = await listContractors(t.context.database, { companyId: owners.company.id, q });
      expect(
        page.items.map((c) => c.id),
        q,
      ).toContain(result?.contractorId);
    }
  });

  it("queues one invitation email for each address in the same transaction, and points the contractor at it", async () => {
    const emails = [uniqueEmail("one"), uniqueEmail("two")];
    const results = await invite(emails.map((email) => ({ email, name: null })));
    for (const [i, email] of emails.entries()) {
      const [mail, ...more] = await outboxTo(t, email);
      expect(more).toEqual([]);
      expect(mail).toMatchObject({ template: "contractor-invitation-new", status: "queued" });
      const row = await rowOf(t, "contractors", results[i]?.contractorId ?? "");
      expect(row.invitation_email_id).toBe(mail?.id);
    }
  });

  it("invites an existing account to accept, without changing the account", async () => {
    const existing = await buildUser(t.context.database.db, { name: "Eddie Existing" });
    const [result] = await invite([{ email: existing.email, name: "Another Name" }]);
    expect(result?.outcome).toBe("invited");
    const after = await t.context.database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", existing.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(existing);
    const [mail] = await outboxTo(t, existing.email);
    expect(mail?.template).toBe("contractor-invitation-existing");
  });

  it("leaves a contractor already Invited or Active alone: already_in_team, no email", async () => {
    const { db } = t.context.database;
    const invited = await buildContractor(db, { companyId: owners.company.id });
    const active = await buildContractor(db, { companyId: owners.company.id, status: "active" });
    const results = await invite([
      { email: invited.user.email, name: null },
      { email: active.user.email, name: null },
    ]);
    expect(results).toEqual([
      { email: invited.user.email, outcome: "already_in_team", contractorId: invited.id },
      { email: active.user.email, outcome: "already_in_team", contractorId: active.id },
    ]);
    expect(await outboxTo(t, invited.user.email)).toEqual([]);
    expect(await outboxTo(t, active.user.email)).toEqual([]);
  });

  it("invites a Removed contractor again under the same id: Invited, not accepted, with the new message", async () => {
    const removed = await buildContractor(t.context.database.db, {
      companyId: owners.company.id,
      status: "removed",
      accepted: true,
    });
    const [result] = await invite([{ email: removed.user.email, name: null }], "Welcome back");
    expect(result).toEqual({ email: removed.user.email, outcome: "invited", contractorId: removed.id });
    expect(await rowOf(t, "contractors", removed.id)).toMatchObject({
      status: "invited",
      accepted_at: null,
      removed_at: null,
      welcome_message: "Welcome back",
    });
  });

  it("answers the inviter's own address as invalid (self) and invites nobody for it", async () => {
    const results = await invite([{ email: owners.owner.email, name: null }]);
    expect(results).toEqual([{ email: owners.owner.email, outcome: "invalid", reason: "self" }]);
    expect(await outboxTo(t, owners.owner.email)).toEqual([]);
  });

  it("answers in the order of the entries; a repeated address answers like its first occurrence", async () => {
    const a = uniqueEmail("a");
    const b = uniqueEmail("b");
    const results = await invite([
      { email: a, name: "First" },
      { email: b, name: null },
      { email: a, name: "Second" },
    ]);
    expect(results.map((r) => r.email)).toEqual([a, b, a]);
    expect(results[2]).toEqual(results[0]);
    expect(await outboxTo(t, a)).toHaveLength(1);
  });

  it("tells the company's open lists after the commit", async () => {
    const events = recordEvents(t);
    try {
      const [result] = await invite([{ email: uniqueEmail("live"), name: null }]);
      const event = await events.waitFor((e) => contractorOf(e)?.id === result?.contractorId);
      expect(event.audience).toEqual({ companyId: owners.company.id });
    } finally {
      events.stop();
    }
  });

  it("writes nothing, queues no email and tells nobody when the transaction rolls back", async () => {
    const email = uniqueEmail("rolled");
    const events = recordEvents(t);
    let made: InviteResult[] = [];
    await expect(
      transact(t.context, async (tx) => {
        made = await inviteContractors(tx, actor, { entries: [{ email, name: null }] });
        throw new Error("the rest of the unit of work failed");
      }),
    ).rejects.toThrow("the rest of the unit of work failed");
    const { db } = t.context.database;
    expect(await db.selectFrom("users").select("id").where("email", "=", email).execute()).toEqual([]);
    expect(await outboxTo(t, email)).toEqual([]);
    // Published after the commit, or never: a later event proves the bus has nothing of this one.
    await invite([{ email: uniqueEmail("after"), name: null }]);
    await events.waitFor(
      (e) => e.name === "contractor.updated" && e.audience.companyId === owners.company.id,
    );
    expect(made[0]?.outcome).toBe("invited");
    expect(events.events.some((e) => contractorOf(e)?.id === made[0]?.contractorId)).toBe(false);
    events.stop();
  });

  it("refuses the whole list with 429 when it would pass the hourly allowance, and writes nothing", async () => {
    const company = await signedInCompany(t);
    const tight = { ...t.context, config: { ...t.context.config, invitesPerHour: 2 } };
    const emails = [uniqueEmail("x"), uniqueEmail("y"), uniqueEmail("z")];
    await expect(
      transact(tight, (tx) =>
        inviteContractors(tx, ownerOf(company), { entries: emails.map((email) => ({ email, name: null })) }),
      ),
    ).rejects.toMatchObject({ status: 429 });
    const page = await listContractors(t.context.database, { companyId: company.company.id });
    expect(page.items).toEqual([]);
  });

  it("answers 404 for a company that does not exist", async () => {
    await expect(
      invite([{ email: uniqueEmail("nowhere"), name: null }], undefined, {
        companyId: newId(),
        userId: owners.owner.id,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });
});
