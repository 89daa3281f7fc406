import { defineConfig } from "vitest/config";

const integration = ["src/server/**/*.test.ts", "test/integration/**/*.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["src/common/**/*.test.ts", "src/web/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        test: {
          name: "sqlite",
          include: integration,
          env: { TEST_DIALECT: "sqlite" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "postgres",
          include: integration,
          env: { TEST_DIALECT: "postgres" },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
