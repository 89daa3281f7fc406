import { normalizeEmail } from "./email.ts";

/**
 * The most entries one submission may hold, of any kind (addresses, repeated addresses and invalid words):
 * the Add dialog and the server share this limit, and the parser stops reading past it.
 */
export const MAX_INVITES_PER_SUBMISSION = 1000;

/** The longest display name kept from a pasted `Name <address>`; longer names are cut. */
const MAX_DISPLAY_NAME_LENGTH = 100;

export type InvalidReason = "format" | "glued";

/** What the dialog and the server's answer say about an entry that is not an address. */
export const INVALID_ENTRY_MESSAGES: Record<InvalidReason, string> = {
  format: "This is not a valid email address.",
  glued: "This looks like several addresses joined together: separate them with a comma or a space.",
};

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

/** One entry in the order typed: a first occurrence of an address, or what is not an address. */
export type EmailListEntry = ({ kind: "address" } & ParsedAddress) | ({ kind: "invalid" } & InvalidToken);

export interface EmailList {
  /** Valid addresses and invalid entries in the order typed; repeated addresses are left out. */
  entries: EmailListEntry[];
  /** Valid, distinct addresses in the order typed (the first of duplicates wins). */
  addresses: ParsedAddress[];
  invalid: InvalidToken[];
  /** Addresses left out because an equal one (after normalisation) came earlier. */
  duplicates: number;
  /** Distinct valid addresses found. */
  found: number;
  /**
   * True when the input holds more than MAX_INVITES_PER_SUBMISSION entries of any kind. Reading stopped
   * there: the lists above hold only what came before.
   */
  overLimit: boolean;
}

type Lexeme =
  | { kind: "word"; text: string }
  | { kind: "quoted"; text: string; raw: string }
  | { kind: "angle"; text: string }
  | { kind: "comma" }
  | { kind: "break" };

/** Name material kept while reading: enough for MAX_DISPLAY_NAME_LENGTH once cleaned, and no more. */
const NAME_WINDOW = MAX_DISPLAY_NAME_LENGTH * 4;

