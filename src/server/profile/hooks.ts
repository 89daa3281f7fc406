import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";

/** How profile answers other features' changes, in their transactions. */
export function registerProfileHooks(hooks: Hooks): void {
  hooks.on("mailbox.proven", forgetPlantedInformation);
}

/**
 * An account reset by the proof of its mailbox (see auth's proveMailbox): the required information entered
 * before the proof was not necessarily its owner's. It is gone; the owner completes their own.
 */
async function forgetPlantedInformation(tx: Tx, { userId, reset }: HookPayloads["mailbox.proven"]) {
  if (!reset) return;
  await tx.db.deleteFrom("contractor_profiles").where("user_id", "=", userId).execute();
}
