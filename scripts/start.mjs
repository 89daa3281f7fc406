// `npm start`: builds the web app and the server when their sources changed since their last build, then
// runs the compiled server (no TypeScript loader at run time). `npm run dev` (`--dev`) runs the server from
// its TypeScript sources instead, through tsx, and builds only the web app.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildServer } from "./build-server.mjs";
import { SERVER_NODE_FLAGS } from "./lib/server-flags.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");

function newestMtime(target) {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(full, { recursive: true })) {
    newest = Math.max(newest, fs.statSync(path.join(full, String(entry))).mtimeMs);
  }
  return newest;
}

/** Runs `build` when an input is newer than the stamp of its last build; exits if it fails. */
function buildIfChanged(what, stamp, inputs, build) {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  if (Math.max(...inputs.map(newestMtime)) <= built) return;
  console.log(`Building ${what}…`);
  if (!build()) process.exit(1);
  fs.writeFileSync(stamp, new Date().toISOString());
}

buildIfChanged(
  "the web app",
  path.join(root, "dist/web/.build-stamp"),
  ["src/web", "src/common", "index.html", "vite.config.ts", "package-lock.json"],
  () =>
    spawnSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build"], {
      cwd: root,
      stdio: "inherit",
    }).status === 0,
);
if (!dev) {
  buildIfChanged(
    "the server",
    path.join(root, "dist/server/.build-stamp"),
    ["src/server", "src/common", "tsconfig.json", "tsconfig.build.json", "package-lock.json"],
    buildServer,
  );
}

const args = [
  ...SERVER_NODE_FLAGS,
  ...(dev
    ? ["--import", "tsx", path.join(root, "src/server/main.ts")]
    : [path.join(root, "dist/server/main.js")]),
];
const server = spawn(process.execPath, args, { cwd: root, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
