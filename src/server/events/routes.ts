import type { FastifyInstance } from "fastify";
import { unauthorized } from "../http/problem.ts";
import { STRICT_TRANSPORT_SECURITY } from "../http/security.ts";
import type { AppContext } from "../kernel/context.ts";
import { type StreamCredentials, StreamRegistry } from "./streams.ts";

const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events: each stream belongs to one credential, of the kinds `credentials` names in order (a
 * session; a support visitor's conversation cookie), and receives what that credential may see: the events
 * of a user's companies and their own, and the channels it proves. Nothing else. It ends with its
 * credential (sign-out, a new password, expiry) and stops receiving a company's events or a channel's once
 * they are no longer its own, within seconds, on every node.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  context: AppContext,
  credentials: readonly StreamCredentials[],
): void {
  const { config, database, bus } = context;
  const streams = new StreamRegistry(database.db, bus, credentials, (error) =>
    app.log.error({ err: error }, "events: re-checking the open streams failed"),
  );
  // Streams never end by themselves: shutting down ends them so in-flight requests can drain. This must be
  // preClose: onClose hooks run after the server has waited for every connection to end, i.e. never.
  app.addHook("preClose", async () => {
    streams.close();
    streams.endAll();
  });

  app.get("/api/events", { schema: { hide: true } }, async (request, reply) => {
    const opening = await streams.openingFor(request);
    if (!opening) throw unauthorized();

    reply.hijack();
    const raw = reply.raw;
    // Hijacked: the onSend hooks that set these on every other answer do not run.
    raw.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
      ...(config.strictTransportSecurity ? { "strict-transport-security": STRICT_TRANSPORT_SECURITY } : {}),
    });
    raw.write("retry: 3000\n\n");
    let heartbeat: NodeJS.Timeout | undefined;
    let unsubscribe = () => {};
    const stream = streams.add(opening, () => end());
    function end() {
      clearInterval(heartbeat);
      unsubscribe();
      streams.remove(stream);
      raw.end();
    }
    unsubscribe = bus.subscribe((event) => {
      if (!stream.isFor(event)) return;
      raw.write(`event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`);
    });
    heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
    request.raw.on("close", end);
  });
}