// Separators: whitespace (spaces, tabs, no-break and ideographic spaces), commas, and breaks (new lines and
// semicolons). A run of them is one lexeme: with a break in it, a break; else with a comma, a comma.
const SEPARATORS = /[ \t\u00a0\u3000,\n\r;\u2028\u2029]+/y;
const HAS_BREAK = /[\n\r;\u2028\u2029]/;
const WORD = /[^"< \t\u00a0\u3000,\n\r;\u2028\u2029]+/y;
// After "<": to the closing ">", or to the next "<", comma or semicolon when there is none before them.
const ANGLE = /[^<>,;]*/y;
const WORD_END = /[\s,;]/;
const ESCAPED = /\\([\s\S])/g;

/** Where the quote opened at `open` closes: the next `"` not escaped by an odd run of backslashes. */
function closingQuote(input: string, open: number): number {
  for (let q = input.indexOf('"', open + 1); q !== -1; q = input.indexOf('"', q + 1)) {
    let backslashes = 0;
    while (input.charAt(q - 1 - backslashes) === "\\") backslashes++;
    if (backslashes % 2 === 0) return q;
  }
  return -1;
}

/**
 * Splits the text into words, "quoted names", <angle addresses> and separators, one lexeme per call, so
 * the reader can stop early. A comma is kept apart from other separators because a mail client writes
 * `Last, First <a@b.io>` without quotes. Linear in the input, with its loops in the regular expression
 * engine: a megabyte of separators is one lexeme, not a million.
 */
function lexer(input: string): () => Lexeme | null {
  let i = 0;
  const match = (pattern: RegExp): string => {
    pattern.lastIndex = i;
    const found = pattern.exec(input)?.[0] ?? "";
    i += found.length;
    return found;
  };
  const next = (): Lexeme | null => {
    if (i >= input.length) return null;
    const ch = input.charAt(i);
    if (ch === '"') {
      // To the closing quote; a backslash escapes the next character. Unclosed: to the end of the input.
      // Only the start is unescaped: a name keeps no more than that (NAME_WINDOW).
      const close = closingQuote(input, i);
      const end = close === -1 ? input.length : close;
      const text = input.slice(i + 1, Math.min(end, i + 1 + 2 * NAME_WINDOW)).replace(ESCAPED, "$1");
      const raw = input.slice(i, end + 1);
      i = end + 1;
      return { kind: "quoted", text, raw };
    }
    if (ch === "<") {
      i++;
      const inside = match(ANGLE);
      if (input.charAt(i) === ">") {
        i++;
        return { kind: "angle", text: inside };
      }
      // Unclosed: it holds one word at most, so it cannot swallow the rest of the list.
      const wordEnd = inside.search(WORD_END);
      if (wordEnd === -1) return { kind: "angle", text: inside };
      i -= inside.length - wordEnd;
      return { kind: "angle", text: inside.slice(0, wordEnd) };
    }
    const separators = match(SEPARATORS);
    if (separators) {
      if (HAS_BREAK.test(separators)) return { kind: "break" };
      if (separators.includes(",")) return { kind: "comma" };
      return next();
    }
    return { kind: "word", text: match(WORD) };
  };
  return next;
}

/** A display name as text: control characters and runs of spaces become one space; CR/LF cannot survive. */
function cleanName(text: string): string | null {
  const name = text
    .slice(0, NAME_WINDOW)
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
  // More than one @: two addresses written without a separator.
  const reason: InvalidReason = trimmed.indexOf("@") !== trimmed.lastIndexOf("@") ? "glued" : "format";
  return { input: trimmed, reason, message: INVALID_ENTRY_MESSAGES[reason] };
}

/** `mailto:` links pasted from a web page carry the address after the scheme. */
function stripMailto(text: string): string {
  return text.trim().replace(/^mailto:/i, "");
}

/**
 * Reads a pasted list of addresses: separated by commas, semicolons, spaces, tabs or new lines, or written
 * as a mail client does (`Name <a@b.io>`, `"Last, First" <a@b.io>`). Each address is normalised; equal
 * addresses count once (the first wins); what is not an address is reported with a reason. Past
 * MAX_INVITES_PER_SUBMISSION entries of any kind it stops reading and says so (`overLimit`). Nothing of the
 * input can reach a mail header except a normalised address, which holds no spaces or control characters.
 */
export function parseEmailList(input: string): EmailList {
  const entries: EmailListEntry[] = [];
  const addresses: ParsedAddress[] = [];
  const invalid: InvalidToken[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  // Entries of any kind so far: what the limit counts.
  let counted = 0;
  // Words without an @ that may turn out to be the display name of a following <address>. Each is an
  // entry of its own (an invalid one) unless an address follows.
  let pendingName = "";
  let pendingRaw: string[] = [];

  let overLimit = false;
  // One more entry; past the limit nothing is added and reading stops.
  const room = () => {
    if (counted < MAX_INVITES_PER_SUBMISSION) {
      counted++;
      return true;
    }
    overLimit = true;
    return false;
  };
  const addInvalid = (raw: string) => {
    if (!room()) return;
    const token = invalidToken(raw);
    invalid.push(token);
    entries.push({ kind: "invalid", ...token });
  };
  const accept = (raw: string, name: string | null) => {
    const email = normalizeEmail(stripMailto(raw));
    if (!email) {
      addInvalid(raw);
      return;
    }
    if (!room()) return;
    if (seen.has(email)) {
      duplicates++;
      return;
    }
    seen.add(email);
    addresses.push({ email, name });
    entries.push({ kind: "address", email, name });
  };
  const addToName = (text: string) => {
    if (pendingName.length < NAME_WINDOW) pendingName += pendingName ? ` ${text}` : text;
  };
  const clearPending = () => {
    pendingName = "";
    pendingRaw = [];
  };
  const dropPending = () => {
    for (const raw of pendingRaw) addInvalid(raw);
    clearPending();
  };

  const next = lexer(input);
  for (let lexeme = next(); lexeme; lexeme = next()) {
    switch (lexeme.kind) {
      case "angle":
        accept(lexeme.text, cleanName(pendingName));
        clearPending();
        break;
      case "quoted":
        addToName(lexeme.text);
        pendingRaw.push(lexeme.raw);
        break;
      case "word":
        if (lexeme.text.includes("@")) {
          dropPending();
          accept(lexeme.text, null);
        } else {
          addToName(lexeme.text);
          pendingRaw.push(lexeme.text);
        }
        break;
      case "comma":
        // `Last, First <a@b.io>`: the name may continue after a comma, so words wait for what follows.
        if (pendingName && !pendingName.endsWith(",")) addToName(",");
        break;
      case "break":
        dropPending();
        break;
    }
    // Words still waiting make one entry at least (a named address) and more if no address follows; more
    // waiting words than the limit are no name either.
    const waiting = pendingRaw.length;
    if (waiting > 0 && (counted >= MAX_INVITES_PER_SUBMISSION || waiting > MAX_INVITES_PER_SUBMISSION))
      overLimit = true;
    if (overLimit) break;
  }
  if (!overLimit) dropPending();

  return { entries, addresses, invalid, duplicates, found: addresses.length, overLimit };
}
