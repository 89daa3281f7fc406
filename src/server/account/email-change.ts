import { consumeToken, issueToken, revokeUserTokens } from "../auth/auth-tokens.ts";
import { endOtherSessions } from "../auth/sessions.ts";
import { publishContractorUpdates } from "../contractors/events.ts";
import { newId } from "../db/ids.ts";
import { writeSearchTerms } from "../db/search-terms.ts";
import type { UsersTable } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { addressTakenEmail, confirmNewEmailEmail, emailChangeNoticeEmail } from "./emails.ts";
import { recordSecurityEvent } from "./history.ts";
import { forgetAllDevices } from "./remembered-devices.ts";

/** The answer to every request to change the address: it never tells whether the new one has an account. */
export const EMAIL_CHANGE_REQUESTED =
  "We sent a confirmation link to the new address. Your address changes once you open it; until then, nothing changes.";

/**
 * The signed-in person asks to use `newEmail` (normalised; the current password was checked). Nothing
 * changes yet: the new address gets a link to confirm it, the old one a link that undoes the change for 7
 * days. An address that already has an account gets the same answer and the same notice to the old
 * address, and the new address is told that an account exists there: the person asking learns nothing.
 * An earlier change still waiting is replaced.
 */
export async function requestEmailChange(
  tx: Tx,
  user: UsersTable,
  visitor: Visitor,
  newEmail: string,
): Promise<void> {
  if (newEmail === user.email) throw invalidField("email", "This is already your email address.");
  const iso = tx.now.toISOString();
  const waiting = await tx.db
    .selectFrom("email_changes")
    .select("id")
    .where("user_id", "=", user.id)
    .where("confirmed_at", "is", null)
    .where("cancelled_at", "is", null)
    .execute();
  for (const change of waiting) {
    await tx.db.updateTable("email_changes").set({ cancelled_at: iso }).where("id", "=", change.id).execute();
    await tx.db
      .updateTable("auth_tokens")
      .set({ revoked_at: iso })
      .where("email_change_id", "=", change.id)
      .where("used_at", "is", null)
      .where("revoked_at", "is", null)
      .execute();
  }
  const id = newId(tx.now.getTime());
  await tx.db
    .insertInto("email_changes")
    .values({
      id,
      user_id: user.id,
      old_email: user.email,
      new_email: newEmail,
      requested_at: iso,
      confirmed_at: null,
      cancelled_at: null,
    })
    .execute();
  const taken = await tx.db.selectFrom("users").select("id").where("email", "=", newEmail).executeTakeFirst();
  if (taken) {
    await enqueueEmail(tx.db, { ...addressTakenEmail(tx.config.appUrl), recipient: newEmail }, tx.now);
  } else {
    const token = await issueToken(
      tx.db,
      { purpose: "email-change", userId: user.id, emailChangeId: id },
      tx.now,
    );
    const mail = confirmNewEmailEmail(tx.config.appUrl, { name: user.name, token });
    await enqueueEmail(tx.db, { ...mail, recipient: newEmail }, tx.now);
  }
  const cancelToken = await issueToken(
    tx.db,
    { purpose: "email-change-cancel", userId: user.id, emailChangeId: id },
    tx.now,
  );
  const notice = emailChangeNoticeEmail(tx.config.appUrl, { name: user.name, newEmail, token: cancelToken });
  await enqueueEmail(tx.db, { ...notice, recipient: user.email }, tx.now);
  await recordSecurityEvent(tx, user.id, { kind: "email-change-requested", visitor, detail: newEmail });
}

/** The companies a person works for see their address: each relation's search words follow it, live. */
async function followAddress(tx: Tx, userId: string, email: string): Promise<void> {
  const relations = await tx.db
    .selectFrom("contractors")
    .select(["id", "company_id", "name"])
    .where("user_id", "=", userId)
    .execute();
  for (const r of relations) await writeSearchTerms(tx.db, "contractor", r.id, r.company_id, [r.name, email]);
  await publishContractorUpdates(
    tx,
    relations.map((r) => r.id),
  );
}

