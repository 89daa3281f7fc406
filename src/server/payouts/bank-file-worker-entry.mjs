// The worker thread's entry: a worker starts without the app's TypeScript loader, so it registers it first.
import { register } from "tsx/esm/api";

register();
await import("./bank-file-worker.ts");
