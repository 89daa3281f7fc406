import type { FastifyInstance } from "fastify";
import { unauthorized } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";
import { STRICT_TRANSPORT_SECURITY } from "../http/security.ts";
import type { AppContext } from "../kernel/context.ts";
import { type StreamAudienceReader, StreamRegistry } from "./streams.ts";

const HEARTBEAT_MS = 25_000;

/**
 * Server-Sent Events: each stream belongs to one session and receives the events of that user's companies
 * and their own, nothing else. It ends with its session (sign-out, a new password, expiry) and stops
 * receiving a company's events once the user is no longer a member, within seconds, on every node.
 */
export function registerEventRoutes(
  app: FastifyInstance,
  context: AppContext,
  readAudiences: StreamAudienceReader,
): void {
  const { config, database, bus } = context;
  const streams = new StreamRegistry(database.db, bus, readAudiences, (error) =>
    app.log.error({ err: error }, "events: re-checking the open streams failed"),
  );
  // Streams never end by themselves: shutting down ends them so in-flight requests can drain. This must be
  // preClose: onClose hooks run after the server has waited for every connection to end, i.e. never.
  app.addHook("preClose", async () => {
    streams.close();
    streams.endAll();
  });

  app.get("/api/events", { schema: { hide: true } }, async (request, reply) => {
    const { sessionId } = requireUser(request);
    const audience = await streams.audienceOf(sessionId);
    if (!audience) throw unauthorized();

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
    const stream = streams.add(sessionId, audience, () => end());
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
