/**
 * The support chat's rules, shared by the server (which enforces them) and the web app (which explains
 * them before anything is sent).
 */

/** The longest message, in characters (Unicode code points, as JSON Schema's maxLength counts them). */
export const MAX_SUPPORT_MESSAGE_LENGTH = 4000;
export const MAX_GUEST_NAME_LENGTH = 100;

/** A reply the person has not read this long after it was written goes to them by email. */
export const REPLY_EMAIL_DELAY_MS = 2 * 60 * 1000;

export const SUPPORT_CONVERSATION_STATUSES = ["open", "closed"] as const;
export type SupportConversationStatus = (typeof SUPPORT_CONVERSATION_STATUSES)[number];

/** Who wrote a message: the person asking for help, or a support agent. */
export const SUPPORT_AUTHOR_SIDES = ["person", "agent"] as const;
export type SupportAuthorSide = (typeof SUPPORT_AUTHOR_SIDES)[number];

export const SUPPORT_MESSAGES = {
  emptyBody: "Write a message first.",
  bodyTooLong: `A message can be at most ${MAX_SUPPORT_MESSAGE_LENGTH.toLocaleString("en-US")} characters.`,
  controlCharacters: "This text holds characters that cannot be sent (control characters).",
  guestNameRequired: "Enter your name, so that we know how to address you.",
  guestNameTooLong: `A name can be at most ${MAX_GUEST_NAME_LENGTH} characters.`,
  guestEmailRequired: "Enter your email address, so that we can answer you there too.",
  guestEmailInvalid: "Enter a valid email address, like name@example.com.",
} as const;

/** Characters counted as JSON Schema and people count them: one per code point, emoji included. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

// Tab, line feed and carriage return are text; every other C0 control (NUL above all: PostgreSQL refuses it
// in text) and DEL are not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The message as it is stored (surrounding blank lines and spaces trimmed), or what is wrong with it. */
export function checkMessageBody(body: string): { body: string } | { problem: string } {
  const trimmed = body.trim();
  if (trimmed.length === 0) return { problem: SUPPORT_MESSAGES.emptyBody };
  if (characterCount(trimmed) > MAX_SUPPORT_MESSAGE_LENGTH) return { problem: SUPPORT_MESSAGES.bodyTooLong };
  if (CONTROL.test(trimmed)) return { problem: SUPPORT_MESSAGES.controlCharacters };
  return { body: trimmed };
}

/** A visitor's name as stored (spaces trimmed and collapsed), or what is wrong with it. */
export function checkGuestName(name: string | undefined): { name: string } | { problem: string } {
  const cleaned = (name ?? "").replace(/\s+/g, " ").trim();
  if (cleaned.length === 0) return { problem: SUPPORT_MESSAGES.guestNameRequired };
  if (characterCount(cleaned) > MAX_GUEST_NAME_LENGTH) return { problem: SUPPORT_MESSAGES.guestNameTooLong };
  if (CONTROL.test(cleaned)) return { problem: SUPPORT_MESSAGES.controlCharacters };
  return { name: cleaned };
}
