import { Type } from "@sinclair/typebox";
import { MAX_EMAIL_LENGTH } from "../../common/email.ts";
import { PASSWORD_MAX_LENGTH } from "../../common/passwords.ts";

// Lengths only bound the work a request can cause; the rules and their messages live in the use cases.
const Password = Type.String({ maxLength: PASSWORD_MAX_LENGTH * 8 });
const Code = Type.String({
  maxLength: 40,
  description: "Six digits from the authenticator, or a recovery code",
});
const Token = Type.String({ minLength: 1, maxLength: 200 });

export const ChangePasswordBody = Type.Object({ currentPassword: Password, password: Password });
export const ChangeEmailBody = Type.Object({
  currentPassword: Password,
  email: Type.String({
    maxLength: MAX_EMAIL_LENGTH * 2,
    description: "The new address; normalised before use",
  }),
});
export const TokenBody = Type.Object({ token: Token });
export const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
export const CompanyParams = Type.Object({ cid: Type.String({ maxLength: 100 }) });
export const SecondStepBody = Type.Object({
  token: Token,
  code: Code,
  rememberDevice: Type.Optional(
    Type.Boolean({ description: "Skip the second step on this browser for 30 days" }),
  ),
});
export const ConfirmTwoStepBody = Type.Object({ currentPassword: Password, code: Code });
export const PasswordBody = Type.Object({ currentPassword: Password });
export const PasswordAndCodeBody = Type.Object({ currentPassword: Password, code: Type.Optional(Code) });
export const TwoStepRequirementBody = Type.Object({ required: Type.Boolean() });
