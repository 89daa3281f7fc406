import type { JoinedCompany } from "../../common/wire/auth.ts";
import type { TokenPurpose } from "../db/types.ts";
import type { Tx } from "../kernel/tx.ts";

export interface MailboxProof {
  userId: string;
  /** The kind of emailed link that proved it. */
  link: TokenPurpose;
  /** This proof accepts the account's pending invitations (see setPassword). */
  acceptInvitations: boolean;
}

export interface ProvenMailbox {
  /** The companies the person joined by this proof, for the page they land on. */
  joined: JoinedCompany[];
}

/**
 * The owner of the mailbox opened an emailed link: the address counts as verified from now on, and the
 * `mailbox.proven` hook lets the other features answer in the same transaction (contractors accepts the
 * pending invitations when the proof is meant to).
 */
export async function proveMailbox(tx: Tx, proof: MailboxProof): Promise<ProvenMailbox> {
  const iso = tx.now.toISOString();
  await tx.db
    .updateTable("users")
    .set({ email_verified_at: iso, updated_at: iso })
    .where("id", "=", proof.userId)
    .where("email_verified_at", "is", null)
    .execute();
  const joined: JoinedCompany[] = [];
  await tx.hooks.run(tx, "mailbox.proven", { ...proof, joined });
  return { joined };
}
