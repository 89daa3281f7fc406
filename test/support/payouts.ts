import { hashNewPassword } from "../../src/server/auth/passwords.ts";
import { buildTeam, buildUser, GOOD_PASSWORD, signedInClient, type Team, taskIn } from "./factories.ts";
import { fundCompany } from "./money.ts";
import type { TestApp, TestClient } from "./test-app.ts";

/** Valid IBANs (mod 97) with their banks' BICs, as a contractor would type them. */
export const ACCOUNTS = {
  de: { iban: "DE89 3704 0044 0532 0130 00", bic: "COBADEFFXXX" },
  fr: { iban: "FR14 2004 1010 0505 0001 3M02 606", bic: "PSSTFRPPXXX" },
  nl: { iban: "NL91 ABNA 0417 1643 00", bic: "ABNANL2A" },
} as const;

/**
 * A team whose contractor has earned `amount` (a task paid by the company, as the app pays it) and has a
 * real password (GOOD_PASSWORD), so they can change their payout account.
 */
export async function paidTeam(t: TestApp, amount: string, currency = "EUR"): Promise<Team> {
  const team = await buildTeam(t);
  await fundCompany(t, team.company, amount, currency);
  await taskIn(team, "completed", { amount, currency });
  await t.context.database.db
    .updateTable("users")
    .set({ password_hash: await hashNewPassword(GOOD_PASSWORD) })
    .where("id", "=", team.contractor.user.id)
    .execute();
  return team;
}

/** The contractor's payout account, saved as the form saves it. */
export async function addPayoutAccount(
  client: TestClient,
  account: { iban: string; bic: string } = ACCOUNTS.de,
  accountHolder = "Carla Contractor",
): Promise<void> {
  const res = await client.put("/api/me/payout-details", {
    accountHolder,
    ...account,
    currentPassword: GOOD_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`saving the payout account answered ${res.status}: ${res.body}`);
}

/** A signed-in member of the operator's finance staff. */
export async function financeClient(t: TestApp): Promise<TestClient> {
  const user = await buildUser(t.context.database.db, { platformRole: "finance" });
  return signedInClient(t, user);
}
