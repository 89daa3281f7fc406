import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from "fastify";
import { registerAccount } from "./account/module.ts";
import { registerAdmin } from "./admin/module.ts";
import { registerAudit } from "./audit/module.ts";
import { registerAuth } from "./auth/module.ts";
import { sessionCookieName } from "./auth/session-cookie.ts";
import { sessionStreams } from "./auth/stream-audience.ts";
import { registerContractors } from "./contractors/module.ts";
import { registerDocuments } from "./documents/module.ts";
import { registerEventRoutes } from "./events/routes.ts";
import { fastifyTrustProxy } from "./http/client-address.ts";
import { registerHealthRoutes } from "./http/health.ts";
import { registerIdempotency } from "./http/idempotency.ts";
import { registerMetricsRoute } from "./http/metrics.ts";
import { HttpProblem, problemFromError, sendProblem } from "./http/problem.ts";
import { registerRequestIds, requestIdOf } from "./http/request-id.ts";
import { redactUrl, registerOriginCheck, registerSecurityHeaders } from "./http/security.ts";
import { registerValidators } from "./http/validation.ts";
import { registerWebApp } from "./http/web.ts";
import { registerImports } from "./imports/module.ts";
import type { AppContext } from "./kernel/context.ts";
import { registerDevMailbox } from "./mail/dev-mailbox.ts";
import { registerMe } from "./me/module.ts";
import { registerMoney } from "./money/module.ts";
import { registerOverview } from "./overview/module.ts";
import { registerPayouts } from "./payouts/module.ts";
import { registerProfile } from "./profile/module.ts";
import { registerSupport } from "./support/module.ts";
import { visitorStreams } from "./support/visitor-streams.ts";
import { registerTasks } from "./tasks/module.ts";
import { registerWebhooks } from "./webhooks/module.ts";

export interface BuildAppOptions {
  logger?: FastifyServerOptions["logger"];
  /** Where the default logger writes (stdout when unset); tests capture it to prove what logs hold. */
  logStream?: NodeJS.WritableStream;
}

const JSON_BODY_LIMIT = 1024 * 1024;

function defaultLogger(stream?: NodeJS.WritableStream): FastifyServerOptions["logger"] {
  return {
    level: process.env.LOG_LEVEL || "info",
    ...(stream ? { stream } : {}),
    serializers: {
      // Tokens travel in query strings of links: never let them reach a log line.
      req: (req: { method: string; url: string; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        ip: req.ip,
      }),
    },
  };
}

/**
 * A request in flight when the app stops still gets its answer; that answer closes its connection, so a
 * keep-alive client cannot hold the shutdown open until its idle timeout.
 */
function registerGracefulClose(app: FastifyInstance): void {
  let closing = false;
  app.addHook("preClose", async () => {
    closing = true;
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close");
    return payload;
  });
}

/** Builds the whole application: every module registered. `main.ts` serves it; tests build it too. */
export async function buildApp(context: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config, database } = context;
  const app = Fastify({
    logger: options.logger ?? defaultLogger(options.logStream),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: fastifyTrustProxy(config.trustProxy),
    forceCloseConnections: "idle",
    genReqId: requestIdOf,
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerValidators(app);
  registerGracefulClose(app);
  registerRequestIds(app);
  app.setErrorHandler<FastifyError>((error, request, reply) =>
    sendProblem(reply, problemFromError(error, request)),
  );

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "Crewdesk API",
        version: "1.0.0",
        description: [
          "Invite contractors, give them tasks.",
          "",
          "Integrations send a company's API token (created by an owner on the company's Settings page) as `Authorization: Bearer <token>`. It acts as its company with its role (owner or manager) on every route under `/api/companies/{cid}/`; another company's id answers 404, a revoked or unknown token 401 (repeated failures from one address: 429), and routes of a person (`/api/me`, `/api/account/…`, `/api/events`) 401.",
          "",
          "The routes that create (invitations, members, tasks, imports) take an `Idempotency-Key` header: the same key with the same request within 24 hours answers the first answer again (status and body, with `Idempotent-Replayed: true`); the same key with another request answers 422; while the first is still running, 409.",
        ].join("\n"),
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: sessionCookieName(config) },
          bearer: {
            type: "http",
            scheme: "bearer",
            description:
              "A company's API token (`cdk_…`): company routes only, acting as the company with the token's role.",
          },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: "/api/docs",
    staticCSP: true,
    // Its own policy allows framing by the same origin; no page of ours may be framed.
    transformStaticCSP: (csp) => csp.replace("frame-ancestors 'self'", "frame-ancestors 'none'"),
  });

  registerSecurityHeaders(app, config);
  registerIdempotency(app, database.db);
  registerOriginCheck(app, config.appOrigin, sessionCookieName(config));

  // Feature modules register here, one line each, in the order of docs/architecture.md. Auth comes first:
  // it reads every request's session before any route runs.
  registerAuth(app, context);
  registerProfile(app, context);
  registerContractors(app, context);
  registerTasks(app, context);
  registerMoney(app, context);
  registerDocuments(app, context);
  registerImports(app, context);
  registerSupport(app, context);
  registerAccount(app, context);
  registerAdmin(app, context);
  registerAudit(app, context);
  registerWebhooks(app, context);
  registerPayouts(app, context);
  registerMe(app, context);
  registerOverview(app, context);

  registerHealthRoutes(app, database);
  registerMetricsRoute(app, context);
  // Who may open an event stream, in order: a signed-in session, else a support visitor's conversation.
  registerEventRoutes(app, context, [sessionStreams, visitorStreams(config)]);
  registerDevMailbox(app, context);

  const hasWeb = await registerWebApp(app, config.webRoot);
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === "GET" && !request.url.startsWith("/api/");
    if (isPage && hasWeb) return reply.type("text/html").sendFile("index.html");
    if (isPage) {
      return reply.code(503).type("text/plain").send("The web app is not built yet: run `npm run build`.");
    }
    return sendProblem(reply, new HttpProblem(404, `No route ${request.method} ${redactUrl(request.url)}.`));
  });

  return app;
}
