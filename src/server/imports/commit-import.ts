import { sql } from "kysely";
import { lockCompany, spendInvitationAllowance } from "../contractors/invitation-limit.ts";
import { newId } from "../db/ids.ts";
import type { AuditDoor } from "../db/types.ts";
import { conflict } from "../http/problem.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { causingRequestId } from "../kernel/request-cause.ts";
import type { Tx } from "../kernel/tx.ts";
import { publishImportUpdated } from "./events.ts";
import { findImportRecord, findSameFile, type ImportRecord } from "./queries.ts";

export interface CommitImportInput {
  skipInvalidRows?: boolean | undefined;
  send?: boolean | undefined;
  allowSameFile?: boolean | undefined;
}

/** The job that writes a committed import; its payload names the import and who committed it. */
export const COMMIT_JOB_KIND = "task-import.commit";

export interface CommitJobPayload {
  importId: string;
  companyId: string;
  userId: string;
  /** The door the commit was asked through, for the audit log (the web app when absent). */
  door?: AuditDoor;
  tokenId?: string;
}

/** What the import will send: invitations to new contractors, and offers to contractors who have not accepted. */
async function countOutgoing(tx: Tx, actor: CompanyActor, importId: string, send: boolean) {
  const inviter = await tx.db
    .selectFrom("users")
    .select("email")
    .where("id", "=", actor.userId)
    .executeTakeFirstOrThrow();
  // Counted in the database: one walk of the staging rows' address index, then two unique lookups an
  // address (users.email, the company's contractor of that user), instead of every address shipped here
  // and back in slices. Null and empty addresses and the inviter's own are not counted, as before.
  const counted = await tx.db
    .selectFrom((db) =>
      db
        .selectFrom("task_import_rows")
        .select("contractor_email")
        .distinct()
        .where("import_id", "=", importId)
        .where("status", "=", "valid")
        .where("contractor_email", "!=", "")
        .where("contractor_email", "!=", inviter.email)
        .as("e"),
    )
    .leftJoin("users as u", "u.email", "e.contractor_email")
    .leftJoin("contractors as c", (join) =>
      join
        .onRef("c.user_id", "=", "u.id")
        .on("c.company_id", "=", actor.companyId)
        .on("c.status", "!=", "removed"),
    )
    .select((eb) => [
      eb.fn.countAll().as("addresses"),
      eb.fn.count("c.id").as("in_team"),
      eb.fn
        .count(eb.case().when("c.accepted_at", "is", null).then(eb.ref("c.id")).end())
        .as("unaccepted_in_team"),
    ])
    .executeTakeFirstOrThrow();
  const inTeam = Number(counted.in_team);
  const unacceptedInTeam = Number(counted.unaccepted_in_team);
  const invitations = Number(counted.addresses) - inTeam;
  // Sent tasks reach each contractor in one email; to one who has not accepted, it counts like an invitation.
  const taskEmails = send ? invitations + unacceptedInTeam : 0;
  return { invitations, taskEmails };
}

/**
 * Commits a previewed import: refuses what the person must decide first (rows with errors without
 * `skipInvalidRows`, the very same file imported before without `allowSameFile`: 409), counts its invitations
 * and its offers to contractors who have not accepted against the invitation allowance (429 with the
 * numbers, nothing written), then hands the writing to a job (status `committing`). Committing an import
 * that is already committing changes nothing: its job is started again if it stopped, and finishes it.
 */
export async function commitImport(
  tx: Tx,
  actor: CompanyActor,
  importId: string,
  input: CommitImportInput,
): Promise<{ record: ImportRecord; jobId: string }> {
  await lockCompany(tx.db, actor.companyId);
  const row = await findImportRecord(tx.db, actor.companyId, importId);
  if (row.status === "committing" && row.job_id) return { record: row, jobId: row.job_id };
  if (row.status !== "validated") {
    const said = row.status === "done" ? "already imported" : row.status;
    throw conflict(`This import is ${said}: it cannot be imported now.`, []);
  }
  if (row.invalid_rows > 0 && !input.skipInvalidRows) {
    throw conflict(
      `${row.invalid_rows === 1 ? "1 row has" : `${row.invalid_rows} rows have`} errors. Fix them and upload the file again, or import only the valid rows (skipInvalidRows).`,
      ["skipInvalidRows"],
    );
  }
  if (row.valid_rows === 0) throw conflict("No row of this file can be imported.", []);
  const sameFile = await findSameFile(tx.db, actor.companyId, row.file_sha256);
  if (sameFile && !input.allowSameFile) {
    throw conflict(
      "This very file was imported before. Import it again only if you mean to (allowSameFile); rows whose External ID a task already has are skipped either way.",
      ["allowSameFile"],
    );
  }
  const send = input.send === true;
  const outgoing = await countOutgoing(tx, actor, importId, send);
  // Over the allowance the 429 rolls everything back: nothing is written, nothing sent.
  await spendInvitationAllowance(
    tx,
    actor.companyId,
    outgoing.invitations + outgoing.taskEmails,
    send ? "task emails" : "invitations",
  );

  const at = tx.now.toISOString();
  const jobId = newId(tx.now.getTime());
  const payload: CommitJobPayload = {
    importId,
    companyId: actor.companyId,
    userId: actor.userId,
    ...(actor.door ? { door: actor.door } : {}),
    ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
  };
  await tx.db
    .insertInto("jobs")
    .values({
      id: jobId,
      kind: COMMIT_JOB_KIND,
      payload: JSON.stringify(payload),
      status: "queued",
      attempts: 0,
      next_attempt_at: at,
      locked_until: null,
      last_error: null,
      created_at: at,
      request_id: causingRequestId(),
    })
    .execute();
  await tx.db
    .updateTable("task_imports")
    .set({
      status: "committing",
      commit_send: send ? 1 : 0,
      committed_by: actor.userId,
      job_id: jobId,
      same_file_as: sameFile,
      progress_done: 0,
      progress_total: sql<number>`valid_rows`,
      created_tasks: 0,
      invited_contractors: 0,
      unfunded_tasks: 0,
      skipped_rows: 0,
      updated_at: at,
    })
    .where("id", "=", importId)
    .execute();
  await publishImportUpdated(tx, actor.companyId, importId);
  return { record: await findImportRecord(tx.db, actor.companyId, importId), jobId };
}
