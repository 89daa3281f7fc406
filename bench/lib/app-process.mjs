// The app in a process of its own (LOG_LEVEL=warn, workers on unless `env` says WORKERS=off), from its
// TypeScript sources through tsx or, with `compiled`, as `npm start` runs it; and an account signed up
// through its HTTP API. Plain ESM: no tsx needed here.
import path from "node:path";
import { freePort } from "../../scripts/lib/free-port.mjs";
import { SERVER_NODE_FLAGS } from "../../scripts/lib/server-flags.mjs";
import { repoRoot, startServer } from "./bench.mjs";

/** Node's own flags for the app process, from `APP_NODE_ARGS` (e.g. "--cpu-prof --cpu-prof-dir=DIR"). */
function appNodeArgs() {
  return (process.env.APP_NODE_ARGS ?? "").split(" ").filter(Boolean);
}

/**
 * Starts the app on a free port against `databaseUrl`; `env` adds or overrides settings. `compiled` runs
 * dist/server/main.js (build it first: scripts/build-server.mjs) with `npm start`'s Node flags, or with
 * `serverFlags` instead.
 */
export async function startAppProcess(
  databaseUrl,
  env = {},
  { compiled = false, serverFlags = SERVER_NODE_FLAGS } = {},
) {
  // APP_URL must be the address itself: the Origin check accepts only it on unsafe requests.
  const port = await freePort();
  const entry = compiled
    ? [...serverFlags, path.join(repoRoot, "dist/server/main.js")]
    : ["--import", "tsx", path.join(repoRoot, "src/server/main.ts")];
  return startServer({
    command: [process.execPath, ...appNodeArgs(), ...entry],
    port,
    env: {
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: "warn",
      NODE_ENV: "development",
      ...env,
    },
  });
}

/** Signs up through POST /api/auth/sign-up (201 or it throws); returns the session cookie ("name=value"). */
export async function signUp(appUrl, account) {
  const response = await fetch(`${appUrl}/api/auth/sign-up`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: appUrl },
    body: JSON.stringify(account),
  });
  if (response.status !== 201)
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  return response.headers.getSetCookie()[0].split(";")[0];
}
