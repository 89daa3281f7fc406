import { Type } from "@sinclair/typebox";
import { MAX_EMAIL_LENGTH } from "../../common/email.ts";
import { PASSWORD_MAX_LENGTH } from "../../common/passwords.ts";

// Lengths here only bound the work a request can cause; the rules with their messages live in the use cases.
const Email = Type.String({ maxLength: MAX_EMAIL_LENGTH * 2, description: "Normalised before use" });
const Password = Type.String({ maxLength: PASSWORD_MAX_LENGTH * 8 });
const Token = Type.String({ minLength: 1, maxLength: 200 });

export const SignUpBody = Type.Object({
  accountType: Type.Union([Type.Literal("company"), Type.Literal("contractor")], {
    description: "company: “I want to pay my team”; contractor: “I want to get paid”",
  }),
  email: Email,
  password: Password,
  name: Type.String({ maxLength: 200 }),
  companyName: Type.Optional(Type.String({ maxLength: 200, description: "Required for a company" })),
});

export const SignInBody = Type.Object({ email: Email, password: Password });

export const PasswordRecoveryBody = Type.Object({ email: Email });

export const TokenBody = Type.Object({ token: Token });

export const SetPasswordBody = Type.Object({ token: Token, password: Password });
