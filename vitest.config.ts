import os from "node:os";
import { defineConfig } from "vitest/config";

const integration = ["src/server/**/*.test.ts", "test/integration/**/*.test.ts"];
// Tests that need no database (the import file reader) run once, with the unit tests.
const noDatabase = [
  "src/server/imports/reading/**/*.test.ts",
  "src/server/auth/hashing-slots.test.ts",
  "src/server/kernel/batcher.test.ts",
  "src/server/db/sqlite-statistics.test.ts",
  "src/server/db/sqlite-checkpoints.test.ts",
];
const postgresOnly = ["test/integration/multinode.test.ts"];
// The fault suite (`npm run test:faults`) runs the app as a process and breaks what it depends on.
const faults = ["test/faults/**/*.test.ts"];

// The integration files wait on databases and SMTP as much as they compute: two at a time even on two cores.
const maxWorkers = Math.max(2, os.availableParallelism() - 1);

export default defineConfig({
  test: {
    maxWorkers,
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/common/**/*.test.ts", "src/web/**/*.test.ts", ...noDatabase],
          environment: "node",
        },
      },
      {
        test: {
          name: "sqlite",
          include: integration,
          // The files of a worker share its loaded modules (the app's import is most of a file's start-up); each
          // file still has its own database, app and SMTP peer.
          isolate: false,
          // Several nodes share a PostgreSQL; SQLite is one node on one disk.
          exclude: [...noDatabase, ...postgresOnly],
          env: { TEST_DIALECT: "sqlite" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "postgres",
          include: integration,
          isolate: false,
          exclude: noDatabase,
          env: { TEST_DIALECT: "postgres" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "faults",
          include: faults,
          // One fault at a time: each file starts processes and times their answers.
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