async function addressFree(tx: Tx, email: string, userId: string): Promise<boolean> {
  const other = await tx.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .where("id", "!=", userId)
    .executeTakeFirst();
  return other === undefined;
}

async function changeOfLink(tx: Tx, emailChangeId: string | null) {
  if (!emailChangeId) throw invalidField("token", "This link is not a change of address link.");
  return tx.db
    .selectFrom("email_changes")
    .selectAll()
    .where("id", "=", emailChangeId)
    .executeTakeFirstOrThrow();
}

/**
 * The new address's owner opens the confirmation link: the account takes the address (proven, so
 * confirmed), its companies see it from now on, and the links sent to the old address die (but the undo
 * link). Whoever opens it need not be signed in: the link proves the mailbox.
 */
export async function confirmEmailChange(tx: Tx, visitor: Visitor, token: string): Promise<UsersTable> {
  const link = await consumeToken(tx.db, token, tx.now);
  // Thrown, the transaction rolls back: a link of another kind stays usable on its own page.
  if (link.purpose !== "email-change")
    throw invalidField("token", "This link is not an address confirmation link.");
  const change = await changeOfLink(tx, link.email_change_id);
  if (change.cancelled_at) throw invalidField("token", "This change of address was undone.");
  if (!(await addressFree(tx, change.new_email, change.user_id)))
    throw conflict("This address has an account of its own now. Choose another address.");
  const iso = tx.now.toISOString();
  await tx.db.updateTable("email_changes").set({ confirmed_at: iso }).where("id", "=", change.id).execute();
  await tx.db
    .updateTable("users")
    .set({ email: change.new_email, email_verified_at: iso, updated_at: iso })
    .where("id", "=", change.user_id)
    .execute();
  await revokeUserTokens(tx.db, change.user_id, tx.now);
  await followAddress(tx, change.user_id, change.new_email);
  await recordSecurityEvent(tx, change.user_id, {
    kind: "email-changed",
    visitor,
    detail: change.new_email,
    notify: true,
  });
  return tx.db.selectFrom("users").selectAll().where("id", "=", change.user_id).executeTakeFirstOrThrow();
}

/**
 * The old address's owner undoes a change within 7 days: a change still waiting dies; a confirmed one is
 * reversed (the account gets its old address back). Either way every session ends, every link dies and
 * remembered devices are forgotten: whoever asked for the change is out. Returns the account's id (the
 * caller ends its event streams).
 */
export async function cancelEmailChange(tx: Tx, visitor: Visitor, token: string): Promise<string> {
  const link = await consumeToken(tx.db, token, tx.now);
  if (link.purpose !== "email-change-cancel")
    throw invalidField("token", "This link does not undo a change of address.");
  const change = await changeOfLink(tx, link.email_change_id);
  const iso = tx.now.toISOString();
  if (change.confirmed_at) {
    const user = await tx.db
      .selectFrom("users")
      .select("email")
      .where("id", "=", change.user_id)
      .executeTakeFirstOrThrow();
    if (user.email === change.new_email) {
      if (!(await addressFree(tx, change.old_email, change.user_id)))
        throw conflict(
          "Your old address has another account now. Write to support: we will help you take yours back.",
        );
      await tx.db
        .updateTable("users")
        .set({ email: change.old_email, email_verified_at: iso, updated_at: iso })
        .where("id", "=", change.user_id)
        .execute();
      await followAddress(tx, change.user_id, change.old_email);
    }
  }
  await tx.db.updateTable("email_changes").set({ cancelled_at: iso }).where("id", "=", change.id).execute();
  await revokeUserTokens(tx.db, change.user_id, tx.now);
  await tx.db
    .updateTable("auth_tokens")
    .set({ revoked_at: iso })
    .where("email_change_id", "=", change.id)
    .where("used_at", "is", null)
    .where("revoked_at", "is", null)
    .execute();
  await endOtherSessions(tx.db, change.user_id, null);
  await forgetAllDevices(tx, change.user_id);
  await recordSecurityEvent(tx, change.user_id, {
    kind: "email-change-cancelled",
    visitor,
    detail: change.new_email,
    notify: true,
  });
  return change.user_id;
}
