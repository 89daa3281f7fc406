import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";
import type { Database, Dialect } from "./connection.ts";
import * as initial from "./migrations/0001_initial.ts";
import * as contractors from "./migrations/0003_contractors.ts";
import * as tasks from "./migrations/0004_tasks.ts";
import * as inlineSearch from "./migrations/0005_inline_search.ts";
import * as joinLinks from "./migrations/0006_join_links.ts";
import * as acceptedProvesMailbox from "./migrations/0007_accepted_proves_mailbox.ts";
import * as contractorNames from "./migrations/0008_contractor_names.ts";
import * as heldEmails from "./migrations/0009_held_emails.ts";
import * as taskImports from "./migrations/0009_task_imports.ts";
import * as support from "./migrations/0010_support.ts";
import * as taskOrders from "./migrations/0013_task_orders.ts";
import * as ledger from "./migrations/0014_ledger.ts";
import * as importCommits from "./migrations/0015_import_commits.ts";
import * as account from "./migrations/0016_account.ts";
import * as audit from "./migrations/0017_audit.ts";
import * as payouts from "./migrations/0018_payouts.ts";
import * as documents from "./migrations/0019_documents.ts";
import * as admin from "./migrations/0020_admin.ts";
import * as webhooks from "./migrations/0021_webhooks.ts";
import * as accountGaps from "./migrations/0022_account_gaps.ts";
import * as requestIds from "./migrations/0026_request_ids.ts";
import * as importRowEmails from "./migrations/0027_import_row_emails.ts";
import * as taskIndexesCoverImports from "./migrations/0028_task_indexes_cover_imports.ts";

interface DialectMigration {
  up(db: Kysely<unknown>, dialect: Dialect): Promise<void>;
}

/** Every migration, in order. A new one is added here and never edited after it has landed. */
const migrations: Record<string, DialectMigration> = {
  "0001_initial": initial,
  "0003_contractors": contractors,
  "0004_tasks": tasks,
  "0005_inline_search": inlineSearch,
  "0009_task_imports": taskImports,
  "0010_support": support,
  "0013_task_orders": taskOrders,
  "0006_join_links": joinLinks,
  "0007_accepted_proves_mailbox": acceptedProvesMailbox,
  "0008_contractor_names": contractorNames,
  "0009_held_emails": heldEmails,
  "0016_account": account,
  "0014_ledger": ledger,
  "0015_import_commits": importCommits,
  "0017_audit": audit,
  "0018_payouts": payouts,
  "0019_documents": documents,
  "0020_admin": admin,
  "0021_webhooks": webhooks,
  "0022_account_gaps": accountGaps,
  "0026_request_ids": requestIds,
  "0027_import_row_emails": importRowEmails,
  "0028_task_indexes_cover_imports": taskIndexesCoverImports,
};

class DialectMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(migrations).map(([name, m]) => [
        name,
        { up: (db: Kysely<unknown>) => m.up(db, this.dialect) },
      ]),
    );
  }
}

/** Brings the schema up to date; safe to run on every start and from several nodes at once on PostgreSQL. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: new DialectMigrationProvider(database.dialect),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
