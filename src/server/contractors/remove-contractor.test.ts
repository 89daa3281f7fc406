import { beforeAll, describe, expect, it } from "vitest";
import { contractorOf, recordEvents } from "../../../test/support/events.ts";
import {
  buildContractor,
  buildInvitationToken,
  buildTeam,
  ownerOf,
  type SignedInCompany,
  signedInCompany,
  taskIn,
} from "../../../test/support/factories.ts";
import { inviteByUseCase } from "../../../test/support/invitations.ts";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { uniqueEmail } from "../../../test/support/unique.ts";
import { findLiveToken } from "../auth/auth-tokens.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { transact } from "../kernel/transaction.ts";
import { removeContractor } from "./remove-contractor.ts";

const t = setUpTestApp();
let owners: SignedInCompany;
beforeAll(async () => {
  owners = await signedInCompany(t);
});

const remove = (contractorId: string, actor: CompanyActor = ownerOf(owners)) =>
  transact(t.context, (tx) => removeContractor(tx, actor, contractorId));

describe("removeContractor", () => {
  it("makes the contractor Removed, with the time it happened", async () => {
    const { id } = await buildContractor(t.context.database.db, {
      companyId: owners.company.id,
      accepted: true,
    });
    const at = new Date("2026-03-01T10:00:00.000Z");
    await transact(t.context, (tx) => removeContractor(tx, ownerOf(owners), id), at);
    expect(await rowOf(t, "contractors", id)).toMatchObject({
      status: "removed",
      removed_at: at.toISOString(),
    });
  });

  it("tells the company's open lists after the commit", async () => {
    const { id } = await buildContractor(t.context.database.db, { companyId: owners.company.id });
    const events = recordEvents(t);
    try {
      await remove(id);
      const event = await events.waitFor((e) => contractorOf(e)?.id === id);
      expect(contractorOf(event)?.status).toBe("removed");
    } finally {
      events.stop();
    }
  });

  it("kills the pending invitation links of the relation", async () => {
    const contractor = await buildContractor(t.context.database.db, { companyId: owners.company.id });
    const token = await buildInvitationToken(t.context.database.db, contractor);
    await remove(contractor.id);
    await expect(findLiveToken(t.context.database.db, token)).rejects.toMatchObject({ status: 410 });
  });

  it("keeps an invitation email still waiting in the outbox from going out", async () => {
    const id = await inviteByUseCase(t, ownerOf(owners), uniqueEmail("waiting"));
    await remove(id);
    const { invitation_email_id } = await rowOf(t, "contractors", id);
    expect(await rowOf(t, "outbox_emails", invitation_email_id ?? "")).toMatchObject({
      status: "failed",
      last_error: "Not sent: the contractor was removed first.",
    });
  });

  it("lets tasks withdraw the offers in the same transaction, and keeps the work already taken", async () => {
    const team = await buildTeam(t);
    const offered = await taskIn(team, "offered");
    const taken = await taskIn(team, "in_progress");
    await transact(t.context, (tx) => removeContractor(tx, ownerOf(team), team.contractor.id));
    const statuses = await t.context.database.db
      .selectFrom("tasks")
      .select(["id", "status"])
      .where("id", "in", [offered, taken])
      .execute();
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [offered, "cancelled"],
        [taken, "in_progress"],
      ]),
    );
  });

  it("changes nothing when the contractor is Removed already", async () => {
    const { id } = await buildContractor(t.context.database.db, {
      companyId: owners.company.id,
      status: "removed",
    });
    const before = await rowOf(t, "contractors", id);
    await remove(id);
    expect(await rowOf(t, "contractors", id)).toEqual(before);
  });

  it("answers 404 for another company's contractor, and leaves it alone", async () => {
    const other = await signedInCompany(t);
    const { id } = await buildContractor(t.context.database.db, { companyId: other.company.id });
    await expect(remove(id)).rejects.toMatchObject({ status: 404 });
    expect((await rowOf(t, "contractors", id)).status).toBe("invited");
  });
});
