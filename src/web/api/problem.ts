import type { ProblemDetail, ProblemDocument } from "../../common/wire/problem.ts";

export type { ProblemDocument };

/** Raised by the API client for every answer that is not 2xx, and for a request that never got an answer. */
export class ApiError extends Error {
  readonly problem: ProblemDocument;
  /** From `Retry-After` on a 429. */
  readonly retryAfterSeconds: number | null;

  constructor(problem: ProblemDocument, retryAfterSeconds: number | null = null) {
    super(problem.detail || problem.title);
    this.name = "ApiError";
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** Status 0: the request did not reach the server (offline, server down). */
export const NETWORK_STATUS = 0;

const fallbackDetails: Record<number, string> = {
  [NETWORK_STATUS]: "Crewdesk could not be reached. Check your connection, then try again.",
  401: "Sign in to continue.",
  403: "Your role does not allow this.",
  404: "This was not found.",
  410: "This link has already been used or has expired.",
  413: "This is too large.",
  429: "Too many attempts. Try again later.",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function detailsOf(value: unknown): ProblemDetail[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter(isRecord).map((e) => ({
    message: typeof e.message === "string" ? e.message : "This value is not valid.",
    ...(typeof e.field === "string" ? { field: e.field } : {}),
    ...(typeof e.row === "number" ? { row: e.row } : {}),
    ...(typeof e.column === "string" ? { column: e.column } : {}),
  }));
}

/**
 * A problem document from whatever body came back: a proxy's HTML page or an empty body still gives the
 * user a sentence to read.
 */
export function toProblem(status: number, body: unknown): ProblemDocument {
  const fallback =
    fallbackDetails[status] ??
    (status >= 500
      ? "Something went wrong on our side. Try again; if it persists, contact support."
      : "The request was not accepted.");
  if (!isRecord(body)) return { type: "about:blank", title: "Error", status, detail: fallback };
  const errors = detailsOf(body.errors);
  const allowed = Array.isArray(body.allowed)
    ? body.allowed.filter((a): a is string => typeof a === "string")
    : undefined;
  return {
    type: typeof body.type === "string" ? body.type : "about:blank",
    title: typeof body.title === "string" ? body.title : "Error",
    status,
    detail: typeof body.detail === "string" && body.detail ? body.detail : fallback,
    ...(errors ? { errors } : {}),
    ...(allowed ? { allowed } : {}),
    ...(isRecord(body.shortfall) &&
    typeof body.shortfall.amount === "string" &&
    typeof body.shortfall.currency === "string"
      ? { shortfall: { amount: body.shortfall.amount, currency: body.shortfall.currency } }
      : {}),
  };
}

/** `Retry-After` is seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** "in 45 seconds", "in 3 minutes", "in 2 hours". */
export function describeWait(seconds: number): string {
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.ceil(minutes / 60);
  return `in ${hours} hour${hours === 1 ? "" : "s"}`;
}

/** The sentence to show for an error that no form field takes. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const { detail } = error.problem;
    if (error.status === 429 && error.retryAfterSeconds !== null) {
      return `${detail} You can try again ${describeWait(error.retryAfterSeconds)}.`;
    }
    return detail;
  }
  return "Something went wrong in the page. Reload it and try again.";
}

export interface FormProblem {
  /** Messages for the fields the form has, by field name. */
  fieldErrors: Record<string, string>;
  /** What to show above the form: the detail, when no field took a message, plus messages no field took. */
  general: string | null;
}

/**
 * Splits a problem between the fields of a form and a general message. `fieldAliases` maps the API's field
 * names to the form's when they differ.
 */
export function formProblem(
  error: unknown,
  fields: readonly string[],
  fieldAliases: Record<string, string> = {},
): FormProblem {
  if (!(error instanceof ApiError)) return { fieldErrors: {}, general: describeError(error) };
  const known = new Set(fields);
  const fieldErrors: Record<string, string> = {};
  const leftOver: string[] = [];
  for (const entry of error.problem.errors ?? []) {
    const field = entry.field === undefined ? undefined : (fieldAliases[entry.field] ?? entry.field);
    if (field !== undefined && known.has(field)) {
      fieldErrors[field] = fieldErrors[field] ? `${fieldErrors[field]} ${entry.message}` : entry.message;
    } else {
      leftOver.push(entry.message);
    }
  }
  const tookSome = Object.keys(fieldErrors).length > 0;
  if (!tookSome) return { fieldErrors, general: describeError(error) };
  return { fieldErrors, general: leftOver.length ? leftOver.join(" ") : null };
}
