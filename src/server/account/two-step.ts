import QRCode from "qrcode";
import type { RecoveryCodes, TwoStepSetup } from "../../common/wire/account.ts";
import type { UsersTable } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { recordSecurityEvent } from "./history.ts";
import { forgetAllDevices } from "./remembered-devices.ts";
import {
  claimSecondFactor,
  openTotpSecret,
  replaceRecoveryCodes,
  type SecondFactorMatch,
  sealStoredSecret,
  sealTotpSecret,
} from "./second-factor.ts";
import { matchTotp, newTotpSecret, otpauthUrl } from "./totp.ts";

const ISSUER = "Crewdesk";

async function confirmedSecret(tx: Tx, userId: string) {
  return tx.db.selectFrom("two_step_secrets").selectAll().where("user_id", "=", userId).executeTakeFirst();
}

/**
 * Starts setting up an authenticator: a new secret, not in force until a code from it confirms it
 * (`confirmTwoStep`). Starting again replaces a secret not confirmed yet; a confirmed one is 409.
 */
export async function beginTwoStepSetup(tx: Tx, user: UsersTable): Promise<TwoStepSetup> {
  const existing = await confirmedSecret(tx, user.id);
  if (existing?.confirmed_at)
    throw conflict("Two-step sign-in is already on. Turn it off first to set up another app.");
  const secret = newTotpSecret();
  await tx.db.deleteFrom("two_step_secrets").where("user_id", "=", user.id).execute();
  await tx.db
    .insertInto("two_step_secrets")
    .values({
      user_id: user.id,
      secret: sealTotpSecret(tx.config.secretsKey, user.id, secret),
      confirmed_at: null,
      last_used_step: null,
      created_at: tx.now.toISOString(),
    })
    .execute();
  const url = otpauthUrl({ secret, account: user.email, issuer: ISSUER });
  const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1 });
  return {
    secret,
    otpauthUrl: url,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
  };
}

/**
 * A code from the new authenticator turns two-step sign-in on (the current password was checked): ten
 * recovery codes are made and shown once, remembered devices are forgotten, the person is told.
 */
export async function confirmTwoStep(
  tx: Tx,
  user: UsersTable,
  visitor: Visitor,
  code: string,
): Promise<RecoveryCodes> {
  const row = await confirmedSecret(tx, user.id);
  if (!row || row.confirmed_at)
    throw conflict("Start the set-up again: scan a new code with your authenticator app.");
  const step = matchTotp(
    openTotpSecret(tx.config.secretsKey, user.id, row.secret),
    code.replace(/\s/g, ""),
    tx.now,
    null,
  );
  if (step === null)
    throw invalidField(
      "code",
      "This code is not right. Enter the six digits your authenticator app shows now.",
    );
  await tx.db
    .updateTable("two_step_secrets")
    .set({ confirmed_at: tx.now.toISOString(), last_used_step: step })
    .where("user_id", "=", user.id)
    .execute();
  await sealStoredSecret(tx, user.id);
  const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
  await forgetAllDevices(tx, user.id);
  await recordSecurityEvent(tx, user.id, { kind: "two-step-enabled", visitor, notify: true });
  return { recoveryCodes };
}

/** The companies (names) whose owner requires every member to sign in with a second step. */
export async function companiesRequiringTwoStep(tx: Pick<Tx, "db">, userId: string): Promise<string[]> {
  const rows = await tx.db
    .selectFrom("memberships as m")
    .innerJoin("companies as c", "c.id", "m.company_id")
    .select("c.name")
    .where("m.user_id", "=", userId)
    .where("c.two_step_required", "=", 1)
    .orderBy("c.name")
    .execute();
  return rows.map((r) => r.name);
}

/**
 * Turns two-step sign-in off with a code (and the current password, checked before): the secret, the
 * recovery codes and remembered devices are gone. A company that requires it refuses (409).
 */
export async function disableTwoStep(
  tx: Tx,
  user: UsersTable,
  visitor: Visitor,
  match: SecondFactorMatch,
): Promise<void> {
  const requiredBy = await companiesRequiringTwoStep(tx, user.id);
  if (requiredBy.length > 0)
    throw conflict(
      `${requiredBy.join(", ")} requires two-step sign-in of its members: it cannot be turned off.`,
    );
  await claimSecondFactor(tx, user.id, match);
  await tx.db.deleteFrom("two_step_secrets").where("user_id", "=", user.id).execute();
  await tx.db.deleteFrom("recovery_codes").where("user_id", "=", user.id).execute();
  await forgetAllDevices(tx, user.id);
  await recordSecurityEvent(tx, user.id, { kind: "two-step-disabled", visitor, notify: true });
}

/** New recovery codes (the current password was checked): the old ones die. */
export async function renewRecoveryCodes(tx: Tx, user: UsersTable, visitor: Visitor): Promise<RecoveryCodes> {
  const row = await confirmedSecret(tx, user.id);
  if (!row?.confirmed_at) throw conflict("Turn two-step sign-in on first.");
  const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
  await recordSecurityEvent(tx, user.id, { kind: "recovery-codes-renewed", visitor, notify: true });
  return { recoveryCodes };
}
