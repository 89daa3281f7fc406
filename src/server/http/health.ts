import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Database } from "../db/connection.ts";

export function registerHealthRoutes(app: FastifyInstance, database: Database): void {
  app.get(
    "/api/health",
    {
      schema: {
        summary: "Answers once the app can serve",
        response: {
          200: { type: "object", properties: { status: { type: "string" } }, required: ["status"] },
        },
      },
    },
    async () => {
      await sql`SELECT 1`.execute(database.db);
      return { status: "ok" };
    },
  );
}
