import { normalizeEmail } from "../../common/email.ts";
import { newId } from "../db/ids.ts";
import type { UsersTable } from "../db/types.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
import { conflict, invalidField } from "../http/problem.ts";
import { spendRateLimit } from "../http/rate-limit.ts";
import type { Visitor } from "../kernel/actors.ts";
import type { AppContext } from "../kernel/context.ts";
import type { Tx } from "../kernel/tx.ts";
import { enqueueEmail } from "../mail/outbox.ts";
import { issueToken } from "./auth-tokens.ts";
import { emailVerificationEmail } from "./emails.ts";
import { checkPasswordRules, hashPassword } from "./passwords.ts";
import { createSession } from "./sessions.ts";

export interface SignUpInput {
  accountType: "company" | "contractor";
  email: string;
  password: string;
  name: string;
  companyName?: string | undefined;
}

/** A sign-up whose fields passed every rule, its password hashed. */
export interface CheckedSignUp {
  accountType: SignUpInput["accountType"];
  email: string;
  name: string;
  companyName: string;
  passwordHash: string;
}

export interface SignedIn {
  user: UsersTable;
  sessionToken: string;
}

const taken = () =>
  conflict("An account with this email already exists. Sign in, or use “Forgot password?” to get a link.");

/**
 * Before the transaction: the per-address rate limit (it counts failed sign-ups too), every field's rule,
 * an address already taken (409, so no password is hashed for it), and the password's hash (slow: no
 * transaction waits on it).
 */
export async function checkSignUp(
  context: AppContext,
  visitor: Visitor,
  input: SignUpInput,
  now = new Date(),
): Promise<CheckedSignUp> {
  const { config, database } = context;
  await spendRateLimit(
    context.rateCounters(database.db),
    `sign-up:ip:${visitor.ip}`,
    config.rateLimits.signUpPerIp,
    now,
  );
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
  const passwordHash = await hashPassword(input.password);
  return { accountType: input.accountType, email, name, companyName, passwordHash };
}

/**
 * Opens an account: a company (the user becomes its owner) or a contractor. Queues the email-verification
 * link and signs the new user in.
 */
export async function signUp(tx: Tx, input: CheckedSignUp): Promise<SignedIn> {
  const iso = tx.now.toISOString();
  const user: UsersTable = {
    id: newId(tx.now.getTime()),
    email: input.email,
    name: input.name,
    password_hash: input.passwordHash,
    email_verified_at: null,
    platform_role: null,
    password_changed_at: iso,
    created_at: iso,
    updated_at: iso,
    deletion_due_at: null,
    deleted_at: null,
  };
  try {
    await tx.db.insertInto("users").values(user).execute();
  } catch (error) {
    // Two sign-ups for one address at once: the unique index lets one win, the other sees the same 409.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
  if (input.accountType === "company") {
    const companyId = newId(tx.now.getTime());
    await tx.db
      .insertInto("companies")
      .values({ id: companyId, name: input.companyName, created_at: iso })
      .execute();
    await tx.db
      .insertInto("memberships")
      .values({ company_id: companyId, user_id: user.id, role: "owner", created_at: iso })
      .execute();
  }
  const token = await issueToken(tx.db, { purpose: "verification", userId: user.id }, tx.now);
  const mail = emailVerificationEmail(tx.config.appUrl, { name: user.name, token });
  await enqueueEmail(tx.db, { ...mail, recipient: user.email }, tx.now);
  const sessionToken = await createSession(tx.db, user.id, tx.now);
  return { user, sessionToken };
}
