import { MAX_TOKEN_NAME_LENGTH } from "../../common/admin.ts";
import type { CreatedApiToken } from "../../common/wire/admin.ts";
import type { CompanyRole } from "../../common/wire/me.ts";
import { hashSecret, newSecret } from "../auth/tokens.ts";
import { newId } from "../db/ids.ts";
import { invalidField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { presentApiToken } from "./present.ts";

/** Tokens start with this, so secret scanners and people recognise one. */
const TOKEN_PREFIX = "cdk_";

/**
 * An owner creates an API token for the company: 32 random bytes, shown in this answer only; only their
 * SHA-256 is kept. The token acts as the company with `role`, for the owner who created it.
 */
export async function createApiToken(
  tx: Tx,
  actor: CompanyActor,
  input: { name: string; role: CompanyRole },
): Promise<CreatedApiToken> {
  const name = input.name.replace(/\s+/g, " ").trim();
  if (name.length === 0) throw invalidField("name", "Name the token after what will use it.");
  if (name.length > MAX_TOKEN_NAME_LENGTH)
    throw invalidField("name", `The name can have at most ${MAX_TOKEN_NAME_LENGTH} characters.`);
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  const row = {
    id: newId(tx.now.getTime()),
    company_id: actor.companyId,
    name,
    role: input.role,
    token_hash: hashSecret(token),
    created_by: actor.userId,
    created_at: tx.now.toISOString(),
    last_used_at: null,
    revoked_at: null,
  };
  await tx.db.insertInto("api_tokens").values(row).execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "api_token.created",
    subjectType: "api_token",
    subjectId: row.id,
    summary: `Created the API token “${name}” (${input.role})`,
    details: { name, role: input.role },
  });
  return { apiToken: presentApiToken(row), token };
}
