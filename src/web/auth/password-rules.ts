export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** The rule users read under every new-password field. */
export const PASSWORD_RULE = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`;

/**
 * The length rule, checked in the browser before the server checks it again (and refuses the most common
 * passwords). Characters are counted as the server counts them: by code point, so an emoji is one.
 */
export function passwordLengthError(password: string): string | null {
  const length = [...password].length;
  if (length === 0) return "Enter a password.";
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return null;
}

/** A light check only: the server normalises and validates the address. */
export function emailError(email: string): string | null {
  const trimmed = email.trim();
  if (!trimmed) return "Enter your email address.";
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) return "Enter an email address like name@example.com.";
  return null;
}
