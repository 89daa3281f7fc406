import type { TestApp } from "../../../test/support/test-app.ts";
import { newId } from "../db/ids.ts";
import type { ContractorStatus } from "../db/types.ts";

/**
 * Delivers the outbox to the test SMTP peer and returns the token of the newest link to `path` that
 * `email` received, exactly as a person would click it.
 */
export async function tokenFromLastMail(t: TestApp, email: string, path: string): Promise<string> {
  await t.deliverMail();
  const mails = t.smtp.mailsTo(email).filter((m) => m.links.some((l) => new URL(l).pathname === path));
  const mail = mails.at(-1);
  if (!mail) throw new Error(`no mail to ${email} with a link to ${path}`);
  const link = mail.links.find((l) => new URL(l).pathname === path) ?? "";
  const token = new URL(link).searchParams.get("token");
  if (!token) throw new Error(`the link ${link} has no token`);
  return token;
}

/** A company–contractor relation as the contractors module makes it. */
export async function buildRelation(
  t: TestApp,
  input: { companyId: string; userId: string; status?: ContractorStatus; acceptedAt?: string | null },
): Promise<string> {
  const now = new Date().toISOString();
  const id = newId();
  await t.context.database.db
    .insertInto("contractors")
    .values({
      id,
      company_id: input.companyId,
      user_id: input.userId,
      status: input.status ?? "invited",
      invited_by: null,
      welcome_message: null,
      invited_at: now,
      accepted_at: input.acceptedAt ?? null,
      activated_at: input.status === "active" ? now : null,
      removed_at: input.status === "removed" ? now : null,
      invitation_email_id: null,
      created_at: now,
      updated_at: now,
      name: "",
      search_text: "",
    })
    .execute();
  return id;
}

export const GOOD_PASSWORD = "correct horse battery staple";

export function setCookieHeader(headers: Record<string, unknown>): string {
  const value = headers["set-cookie"];
  return Array.isArray(value) ? value.join("\n") : String(value ?? "");
}
