import { MAX_COMPANY_NAME_LENGTH } from "../../common/admin.ts";
import type { CompanySettings } from "../../common/wire/admin.ts";
import { invalidField } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { auditWhoOf, recordAudit } from "../kernel/audit.ts";
import type { Tx } from "../kernel/tx.ts";
import { lockTeam } from "./owners.ts";

/** An owner renames the company (one line, 1 to 200 characters). */
export async function renameCompany(
  tx: Tx,
  actor: CompanyActor,
  input: { name: string },
): Promise<CompanySettings> {
  const name = input.name.replace(/\s+/g, " ").trim();
  if (name.length === 0) throw invalidField("name", "Enter the company's name.");
  if (name.length > MAX_COMPANY_NAME_LENGTH)
    throw invalidField("name", `The name can have at most ${MAX_COMPANY_NAME_LENGTH} characters.`);
  const before = await lockTeam(tx, actor.companyId);
  if (before === name) return { id: actor.companyId, name };
  await tx.db.updateTable("companies").set({ name }).where("id", "=", actor.companyId).execute();
  await recordAudit(tx, auditWhoOf(actor), {
    action: "company.renamed",
    subjectType: "company",
    subjectId: actor.companyId,
    summary: `Renamed the company from “${before}” to “${name}”`,
    details: { from: before, to: name },
  });
  return { id: actor.companyId, name };
}
