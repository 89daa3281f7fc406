// Compiles the server (src/server and the src/common it uses) to JavaScript in dist/server and dist/common,
// so `npm start` runs without a TypeScript loader. The worker threads' .mjs entries are copied beside the
// compiled modules they start. Usage: node scripts/build-server.mjs
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export function buildServer() {
  const tsc = path.join(root, "node_modules/typescript/bin/tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) return false;
  const sources = path.join(root, "src/server");
  for (const entry of fs.readdirSync(sources, { recursive: true })) {
    if (!String(entry).endsWith(".mjs")) continue;
    fs.copyFileSync(path.join(sources, String(entry)), path.join(root, "dist/server", String(entry)));
  }
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exit(buildServer() ? 0 : 1);
