import type { Kysely } from "kysely";
import type { Dialect } from "../connection.ts";

/**
 * The person's own account: where they are signed in (each session's browser and address), a change of
 * address waiting for its confirmation (and the old address's right to undo it), the second step of sign-in
 * (an authenticator's secret, recovery codes, remembered devices, sign-ins waiting for their second step),
 * a company's demand that every member has one, the security history, data archives, and deletion.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const time = dialect === "postgres" ? "timestamptz" : "text";

  await db.schema.alterTable("sessions").addColumn("user_agent", "text").execute();
  await db.schema.alterTable("sessions").addColumn("ip", "text").execute();

  await db.schema.alterTable("users").addColumn("deletion_due_at", time).execute();
  await db.schema.alterTable("users").addColumn("deleted_at", time).execute();
  await db.schema.createIndex("users_deletion_due").on("users").column("deletion_due_at").execute();

  await db.schema
    .alterTable("companies")
    .addColumn("two_step_required", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("email_changes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("old_email", "text", (c) => c.notNull())
    .addColumn("new_email", "text", (c) => c.notNull())
    .addColumn("requested_at", time, (c) => c.notNull())
    .addColumn("confirmed_at", time)
    .addColumn("cancelled_at", time)
    .execute();
  await db.schema.createIndex("email_changes_user").on("email_changes").columns(["user_id", "id"]).execute();

  // Links of an address change belong to the change they confirm or undo.
  await db.schema
    .alterTable("auth_tokens")
    .addColumn("email_change_id", "text", (c) => c.references("email_changes.id").onDelete("cascade"))
    .execute();

  await db.schema
    .createTable("two_step_secrets")
    .addColumn("user_id", "text", (c) => c.primaryKey().references("users.id").onDelete("cascade"))
    .addColumn("secret", "text", (c) => c.notNull())
    .addColumn("confirmed_at", time)
    .addColumn("last_used_step", "bigint")
    .addColumn("created_at", time, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("recovery_codes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("code_hash", "text", (c) => c.notNull())
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("used_at", time)
    .execute();
  await db.schema.createIndex("recovery_codes_user").on("recovery_codes").column("user_id").execute();

  await db.schema
    .createTable("remembered_devices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_agent", "text")
    .addColumn("ip", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("last_used_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex("remembered_devices_user").on("remembered_devices").column("user_id").execute();

  await db.schema
    .createTable("pending_sign_ins")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("token_hash", "text", (c) => c.notNull().unique())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("created_at", time, (c) => c.notNull())
    .addColumn("expires_at", time, (c) => c.notNull())
    .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("used_at", time)
    .execute();
  await db.schema.createIndex("pending_sign_ins_user").on("pending_sign_ins").column("user_id").execute();

  await db.schema
    .createTable("account_events")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("at", time, (c) => c.notNull())
    .addColumn("ip", "text")
    .addColumn("user_agent", "text")
    .addColumn("detail", "text")
    .execute();
  await db.schema
    .createIndex("account_events_user")
    .on("account_events")
    .columns(["user_id", "id"])
    .execute();

  await db.schema
    .createTable("account_exports")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("requested_at", time, (c) => c.notNull())
    .addColumn("ready_at", time)
    .addColumn("expires_at", time)
    .addColumn("archive", "text")
    .execute();
  await db.schema
    .createIndex("account_exports_user")
    .on("account_exports")
    .columns(["user_id", "id"])
    .execute();
}
