import type { FastifyInstance } from "fastify";
import type { Database } from "../db/connection.ts";
import { requireUser } from "../http/request-user.ts";
import type { AppEvent, EventBus } from "./bus.ts";

const HEARTBEAT_MS = 25_000;

/** Server-Sent Events: each user receives the events of their companies and their own, nothing else. */
export function registerEventRoutes(app: FastifyInstance, database: Database, bus: EventBus): void {
  const open = new Set<() => void>();
  // Streams never end by themselves: shutting down ends them so in-flight requests can drain. This must be
  // preClose: onClose hooks run after the server has waited for every connection to end, i.e. never.
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get("/api/events", { schema: { hide: true } }, async (request, reply) => {
    const { user } = requireUser(request);
    const memberships = await database.db
      .selectFrom("memberships")
      .select("company_id")
      .where("user_id", "=", user.id)
      .execute();
    const companies = new Set(memberships.map((m) => m.company_id));
    const isFor = (event: AppEvent) =>
      (event.audience.companyId !== undefined && companies.has(event.audience.companyId)) ||
      (event.audience.userIds?.includes(user.id) ?? false);

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
