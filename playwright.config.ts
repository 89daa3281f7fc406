import { defineConfig } from "@playwright/test";

// Browsers cannot be downloaded here: the tests drive Debian's Chromium.
export default defineConfig({
  testDir: "test/e2e",
  outputDir: "test-results",
  // One app per worker; the machine is small and the tests share its database.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 800 },
    // The app honours reduced motion: no dialog, menu or notification is caught mid-transition.
    reducedMotion: "reduce",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium" }],
});
