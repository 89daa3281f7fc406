import type { FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import type { Database } from "../db/connection.ts";
import { forbidden } from "../http/problem.ts";
import type { ChatPerson } from "./actors.ts";
import { guestConversationOf } from "./guest-cookie.ts";

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
