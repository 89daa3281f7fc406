import { passwordLengthProblem } from "../../common/passwords.ts";

export { PASSWORD_RULE } from "../../common/passwords.ts";

/** The length rule (src/common/passwords.ts), checked in the browser before the server checks it again. */
export function passwordLengthError(password: string): string | null {
  return password.length === 0 ? "Enter a password." : passwordLengthProblem(password);
}

/** A light check only: the server normalises and validates the address. */
export function emailError(email: string): string | null {
  const trimmed = email.trim();
  if (!trimmed) return "Enter your email address.";
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) return "Enter an email address like name@example.com.";
  return null;
}
