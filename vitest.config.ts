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

export default defineConfig({
  test: {
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
