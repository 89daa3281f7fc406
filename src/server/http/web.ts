import fs from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/**
 * Serves the built React app. Hashed assets are cached for a year; every other path that is not an API
 * route answers with index.html so the client router can take it.
 */
export async function registerWebApp(app: FastifyInstance, webRoot: string): Promise<boolean> {
  const index = path.join(webRoot, "index.html");
  if (!fs.existsSync(index)) return false;
  await app.register(fastifyStatic, {
    root: webRoot,
    wildcard: false,
    index: false,
    setHeaders(res, file) {
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      res.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });
  return true;
}
