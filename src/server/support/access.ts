import type { FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import { forbidden, notFound } from "../http/problem.ts";
import type { ChatPerson, SupportAgent } from "./actors.ts";
import { guestConversationOf } from "./guest-cookie.ts";

/**
 * The support agent behind the request. Anyone else (signed out, a company user, a contractor) gets 404,
 * as if the console did not exist.
 */
export function requireAgent(request: FastifyRequest): SupportAgent {
  const user = request.auth?.user;
  if (user?.platform_role !== "support") throw notFound();
  return { userId: user.id, name: user.name };
}

/** Who is chatting: the signed-in user, else a visitor (with the conversation their cookie proves, if any). */
export async function chatPersonOf(
  request: FastifyRequest,
  config: Config,
  database: Database,
): Promise<ChatPerson> {
  const user = request.auth?.user;
  if (user) {
    if (user.platform_role === "support") throw forbidden("Support agents answer from the support console.");
    return { kind: "user", userId: user.id, name: user.name, email: user.email };
  }
  return {
    kind: "guest",
    conversationId: await guestConversationOf(request, config, database),
    ip: request.ip,
  };
}
