import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Database } from "../db/connection.ts";
import { unauthorized } from "../http/problem.ts";
import type { AppEvent, EventBus } from "./bus.ts";

const HEARTBEAT_MS = 25_000;

/**
 * What a feature lets one stream hear beyond the signed-in user's own events: named channels (a support
 * visitor's conversation, the support agents). Called once per stream, when it opens; it must check the
 * request's credentials itself and grant nothing it cannot prove.
 */
export type EventChannelGrant = (request: FastifyRequest) => Promise<string[]>;

declare module "fastify" {
  interface FastifyInstance {
    /** Adds a grant of channels to every stream of /api/events opened from now on. */
    grantEventChannels(grant: EventChannelGrant): void;
  }
}

/**
 * Server-Sent Events: each user receives the events of their companies and their own, and each stream the
 * channels features granted it (a visitor without an account may listen to their own support
 * conversation). Nothing else.
 */
export function registerEventRoutes(app: FastifyInstance, database: Database, bus: EventBus): void {
  const open = new Set<() => void>();
  const grants: EventChannelGrant[] = [];
  app.decorate("grantEventChannels", (grant: EventChannelGrant) => {
    grants.push(grant);
  });
  // Streams never end by themselves: shutting down ends them so in-flight requests can drain. This must be
  // preClose: onClose hooks run after the server has waited for every connection to end, i.e. never.
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get("/api/events", { schema: { hide: true } }, async (request, reply) => {
    const user = request.auth?.user ?? null;
    const channels = new Set((await Promise.all(grants.map((grant) => grant(request)))).flat());
    if (!user && channels.size === 0) throw unauthorized();
    const memberships = user
      ? await database.db
          .selectFrom("memberships")
          .select("company_id")
          .where("user_id", "=", user.id)
          .execute()
      : [];
    const companies = new Set(memberships.map((m) => m.company_id));
    const isFor = ({ audience }: AppEvent) =>
      (audience.companyId !== undefined && companies.has(audience.companyId)) ||
      (user !== null && (audience.userIds?.includes(user.id) ?? false)) ||
      (audience.channels?.some((channel) => channels.has(channel)) ?? false);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
    });
    raw.write("retry: 3000\n\n");
    const unsubscribe = bus.subscribe((event) => {
      if (!isFor(event)) return;
      raw.write(`event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`);
    });
    const heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(end);
      raw.end();
    };
    open.add(end);
    request.raw.on("close", end);
  });
}
