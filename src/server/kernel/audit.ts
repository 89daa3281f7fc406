import { newId } from "../db/ids.ts";
import type { AuditDoor } from "../db/types.ts";
import type { CompanyActor } from "./actors.ts";
import type { Tx } from "./tx.ts";

/** Who made a change, as the audit trail records it. */
export interface AuditWho {
  /** The company whose log shows it; null for the operator's own trail. */
  companyId: string | null;
  /** The person (or the creator of the API token); null when the app did it by itself. */
  userId: string | null;
  door: AuditDoor;
  tokenId?: string | null;
}

/** What was done: `action` as `subject.verb`, the subject, one readable line, and the facts. */
export interface AuditFact {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  summary: string;
  details?: Record<string, unknown>;
}

/** The audit identity of a company actor: its company, its person, and the door it came through. */
export function auditWhoOf(actor: CompanyActor): AuditWho {
  return {
    companyId: actor.companyId,
    userId: actor.userId,
    door: actor.door ?? "web",
    tokenId: actor.tokenId ?? null,
  };
}

/**
 * Writes entries of the audit trail in the transaction of the change they record: they commit with it and
 * vanish with its rollback. One call may record many facts (a bulk invitation) in one statement.
 */
export async function recordAudit(
  tx: Tx,
  who: AuditWho,
  facts: AuditFact | readonly AuditFact[],
): Promise<void> {
  const list = Array.isArray(facts) ? facts : [facts as AuditFact];
  if (list.length === 0) return;
  const at = tx.now.toISOString();
  const rows = list.map((fact) => ({
    id: newId(tx.now.getTime()),
    company_id: who.companyId,
    at,
    actor_user_id: who.userId,
    door: who.door,
    token_id: who.tokenId ?? null,
    action: fact.action,
    subject_type: fact.subjectType,
    subject_id: fact.subjectId ?? null,
    summary: fact.summary,
    details: fact.details ? JSON.stringify(fact.details) : null,
  }));
  // SQLite allows 32,766 bound values; 11 columns a row.
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.db
      .insertInto("audit_entries")
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}
