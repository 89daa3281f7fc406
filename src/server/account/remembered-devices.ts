import type { Kysely } from "kysely";
import { REMEMBERED_DEVICE_MS } from "../auth/session-cookie.ts";
import { hashSecret, newSecret } from "../auth/tokens.ts";
import { newId } from "../db/ids.ts";
import type { DB } from "../db/types.ts";
import { notFound } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { recordSecurityEvent } from "./history.ts";

/** Remembers this browser for 30 days: the secret goes into its cookie, its hash into the table. */
export async function rememberDevice(tx: Tx, userId: string, visitor: Visitor): Promise<string> {
  const token = newSecret();
  const iso = tx.now.toISOString();
  await tx.db
    .insertInto("remembered_devices")
    .values({
      id: newId(tx.now.getTime()),
      user_id: userId,
      token_hash: hashSecret(token),
      user_agent: visitor.userAgent?.slice(0, 512) ?? null,
      ip: visitor.ip,
      created_at: iso,
      last_used_at: iso,
      expires_at: new Date(tx.now.getTime() + REMEMBERED_DEVICE_MS).toISOString(),
    })
    .execute();
  return token;
}

/** True when the cookie names a live remembered device of this person; its last use is written. */
export async function acceptRememberedDevice(
  db: Kysely<DB>,
  userId: string,
  token: string | null,
  now: Date,
): Promise<boolean> {
  if (!token) return false;
  const row = await db
    .selectFrom("remembered_devices")
    .select("id")
    .where("token_hash", "=", hashSecret(token))
    .where("user_id", "=", userId)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  if (!row) return false;
  await db
    .updateTable("remembered_devices")
    .set({ last_used_at: now.toISOString() })
    .where("id", "=", row.id)
    .execute();
  return true;
}

/** Every remembered device is forgotten: the password or the second step changed. */
export async function forgetAllDevices(tx: Tx, userId: string): Promise<void> {
  await tx.db.deleteFrom("remembered_devices").where("user_id", "=", userId).execute();
}

/** The person forgets one of their remembered devices; another person's id is a 404. */
export async function forgetDevice(
  tx: Tx,
  userId: string,
  visitor: Visitor,
  deviceId: string,
): Promise<void> {
  const result = await tx.db
    .deleteFrom("remembered_devices")
    .where("id", "=", deviceId)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) !== 1) throw notFound("Remembered device");
  await recordSecurityEvent(tx, userId, { kind: "device-forgotten", visitor, notify: true });
}
