import fastifyMultipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import { MAX_IMPORT_FILE_BYTES } from "../../common/imports/limits.ts";
import type { AppContext } from "../kernel/context.ts";
import { stopCommitJobs } from "./commit-job.ts";
import { readingsInFlight } from "./read-import.ts";
import { registerImportRoutes } from "./routes.ts";

/** Task imports. Multipart bodies are parsed only on these routes, within the file limit. */
export function registerImports(app: FastifyInstance, context: AppContext): void {
  // Files being read finish before the database closes.
  app.addHook("preClose", async () => {
    await Promise.allSettled([...readingsInFlight]);
    // Commits stop between two steps; their jobs are due again for whichever node runs next.
    await stopCommitJobs();
  });
  app.register(async (scope) => {
    await scope.register(fastifyMultipart, {
      limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1, fields: 10, parts: 20, headerPairs: 100 },
    });
    registerImportRoutes(scope, context);
  });
}
