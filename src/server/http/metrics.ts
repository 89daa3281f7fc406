import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database } from "../db/connection.ts";
import type { AppContext } from "../kernel/context.ts";
import { metricsRegistry, outboxBacklog, requestDuration } from "../kernel/metrics.ts";
import { cameThroughProxy, isLoopbackClient } from "./client-address.ts";

const BACKLOG_STATUSES = ["queued", "sending", "held"] as const;

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * This machine asking directly (a local Prometheus or agent), or anyone who shows METRICS_TOKEN as a bearer.
 * A request that came through a proxy is not this machine's, even from loopback with only loopback addresses
 * named: a reverse proxy on the same machine makes every outside request look local.
 */
function mayReadMetrics(request: FastifyRequest, token: string | null): boolean {
  if (isLoopbackClient(request) && !cameThroughProxy(request)) return true;
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1];
  return token !== null && bearer !== undefined && sameSecret(bearer, token);
}

async function readOutboxBacklog(database: Database): Promise<void> {
  const rows = await database.db
    .selectFrom("outbox_emails")
    .select(["status", (eb) => eb.fn.countAll<number | string>().as("count")])
    .where("status", "in", [...BACKLOG_STATUSES])
    .groupBy("status")
    .execute();
  for (const status of BACKLOG_STATUSES) {
    const row = rows.find((r) => r.status === status);
    outboxBacklog.set({ status }, Number(row?.count ?? 0));
  }
}

/**
 * Prometheus' /metrics, and the latency of every request. Anyone else gets the app's bare 404: the series
 * name the routes and the load, nothing for the network.
 */
export function registerMetricsRoute(app: FastifyInstance, context: AppContext): void {
  app.addHook("onResponse", async (request, reply) => {
    // The pattern, not the URL: one series per route however many ids are asked for.
    const route = request.routeOptions.url ?? "unmatched";
    requestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    if (!mayReadMetrics(request, context.config.metricsToken))
      return reply.code(404).type("text/plain; charset=utf-8").send("Not found.");
    await readOutboxBacklog(context.database);
    return reply
      .header("cache-control", "no-store")
      .type(metricsRegistry.contentType)
      .send(await metricsRegistry.metrics());
  });
}
