import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type ProblemDetail, type ProblemDocument, ProblemSchema } from "../../common/wire/problem.ts";
import { isDatabaseUnavailable } from "../db/unavailable.ts";

const titles: Record<number, string> = {
  400: "Invalid input",
  401: "Not signed in",
  403: "Not allowed",
  404: "Not found",
  409: "Conflict",
  410: "Link no longer valid",
  413: "Too large",
  415: "Unsupported media type",
  422: "Unprocessable request",
  429: "Too many requests",
  500: "Something went wrong",
  503: "Service unavailable",
};

/** An error the client can act on; becomes an RFC 9457 problem document. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: {
      errors?: ProblemDetail[];
      allowed?: string[];
      retryAfterSeconds?: number;
      type?: string;
      shortfall?: { amount: string; currency: string };
    } = {},
  ) {
    super(detail);
  }

  toDocument(): ProblemDocument {
    const doc: ProblemDocument = {
      type: this.extra.type ?? "about:blank",
      title: titles[this.status] ?? "Error",
      status: this.status,
      detail: this.detail,
    };
    if (this.extra.errors) doc.errors = this.extra.errors;
    if (this.extra.allowed) doc.allowed = this.extra.allowed;
    if (this.extra.shortfall) doc.shortfall = this.extra.shortfall;
    return doc;
  }
}

export const badRequest = (detail: string, errors?: ProblemDetail[]) =>
  new HttpProblem(400, detail, errors ? { errors } : {});
export const invalidField = (field: string, message: string) => badRequest(message, [{ field, message }]);
export const unauthorized = (detail = "Sign in to continue.") => new HttpProblem(401, detail);
export const forbidden = (detail = "Your role does not allow this.") => new HttpProblem(403, detail);
export const notFound = (what = "This") => new HttpProblem(404, `${what} was not found.`);
export const conflict = (detail: string, allowed?: string[]) =>
  new HttpProblem(409, detail, allowed ? { allowed } : {});
/** 409 for a value that must be unique and is taken: the field is named so the form can mark it. */
export const duplicateField = (field: string, message: string) =>
  new HttpProblem(409, message, { errors: [{ field, message }] });
export const gone = (detail = "This link has already been used or has expired. Ask for a new one.") =>
  new HttpProblem(410, detail);
export const tooManyRequests = (retryAfterSeconds: number, detail = "Too many attempts. Try again later.") =>
  new HttpProblem(429, detail, { retryAfterSeconds });

/** How long a client is told to wait before trying again when the database cannot serve. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 while the database cannot serve (down, restarting, out of connections, locked): trying again helps. */
const databaseUnavailable = () =>
  new HttpProblem(503, "The service is briefly unavailable. Try again in a few seconds.", {
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    type: "https://crewdesk.dev/problems/database-unavailable",
  });

/** The `response` entries of a route's schema for the error codes it answers: each a problem document. */
export function problems(...codes: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(codes.map((code) => [code, ProblemSchema]));
}

export function sendProblem(reply: FastifyReply, problem: HttpProblem): FastifyReply {
  if (problem.extra.retryAfterSeconds !== undefined) {
    reply.header("retry-after", String(Math.max(1, Math.ceil(problem.extra.retryAfterSeconds))));
  }
  return reply.code(problem.status).type("application/problem+json").send(problem.toDocument());
}

function fieldOf(instancePath: string, missing?: unknown): string {
  const path = instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (typeof missing === "string") return path ? `${path}.${missing}` : missing;
  return path || "body";
}

/** Turns schema validation failures into one entry per field. */
function validationProblem(error: FastifyError): HttpProblem {
  const errors: ProblemDetail[] = (error.validation ?? []).map((v) => {
    const missing = (v.params as { missingProperty?: unknown }).missingProperty;
    const field = fieldOf(v.instancePath, missing);
    const message = missing ? `${field} is required` : `${field} ${v.message ?? "is invalid"}`;
    return { field, message };
  });
  const where = error.validationContext === "body" ? "" : ` (${error.validationContext})`;
  return badRequest(errors.length ? `Check the highlighted fields${where}.` : error.message, errors);
}

/** Maps every error to a problem document: client mistakes keep their 4xx, nothing unexpected leaks. */
export function problemFromError(error: FastifyError, request: FastifyRequest): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error.validation) return validationProblem(error);
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new HttpProblem(413, "The request body is too large (the limit is 1 MB).");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new HttpProblem(415, "Send the body as application/json.");
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return badRequest("The request body is empty; send a JSON object.");
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return badRequest("The request body is not valid JSON.");
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, "database unavailable");
    return databaseUnavailable();
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return new HttpProblem(status, error.message);
  request.log.error({ err: error }, "unhandled error");
  return new HttpProblem(500, "An unexpected error occurred. Try again; if it persists, contact support.");
}
