import type { ApiToken } from "../../common/wire/admin.ts";
import { notFound } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { presentApiToken } from "./present.ts";

/** An owner revokes an API token: its next request is a 401. Revoking it again changes nothing. */
export async function revokeApiToken(tx: Tx, actor: CompanyActor, input: { id: string }): Promise<ApiToken> {
  const row = await tx.db
    .selectFrom("api_tokens")
    .selectAll()
    .where("company_id", "=", actor.companyId)
    .where("id", "=", input.id)
    .executeTakeFirst();
  if (!row) throw notFound("API token");
  if (row.revoked_at) return presentApiToken(row);
  const revokedAt = tx.now.toISOString();
  await tx.db.updateTable("api_tokens").set({ revoked_at: revokedAt }).where("id", "=", row.id).execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "api_token.revoked",
    subjectType: "api_token",
    subjectId: row.id,
    summary: `Revoked the API token “${row.name}”`,
    details: { name: row.name, role: row.role },
  });
  return presentApiToken({ ...row, revoked_at: revokedAt });
}
