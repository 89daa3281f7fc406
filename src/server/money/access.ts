import type { FastifyRequest } from "fastify";
import { notFound } from "../http/problem.ts";
import { requireUser } from "../http/request-user.ts";

/** Finance staff (platform role `finance`): a visitor gets 401, anyone else 404, as if there were no such page. */
export function requireFinance(request: FastifyRequest): { userId: string } {
  const { user } = requireUser(request);
  if (user.platform_role !== "finance") throw notFound();
  return { userId: user.id };
}
