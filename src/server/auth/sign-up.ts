import { normalizeEmail } from "../../common/email.ts";
import { newId } from "../db/ids.ts";
import type { UsersTable } from "../db/types.ts";
import { conflict, invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { AppContext } from "../kernel/context.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { emailVerificationEmail, TEMPLATE } from "../mail/templates.ts";
import { issueToken } from "./auth-tokens.ts";
import { checkPasswordRules, hashPassword } from "./passwords.ts";
import { createSession } from "./sessions.ts";
import { isUniqueViolation } from "./unique-violation.ts";

export interface SignUpInput {
  accountType: "company" | "contractor";
  email: string;
  password: string;
  name: string;
  companyName?: string | undefined;
  ip: string;
}

export interface SignedIn {
  user: UsersTable;
  sessionToken: string;
}

const taken = () =>
  conflict("An account with this email already exists. Sign in, or use “Forgot password?” to get a link.");

/**
 * Opens an account: a company (the user becomes its owner) or a contractor. Sends the email-verification
 * link through the outbox and signs the new user in.
 */
export async function signUp(context: AppContext, input: SignUpInput, now = new Date()): Promise<SignedIn> {
  const { config, database } = context;
  await spendRateLimit(database.db, `sign-up:ip:${input.ip}`, config.rateLimits.signUpPerIp, now);

  const email = normalizeEmail(input.email);
  if (!email) throw invalidField("email", "Enter a valid email address.");
  const name = input.name.trim();
  if (!name) throw invalidField("name", "Enter your name.");
  const companyName = input.companyName?.trim() ?? "";
  if (input.accountType === "company" && !companyName) {
    throw invalidField("companyName", "Enter your company's name.");
  }
  const passwordProblem = checkPasswordRules(input.password);
  if (passwordProblem) throw invalidField("password", passwordProblem);

  const existing = await database.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirst();
  if (existing) throw taken();
  // Hashing takes tens of milliseconds: done before the transaction so no lock is held meanwhile.
  const passwordHash = await hashPassword(input.password);

  const iso = now.toISOString();
  const user: UsersTable = {
    id: newId(now.getTime()),
    email,
    name,
    password_hash: passwordHash,
    email_verified_at: null,
    platform_role: null,
    password_changed_at: iso,
    created_at: iso,
    updated_at: iso,
  };
  try {
    return await database.db.transaction().execute(async (trx) => {
      await trx.insertInto("users").values(user).execute();
      if (input.accountType === "company") {
        const companyId = newId(now.getTime());
        await trx
          .insertInto("companies")
          .values({ id: companyId, name: companyName, created_at: iso })
          .execute();
        await trx
          .insertInto("memberships")
          .values({ company_id: companyId, user_id: user.id, role: "owner", created_at: iso })
          .execute();
      }
      const token = await issueToken(trx, { purpose: "verification", userId: user.id }, now);
      const mail = emailVerificationEmail({ appUrl: config.appUrl, name, token });
      await enqueueEmail(trx, { recipient: email, template: TEMPLATE.emailVerification, ...mail }, now);
      const sessionToken = await createSession(trx, user.id, now);
      return { user, sessionToken };
    });
  } catch (error) {
    // Two sign-ups for one address at once: the unique index lets one win, the other sees the same 409.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}
