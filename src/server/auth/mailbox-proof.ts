import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { TokenPurpose } from "../db/types.ts";
import type { Tx } from "../kernel/tx.ts";
import { releaseHeldEmails, withdrawHeldEmails } from "../mail/outbox.ts";
import { revokeUserTokens } from "./auth-tokens.ts";
import { endOtherSessions } from "./sessions.ts";

/** Why a held email of a reset account's company never goes out. */
export const HELD_EMAIL_DROPPED =
  "Not sent: the owner's address was confirmed by its mailbox's owner, who did not prepare this email.";

export interface MailboxProof {
  userId: string;
  /** The kind of emailed link that proved it. */
  link: TokenPurpose;
  /**
   * The link was used in a browser signed in to this very account: whoever proves the mailbox also holds
   * the password, so what the account holds is theirs.
   */
  ownSession: boolean;
  /** This proof accepts the account's pending invitations (see setPassword). */
  acceptInvitations: boolean;
}

export interface ProvenMailbox {
  /**
   * The account had never proved its address, and the proof came from outside its own sessions: whatever
   * was entered before it is gone (see `proveMailbox`).
   */
  reset: boolean;
  /** The companies the person joined by this proof, for the page they land on. */
  joined: JoinedCompany[];
}

/** The part of an address before the @: the name of an account nobody has named yet. */
export function localPartOf(email: string): string {
  return email.slice(0, email.lastIndexOf("@")) || email;
}

/**
 * The owner of the mailbox opened an emailed link: the address counts as verified from now on, and the
 * `mailbox.proven` hook lets the other features answer in the same transaction.
 *
 * No planted identity: when an account that never proved its address is proven from outside its own
 * sessions (a recovery or invitation link, or a confirmation link opened without signing in), anyone could
 * have made it with that address. Whatever was entered before the proof is gone: the name (back to the
 * address's local part), the password, every link and every session (the caller ends their event streams
 * after the commit), the held emails of the companies it owns, and through the hook the required
 * information (profile) and any acceptance made with it (contractors). The owner starts from the address
 * alone and completes their own information. Any other first proof releases those held emails.
 */
export async function proveMailbox(tx: Tx, proof: MailboxProof): Promise<ProvenMailbox> {
  const iso = tx.now.toISOString();
  const user = await tx.db
    .selectFrom("users")
    .select(["email", "email_verified_at"])
    .where("id", "=", proof.userId)
    .executeTakeFirstOrThrow();
  const firstProof = user.email_verified_at === null;
  const reset = firstProof && !proof.ownSession;
  // The companies this person owns: their held emails go out now (or, on a reset, never: whoever prepared
  // them was not the mailbox's owner).
  const owned = firstProof
    ? (
        await tx.db
          .selectFrom("memberships")
          .select("company_id")
          .where("user_id", "=", proof.userId)
          .where("role", "=", "owner")
          .execute()
      ).map((m) => m.company_id)
    : [];
  if (reset) {
    await tx.db
      .updateTable("users")
      .set({ name: localPartOf(user.email), password_hash: null, email_verified_at: iso, updated_at: iso })
      .where("id", "=", proof.userId)
      .execute();
    await revokeUserTokens(tx.db, proof.userId, tx.now);
    await endOtherSessions(tx.db, proof.userId, null);
    await withdrawHeldEmails(tx.db, owned, HELD_EMAIL_DROPPED);
  } else if (firstProof) {
    await tx.db
      .updateTable("users")
      .set({ email_verified_at: iso, updated_at: iso })
      .where("id", "=", proof.userId)
      .execute();
    await releaseHeldEmails(tx.db, owned, tx.now);
  }
  const joined: JoinedCompany[] = [];
  await tx.hooks.run(tx, "mailbox.proven", { ...proof, reset, companiesOwned: owned, joined });
  return { reset, joined };
}
