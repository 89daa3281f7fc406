import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type { FastifyInstance } from "fastify";
import { invalidField } from "./problem.ts";

// ajv-formats is CommonJS: its callable is the default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: true,
    allErrors: true,
    strict: false,
  });
  addFormats(ajv);
  return ajv;
}

/** The path of the first number JSON.parse turned into Infinity (e.g. `1e400`), or null. */
function nonFiniteNumberAt(value: unknown, path: string[] = []): string[] | null {
  if (typeof value === "number") return Number.isFinite(value) ? null : path;
  if (value === null || typeof value !== "object") return null;
  for (const [key, child] of Object.entries(value)) {
    const found = nonFiniteNumberAt(child, [...path, key]);
    if (found) return found;
  }
  return null;
}

/**
 * Fastify's own JSON parser (with its prototype-poisoning guard), refusing numbers too large to represent:
 * ajv lets Infinity pass as an integer, and the response serialiser then fails with a 500.
 */
function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser("error", "error");
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    parse(request, String(body), (error, value) => {
      if (error) return done(error, undefined);
      const at = nonFiniteNumberAt(value);
      if (at) return done(invalidField(at.join(".") || "body", "This number is too large."), undefined);
      done(null, value);
    });
  });
}

/**
 * JSON bodies are validated strictly (a number or an array where a string is expected is a 400, never
 * silently coerced); query strings and path params are text on the wire, so they are coerced.
 */
export function registerValidators(app: FastifyInstance): void {
  const strict = makeAjv(false);
  const coercing = makeAjv(true);
  registerJsonParser(app);
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === "body" ? strict : coercing).compile(schema as object),
  );
}
