import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { runCausedBy } from "../kernel/request-cause.ts";

/** An id a proxy or client may choose: short, and nothing a log line or header could be bent by. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Fastify's `genReqId`: the caller's X-Request-Id when it is sane, else a new one. */
export function requestIdOf(request: { headers: Record<string, string | string[] | undefined> }): string {
  const offered = request.headers["x-request-id"];
  return typeof offered === "string" && SANE_REQUEST_ID.test(offered) ? offered : randomUUID();
}

/**
 * Every answer says its request's id (X-Request-Id), and the route runs as caused by it, so the emails and
 * jobs it queues keep it. From preValidation on: a body is read in the socket's own async context, which
 * would lose the cause if it were set earlier.
 */
export function registerRequestIds(app: FastifyInstance): void {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header("x-request-id", request.id);
    done();
  });
  app.addHook("preValidation", (request, _reply, done) => {
    runCausedBy(request.id, done);
  });
}
