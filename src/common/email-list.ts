import { normalizeEmail } from "./email.ts";

/** The most addresses one submission may invite: the Add dialog and the server share this limit. */
export const MAX_INVITES_PER_SUBMISSION = 1000;

/** The longest display name kept from a pasted `Name <address>`; longer names are cut. */
export const MAX_DISPLAY_NAME_LENGTH = 100;

export type InvalidReason = "format" | "glued";

export interface ParsedAddress {
  /** The normalised address (see normalizeEmail): the account's login. */
  email: string;
  /** The display name pasted with it, cleaned of control characters, or null. */
  name: string | null;
}

export interface InvalidToken {
  /** What the user typed, trimmed, so the dialog can mark it. */
  input: string;
  reason: InvalidReason;
  message: string;
}

export interface EmailList {
  /** Valid, distinct addresses in the order typed (the first of duplicates wins), at most the maximum. */
  addresses: ParsedAddress[];
  invalid: InvalidToken[];
  /** Addresses left out because an equal one (after normalisation) came earlier. */
  duplicates: number;
  /** Distinct valid addresses found, including those past the maximum. */
  found: number;
  /** True when the input holds more distinct addresses than MAX_INVITES_PER_SUBMISSION. */
  overLimit: boolean;
}

type Lexeme =
  | { kind: "word"; text: string }
  | { kind: "quoted"; text: string }
  | { kind: "angle"; text: string }
  | { kind: "comma" }
  | { kind: "break" };

const WHITESPACE = new Set([" ", "\t", "\u00a0", "\u3000"]);
const BREAKS = new Set(["\n", "\r", ";", "\u2028", "\u2029"]);

/**
 * Splits the text into words, "quoted names", <angle addresses> and separators. A comma is kept apart
 * from other separators because a mail client writes `Last, First <a@b.io>` without quotes.
 */
function lex(input: string): Lexeme[] {
  const out: Lexeme[] = [];
  let word = "";
  const flush = () => {
    if (word) out.push({ kind: "word", text: word });
    word = "";
  };
  for (let i = 0; i < input.length; i++) {
    const ch = input.charAt(i);
    if (ch === '"') {
      flush();
      let text = "";
      i++;
      while (i < input.length && input.charAt(i) !== '"') {
        if (input.charAt(i) === "\\" && i + 1 < input.length) i++;
        text += input.charAt(i);
        i++;
      }
      out.push({ kind: "quoted", text });
    } else if (ch === "<") {
      flush();
      const end = input.indexOf(">", i + 1);
      // An unclosed "<" holds one word at most, so it cannot swallow the rest of the list.
      const rest = input.slice(i + 1).search(/[\s,;]/);
      const stop = end !== -1 ? end : rest === -1 ? input.length : i + 1 + rest;
      out.push({ kind: "angle", text: input.slice(i + 1, stop) });
      i = stop;
    } else if (ch === ",") {
      flush();
      out.push({ kind: "comma" });
    } else if (BREAKS.has(ch)) {
      flush();
      out.push({ kind: "break" });
    } else if (WHITESPACE.has(ch)) {
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return out;
}

/** A display name as text: control characters and runs of spaces become one space; CR/LF cannot survive. */
function cleanName(parts: string[]): string | null {
  const name = parts
    .join(" ")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
    .replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, " ")
    .replace(/\s+,/g, ",")
    .replace(/^[\s,]+|[\s,]+$/g, "")
    .slice(0, MAX_DISPLAY_NAME_LENGTH)
    .trim();
  return name || null;
}

function invalidToken(input: string): InvalidToken {
  const trimmed = input.trim();
  if ((trimmed.match(/@/g) ?? []).length > 1) {
    return {
      input: trimmed,
      reason: "glued",
      message: "This looks like several addresses joined together: separate them with a comma or a space.",
    };
  }
  return { input: trimmed, reason: "format", message: "This is not a valid email address." };
}

/** `mailto:` links pasted from a web page carry the address after the scheme. */
function stripMailto(text: string): string {
  return text.trim().replace(/^mailto:/i, "");
}

/**
 * Reads a pasted list of addresses: separated by commas, semicolons, spaces, tabs or new lines, or written
 * as a mail client does (`Name <a@b.io>`, `"Last, First" <a@b.io>`). Each address is normalised; equal
 * addresses count once (the first wins); what is not an address is reported with a reason. Nothing of the
 * input can reach a mail header except a normalised address, which holds no spaces or control characters.
 */
export function parseEmailList(input: string): EmailList {
  const addresses: ParsedAddress[] = [];
  const invalid: InvalidToken[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let found = 0;
  // Words without an @ that may turn out to be the display name of a following <address>.
  let pendingName: string[] = [];
  let pendingRaw: string[] = [];

  const accept = (raw: string, name: string | null) => {
    const email = normalizeEmail(stripMailto(raw));
    if (!email) {
      invalid.push(invalidToken(raw));
      return;
    }
    if (seen.has(email)) {
      duplicates++;
      return;
    }
    seen.add(email);
    found++;
    if (addresses.length < MAX_INVITES_PER_SUBMISSION) addresses.push({ email, name });
  };
  const dropPending = () => {
    for (const raw of pendingRaw) invalid.push(invalidToken(raw));
    pendingName = [];
    pendingRaw = [];
  };

  for (const lexeme of lex(input)) {
    switch (lexeme.kind) {
      case "angle":
        accept(lexeme.text, cleanName(pendingName));
        pendingName = [];
        pendingRaw = [];
        break;
      case "quoted":
        pendingName.push(lexeme.text);
        pendingRaw.push(`"${lexeme.text}"`);
        break;
      case "word":
        if (lexeme.text.includes("@")) {
          dropPending();
          accept(lexeme.text, null);
        } else {
          pendingName.push(lexeme.text);
          pendingRaw.push(lexeme.text);
        }
        break;
      case "comma":
        // `Last, First <a@b.io>`: the name may continue after a comma, so words wait for what follows.
        if (pendingName.length) pendingName.push(",");
        break;
      case "break":
        dropPending();
        break;
    }
  }
  dropPending();

  return {
    addresses,
    invalid,
    duplicates,
    found,
    overLimit: found > MAX_INVITES_PER_SUBMISSION,
  };
}
