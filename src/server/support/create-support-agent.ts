import { normalizeEmail } from "../../common/email.ts";
import { issueToken } from "../auth/auth-tokens.ts";
import { newId } from "../db/ids.ts";
import type { PlatformRole } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import type { Tx } from "../kernel/tx.ts";
import { appLink } from "../mail/layout.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { agentWelcomeEmail } from "./emails.ts";

export interface CreatedSupportAgent {
  userId: string;
  email: string;
  /** A new account (it gets a set-password link), or an existing one given the role. */
  outcome: "created" | "promoted" | "link-sent-again" | "already-agent";
}

/**
 * Makes the address a support agent: a new account gets a set-password link (valid 7 days) through the
 * outbox; an account of its own (no company, no contractor relation) is given the role. Support is a
 * platform role, never a member of a company: an account that works with companies is refused, so an agent
 * never sees the console and a company's pages with one login.
 */
export async function createSupportAgent(
  tx: Tx,
  input: { email: string; name?: string | undefined; role?: PlatformRole },
): Promise<CreatedSupportAgent> {
  const role = input.role ?? "support";
  const what = role === "finance" ? "A finance account" : "A support agent";
  const email = normalizeEmail(input.email);
  if (!email) throw invalidField("email", `"${input.email}" is not a valid email address.`);
  const iso = tx.now.toISOString();
  const existing = await tx.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();

  if (existing) {
    const ties = await tx.db
      .selectFrom("memberships")
      .select("user_id")
      .where("user_id", "=", existing.id)
      .union(tx.db.selectFrom("contractors").select("user_id").where("user_id", "=", existing.id))
      .execute();
    if (ties.length > 0 && existing.platform_role !== role) {
      throw conflict(
        `${email} belongs to an account that works with companies. ${what} needs an account of its own.`,
      );
    }
    if (existing.platform_role !== null && existing.platform_role !== role) {
      throw conflict(
        `${email} already has the platform role ${existing.platform_role}; one account has one role.`,
      );
    }
    if (existing.platform_role === role && existing.password_hash !== null) {
      return { userId: existing.id, email, outcome: "already-agent" };
    }
    await tx.db
      .updateTable("users")
      .set({ platform_role: role, updated_at: iso })
      .where("id", "=", existing.id)
      .execute();
    await sendWelcome(tx, existing.id, email, existing.name, existing.password_hash === null, role);
    return {
      userId: existing.id,
      email,
      outcome: existing.platform_role === role ? "link-sent-again" : "promoted",
    };
  }

  const name = input.name?.trim() || email.slice(0, email.indexOf("@"));
  const userId = newId(tx.now.getTime());
  await tx.db
    .insertInto("users")
    .values({
      id: userId,
      email,
      name,
      password_hash: null,
      // Choosing a password through the emailed link proves the mailbox.
      email_verified_at: null,
      platform_role: role,
      password_changed_at: null,
      created_at: iso,
      updated_at: iso,
    })
    .execute();
  await sendWelcome(tx, userId, email, name, true, role);
  return { userId, email, outcome: "created" };
}

async function sendWelcome(
  tx: Tx,
  userId: string,
  email: string,
  name: string,
  needsPassword: boolean,
  role: PlatformRole,
) {
  const link = needsPassword
    ? appLink(tx.config.appUrl, "/set-password", {
        token: await issueToken(tx.db, { purpose: "invitation", userId }, tx.now),
      })
    : appLink(tx.config.appUrl, "/sign-in");
  await enqueueEmail(
    tx.db,
    agentWelcomeEmail({ recipient: email, name, link, newAccount: needsPassword, role }),
    tx.now,
  );
}
