import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * An import's valid rows in address order: the commit counts its distinct addresses and the invitation step
 * walks them in slices after a cursor, both from the index alone instead of every staged row and a sort.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createIndex("task_import_rows_email")
    .on("task_import_rows")
    .columns(["import_id", "status", "contractor_email"])
    .execute();
}
