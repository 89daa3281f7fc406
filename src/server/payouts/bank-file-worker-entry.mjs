// The worker thread's entry. Run compiled (`npm start`), its module is the JavaScript
// beside this file; run from the sources (dev, tests), the thread starts without the app's TypeScript
// loader, so it registers it first.
import fs from "node:fs";

const compiled = new URL("./bank-file-worker.js", import.meta.url);
if (fs.existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./bank-file-worker.ts");
}
