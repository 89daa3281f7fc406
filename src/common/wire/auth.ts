import { type Static, Type } from "@sinclair/typebox";
import { UserSchema } from "./me.ts";

/**
 * What an emailed link is for; each purpose is accepted by its own route alone. invitation: an account
 * without a password chooses one and joins (/set-password); join: an account with a password accepts while
 * signed in (/invitation, POST /api/invitations/accept); recovery: Forgot password? (/set-password);
 * verification: the address is confirmed (/verify-email); email-change: the new address of a change confirms
 * it (/confirm-email-change); email-change-cancel: the old address undoes it (/cancel-email-change).
 */
export const TokenPurposeSchema = Type.Union([
  Type.Literal("invitation"),
  Type.Literal("join"),
  Type.Literal("recovery"),
  Type.Literal("verification"),
  Type.Literal("email-change"),
  Type.Literal("email-change-cancel"),
]);
export type TokenPurpose = Static<typeof TokenPurposeSchema>;

/** POST /api/auth/tokens/inspect: what an emailed link is for. */
export const TokenInfoSchema = Type.Object({
  purpose: TokenPurposeSchema,
  email: Type.String(),
  companyName: Type.Optional(Type.String({ description: "For an invitation: the company that sent it" })),
  accountExists: Type.Boolean({ description: "The account already has a password" }),
});
export type TokenInfo = Static<typeof TokenInfoSchema>;

/** POST /api/auth/password-recovery: the same sentence whatever the address. */
export const MessageSchema = Type.Object({ message: Type.String() });

/** A company a person joined: one of their invitations was accepted. */
export const JoinedCompanySchema = Type.Object({ companyId: Type.String(), companyName: Type.String() });
export type JoinedCompany = Static<typeof JoinedCompanySchema>;

/** POST /api/auth/set-password: the user now signed in, and the companies the link made them join. */
export const PasswordSetSchema = Type.Object({
  ...UserSchema.properties,
  joined: Type.Array(JoinedCompanySchema, {
    description:
      "Invitations accepted by this link: an invitation link, or recovery of an account that never had a password (a lost invitation). Recovery of an account that had a password accepts none.",
  }),
});
export type PasswordSet = Static<typeof PasswordSetSchema>;

/** POST /api/auth/verify-email: the user, and whether the confirmation reset the account. */
export const EmailVerifiedSchema = Type.Object({
  ...UserSchema.properties,
  accountReset: Type.Boolean({
    description:
      "Confirmed outside the account's own sessions, an account that had never proved its address starts again from it: name, password, sessions and required information are gone.",
  }),
});
export type EmailVerified = Static<typeof EmailVerifiedSchema>;

/**
 * POST /api/auth/sign-in (and set-password) answered 202: the password was right, and the account asks for
 * its second step. No session exists yet; POST /api/auth/second-step with this token and a code opens one.
 */
export const SecondStepRequiredSchema = Type.Object({
  secondStep: Type.Object({
    token: Type.String({ description: "Binds the code to this sign-in; works once, for 5 minutes" }),
    expiresAt: Type.String({ format: "date-time" }),
  }),
  joined: Type.Optional(Type.Array(JoinedCompanySchema)),
});
export type SecondStepRequired = Static<typeof SecondStepRequiredSchema>;
