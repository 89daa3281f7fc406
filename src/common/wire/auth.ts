import { type Static, Type } from "@sinclair/typebox";

export const TokenPurposeSchema = Type.Union([
  Type.Literal("invitation"),
  Type.Literal("recovery"),
  Type.Literal("verification"),
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
