import { createHash } from "node:crypto";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import type { DB } from "../db/types.ts";
import { isUniqueViolation } from "../db/unique-violation.ts";
import type { CompanyActor } from "../kernel/actors.ts";
import { conflict, HttpProblem, invalidField } from "./problem.ts";

/** How long a key's first answer is replayed. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3600 * 1000;
const MAX_KEY_LENGTH = 255;
const IDEMPOTENCY_HEADER = "idempotency-key";

/** The request header of the creating routes, as the API documentation shows it. */
export const IdempotencyHeaders = Type.Object({
  "idempotency-key": Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: MAX_KEY_LENGTH,
      description:
        "Any unique string (a UUID): the same key with the same request within 24 hours answers the first answer again (with `Idempotent-Replayed: true`); with another request, 422.",
    }),
  ),
});

/** The key a request claimed, its answer written down when it is sent (`registerIdempotency`). */
interface Claim {
  scope: string;
  key: string;
}

declare module "fastify" {
  interface FastifyRequest {
    idempotencyClaim: Claim | null;
  }
}

/** Whose keys these are: one company and one credential (an API token, or a person's sessions). */
export function idempotencyScope(actor: CompanyActor): string {
  return actor.tokenId
    ? `${actor.companyId}:token:${actor.tokenId}`
    : `${actor.companyId}:user:${actor.userId}`;
}

/** What makes two requests "the same": the method, the route's path and the body. */
export function requestFingerprint(request: FastifyRequest, body: unknown = request.body): string {
  const path = request.url.split("?", 1)[0] ?? "";
  return createHash("sha256")
    .update(`${request.method} ${path}\n${JSON.stringify(body ?? null)}`)
    .digest("hex");
}

/**
 * Runs a creating route's work once per `Idempotency-Key` (when the request has one): the first request's
 * answer (status and body) is written down when it is sent and replayed to the same key with the same request
 * for 24 hours (`Idempotent-Replayed: true`); the same key with another request answers 422, and while the first
 * is still running, 409. An answer of 5xx or 429 is not kept: the key may be tried again. Expired keys are swept
 * on the way. Without the header, `run` simply runs.
 */
export async function idempotent<T>(
  db: Kysely<DB>,
  request: FastifyRequest,
  reply: FastifyReply,
  claim: { scope: string; fingerprint: string; now?: Date },
  run: () => Promise<T>,
): Promise<T | FastifyReply> {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return run();
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || key.length > MAX_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalidField(
      "Idempotency-Key",
      `The Idempotency-Key header must be 1 to ${MAX_KEY_LENGTH} visible ASCII characters.`,
    );
  }
  const now = claim.now ?? new Date();
  const iso = now.toISOString();
  await db.deleteFrom("idempotency_keys").where("expires_at", "<=", iso).execute();
  try {
    await db
      .insertInto("idempotency_keys")
      .values({
        scope: claim.scope,
        key,
        fingerprint: claim.fingerprint,
        status: null,
        content_type: null,
        body: null,
        created_at: iso,
        expires_at: new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS).toISOString(),
      })
      .execute();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await db
      .selectFrom("idempotency_keys")
      .selectAll()
      .where("scope", "=", claim.scope)
      .where("key", "=", key)
      .executeTakeFirst();
    if (!first) return idempotent(db, request, reply, claim, run);
    if (first.fingerprint !== claim.fingerprint) {
      throw new HttpProblem(
        422,
        "This Idempotency-Key was already used with another request. Use a new key for a new request.",
        { errors: [{ field: "Idempotency-Key", message: "Already used with another request." }] },
      );
    }
    if (first.status === null) {
      throw conflict("The first request with this Idempotency-Key is still running. Try again in a moment.");
    }
    return reply
      .code(first.status)
      .header("content-type", first.content_type ?? "application/json; charset=utf-8")
      .header("idempotent-replayed", "true")
      .send(first.body ?? "");
  }
  request.idempotencyClaim = { scope: claim.scope, key };
  return run();
}

/** Writes down the answer of every request that claimed a key, or frees the key when the answer is not final. */
export function registerIdempotency(app: FastifyInstance, db: Kysely<DB>): void {
  app.decorateRequest("idempotencyClaim", null);
  app.addHook("onSend", async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = null;
    const rows = db
      .updateTable("idempotency_keys")
      .where("scope", "=", claim.scope)
      .where("key", "=", claim.key);
    const final = reply.statusCode < 500 && reply.statusCode !== 429 && typeof payload === "string";
    if (final) {
      const type = reply.getHeader("content-type");
      await rows
        .set({
          status: reply.statusCode,
          content_type: typeof type === "string" ? type : null,
          body: payload,
        })
        .execute();
    } else {
      await db
        .deleteFrom("idempotency_keys")
        .where("scope", "=", claim.scope)
        .where("key", "=", claim.key)
        .execute();
    }
    return payload;
  });
}
