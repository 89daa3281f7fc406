import type { Kysely } from "kysely";
import type { Me } from "../../common/wire/me.ts";
import { presentUser } from "../auth/present.ts";
import type { DB, UsersTable } from "../db/types.ts";

/**
 * Everything the app shell needs about the signed-in user: the companies they run, those they work for (the
 * invitations they accepted, Invited until their information is complete, then Active; removed ones are
 * gone from their view), and the invitations still to answer, which they may accept in the app. An account
 * that never proved its address gets neither: only the owner of the mailbox sees the companies.
 */
export async function loadMe(db: Kysely<DB>, user: UsersTable): Promise<Me> {
  const [companies, relations, profile] = await Promise.all([
    db
      .selectFrom("memberships")
      .innerJoin("companies", "companies.id", "memberships.company_id")
      .select(["companies.id", "companies.name", "memberships.role"])
      .where("memberships.user_id", "=", user.id)
      .orderBy("companies.name")
      .orderBy("companies.id")
      .execute(),
    db
      .selectFrom("contractors")
      .innerJoin("companies", "companies.id", "contractors.company_id")
      .select([
        "contractors.id",
        "contractors.company_id",
        "contractors.status",
        "contractors.accepted_at",
        "companies.name",
      ])
      .where("contractors.user_id", "=", user.id)
      .where("contractors.status", "in", ["invited", "active"])
      .orderBy("companies.name")
      .orderBy("contractors.id")
      .execute(),
    db.selectFrom("contractor_profiles").select("user_id").where("user_id", "=", user.id).executeTakeFirst(),
  ]);
  const proven = user.email_verified_at !== null ? relations : [];
  return {
    user: presentUser(user),
    companies,
    contractorOf: proven
      .filter((r) => r.accepted_at !== null)
      .map((r) => ({
        companyId: r.company_id,
        companyName: r.name,
        // The query keeps invited and active relations only.
        status: r.status === "active" ? "active" : "invited",
      })),
    pendingInvitations: proven
      .filter((r) => r.status === "invited" && r.accepted_at === null)
      .map((r) => ({ contractorId: r.id, companyName: r.name })),
    profileComplete: profile !== undefined,
  };
}
