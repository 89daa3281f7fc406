import type { ApiToken } from "../../common/wire/admin.ts";
import type { ApiTokensTable } from "../db/types.ts";

export function presentApiToken(row: ApiTokensTable): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
