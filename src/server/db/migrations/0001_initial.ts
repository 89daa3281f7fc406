import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/** The first schema: accounts, companies, contractors, tasks, the outbox and job tables. */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";
  const date = dialect === "postgres" ? "date" : "text";

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text")
    .addColumn("email_verified_at", time)
    .addColumn("platform_role", "text")
    .addColumn("password_changed_at", time)
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("last_seen_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("companies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("memberships")
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addPrimaryKeyConstraint("memberships_pk", ["company_id", "user_id"])
    .execute();
  await db.schema.createIndex("memberships_user").on("memberships").column("user_id").execute();

  await db.schema
    .createTable("contractors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("invited_by", "text", (c) => c.references("users.id"))
    .addColumn("welcome_message", "text")
    .addColumn("invited_at", time, (c) => c.notNull())
    .addColumn("accepted_at", time)
    .addColumn("activated_at", time)
    .addColumn("removed_at", time)
    .addColumn("invitation_email_id", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("contractors_company_user", ["company_id", "user_id"])
    .execute();
  await db.schema.createIndex("contractors_user").on("contractors").column("user_id").execute();
  await db.schema
    .createIndex("contractors_company_status")
    .on("contractors")
    .columns(["company_id", "status", "id"])
    .execute();

  await db.schema
    .createTable("auth_tokens")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("purpose", "text", (c) => c.notNull())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("contractor_id", "text", (c) => c.references("contractors.id").onDelete("cascade"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("used_at", time)
    .addColumn("revoked_at", time)
    .execute();
  await db.schema.createIndex("auth_tokens_user").on("auth_tokens").columns(["user_id", "purpose"]).execute();
  await db.schema.createIndex("auth_tokens_contractor").on("auth_tokens").column("contractor_id").execute();

  await db.schema
    .createTable("contractor_profiles")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("first_name", "text", (c) => c.notNull())
    .addColumn("last_name", "text", (c) => c.notNull())
    .addColumn("country", "text", (c) => c.notNull())
    .addColumn("city", "text", (c) => c.notNull())
    .addColumn("address", "text", (c) => c.notNull())
    .addColumn("postal_code", "text", (c) => c.notNull())
    .addColumn("tax_id", "text", (c) => c.notNull())
    .addColumn("phone", "text", (c) => c.notNull())
    .addColumn("agreement_accepted_at", time, (c) => c.notNull())
    .addColumn("completed_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text", (c) => c.notNull().references("companies.id").onDelete("cascade"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("contractor_id", "text", (c) => c.references("contractors.id"))
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("deadline", date)
    .addColumn("project", "text")
    .addColumn("external_id", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("updated_at", time, (c) => c.notNull())
    .addUniqueConstraint("tasks_company_number", ["company_id", "number"])
    .addUniqueConstraint("tasks_company_external_id", ["company_id", "external_id"])
    .execute();
  await db.schema
    .createIndex("tasks_company_status")
    .on("tasks")
    .columns(["company_id", "status", "id"])
    .execute();
  await db.schema.createIndex("tasks_company_id").on("tasks").columns(["company_id", "id"]).execute();
  await db.schema.createIndex("tasks_contractor").on("tasks").columns(["contractor_id", "id"]).execute();
  await db.schema
    .createIndex("tasks_company_project")
    .on("tasks")
    .columns(["company_id", "project", "id"])
    .execute();

  await db.schema
    .createTable("task_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id").onDelete("cascade"))
    .addColumn("at", time, (c) => c.notNull())
    .addColumn("actor_user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("from_status", "text")
    .addColumn("to_status", "text", (c) => c.notNull())
    .addColumn("comment", "text")
    .execute();
  await db.schema.createIndex("task_events_task").on("task_events").columns(["task_id", "at"]).execute();

  await db.schema
    .createTable("search_terms")
    .addColumn("entity", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("company_id", "text", (c) => c.notNull())
    .addColumn("term", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("search_terms_pk", ["entity", "entity_id", "term"])
    .execute();
  await db.schema
    .createIndex("search_terms_lookup")
    .on("search_terms")
    .columns(["company_id", "entity", "term", "entity_id"])
    .execute();

  await db.schema
    .createTable("outbox_emails")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("text_body", "text", (c) => c.notNull())
    .addColumn("html_body", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", time, (c) => c.notNull())
    .addColumn("locked_until", time)
    .addColumn("last_error", "text")
    .addColumn("sent_at", time)
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("outbox_emails_due")
    .on("outbox_emails")
    .columns(["status", "next_attempt_at"])
    .execute();

  await db.schema
    .createTable("jobs")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", time, (c) => c.notNull())
    .addColumn("locked_until", time)
    .addColumn("last_error", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("jobs_due").on("jobs").columns(["status", "next_attempt_at"]).execute();

  await db.schema
    .createTable("rate_limits")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("hits", "integer", (c) => c.notNull())
    .addColumn("window_ends_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("company_id", "text")
    .addColumn("actor_user_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_id", "text")
    .addColumn("data", "text")
    .addColumn("at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_company").on("audit_log").columns(["company_id", "at"]).execute();
}
