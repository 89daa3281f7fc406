import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";
import { enqueueEmails } from "../mail/outbox.ts";
import {
  acceptPendingInvitations,
  activateIfComplete,
  nameRelations,
  takeBackAcceptances,
} from "./acceptance.ts";
import { contractorActiveEmail } from "./emails.ts";
import { publishContractorUpdates } from "./events.ts";

/** How contractors answer other features' changes, in their transactions. */
export function registerContractorHooks(hooks: Hooks): void {
  hooks.on("mailbox.proven", answerMailboxProof);
  hooks.on("profile.saved", renameAndActivate);
}

/**
 * The mailbox is proven. The lists of the companies the person owns refresh (their held invitation emails
 * went out). A reset account (anyone could have filled it before) is taken back to pending
 * wherever it was accepted, and nothing it held makes it Active: its owner completes their own information
 * first. A link meant to accept accepts the invitations the address received.
 */
async function answerMailboxProof(tx: Tx, proof: HookPayloads["mailbox.proven"]): Promise<void> {
  // Held invitation emails of the person's companies went out (or were dropped): their lists show it.
  for (const companyId of proof.companiesOwned) {
    tx.publish("contractor.updated", { companyId }, { companyId, refetch: true });
  }
  if (proof.reset) await takeBackAcceptances(tx, proof.userId);
  if (proof.acceptInvitations) {
    proof.joined.push(...(await acceptPendingInvitations(tx, proof.userId, { activate: !proof.reset })));
  }
}

/**
 * The person saved their required information. Only the companies whose invitation they accepted (and that
 * did not remove them) see their legal name (search words too) and are told live; there they become Active,
 * each inviter told by email. A company still waiting for an answer learns nothing of it.
 */
async function renameAndActivate(
  tx: Tx,
  { userId, name, email }: HookPayloads["profile.saved"],
): Promise<void> {
  const relations = await tx.db
    .selectFrom("contractors")
    .select(["id", "company_id"])
    .where("user_id", "=", userId)
    .where("accepted_at", "is not", null)
    .where("status", "!=", "removed")
    .execute();
  await nameRelations(tx, relations, name, email);

  const activated = await activateIfComplete(tx, userId);
  if (activated.length > 0) {
    const inviters = await tx.db
      .selectFrom("contractors as c")
      .innerJoin("users as inviter", "inviter.id", "c.invited_by")
      .innerJoin("companies as co", "co.id", "c.company_id")
      .select(["c.company_id", "inviter.email", "co.name as company_name"])
      .where("c.id", "in", activated)
      .execute();
    await enqueueEmails(
      tx.db,
      inviters.map((i) => ({
        ...contractorActiveEmail(tx.config.appUrl, {
          companyId: i.company_id,
          contractorName: name,
          contractorEmail: email,
          companyName: i.company_name,
        }),
        recipient: i.email,
      })),
      tx.now,
    );
  }
  await publishContractorUpdates(
    tx,
    relations.map((r) => r.id),
  );
}
