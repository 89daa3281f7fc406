import type { HookPayloads, Hooks, Tx } from "../kernel/tx.ts";

/** How company administration answers other features' changes, in their transactions. */
export function registerAdminHooks(hooks: Hooks): void {
  hooks.on("company.closed", revokeTokensOfClosedCompany);
}

/** A closed company keeps no door open: every API token it still had is revoked in the closing transaction. */
async function revokeTokensOfClosedCompany(
  tx: Tx,
  { companyId }: HookPayloads["company.closed"],
): Promise<void> {
  await tx.db
    .updateTable("api_tokens")
    .set({ revoked_at: tx.now.toISOString() })
    .where("company_id", "=", companyId)
    .where("revoked_at", "is", null)
    .execute();
}
