// Which code may import which. `npm test` runs `depcruise src` with these rules and fails on any break.
// docs/architecture.md explains the layers; keep the two in step.

// Server features from the bottom up: a feature may import the ones before it in this list, never one after
// it (and so never around a circle). A lower feature that must react to a higher one's change registers a
// hook handler (src/server/kernel/tx.ts) instead of importing it.
const FEATURES = [
  "auth",
  "profile",
  "contractors",
  "tasks",
  "money",
  "documents",
  "imports",
  "support",
  "account",
  "payouts",
  "admin",
  "audit",
  "webhooks",
  "me",
  "overview",
];

// Server folders every feature may use; they import no feature.
const PLATFORM = ["config.ts", "db", "http", "events", "mail", "jobs", "kernel"];

// A test may build its data through any feature (test/support does); the order binds production code.
const TESTS = "\\.test\\.tsx?$";

// What a test helper would be called, were one written under src/ (they belong in test/support/).
const HELPER_NAMES = "(testing|test-utils?|test-helpers?|test-support|fixtures?|factories)(\\.tsx?$|/)";
const TEST_HELPERS = `^src/${HELPER_NAMES}|^src/[^.]*/${HELPER_NAMES}`;

const feature = (name) => `^src/server/${name}/`;
const anyOf = (names) => `^src/server/(${names.join("|")})(/|$)`;

const featureOrder = FEATURES.map((name, index) => ({
  name: `feature-order-${name}`,
  comment: `${name} may import only the features listed before it (${FEATURES.slice(0, index).join(", ") || "none"}).`,
  severity: "error",
  from: { path: feature(name), pathNot: TESTS },
  to: { path: anyOf(FEATURES.slice(index + 1)) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "Imports go one way: no module reaches itself again through its imports.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "common-is-pure",
      comment: "src/common is shared by the server and the browser: it imports neither.",
      severity: "error",
      from: { path: "^src/common/" },
      to: { path: "^src/(server|web)/" },
    },
    {
      name: "web-not-server",
      comment: "The web app talks to the server over HTTP only; shared code lives in src/common.",
      severity: "error",
      from: { path: "^src/web/" },
      to: { path: "^src/server/" },
    },
    {
      name: "server-not-web",
      severity: "error",
      from: { path: "^src/server/" },
      to: { path: "^src/web/" },
    },
    {
      name: "platform-not-features",
      comment:
        "Platform folders (database, HTTP, events, mail, jobs, kernel) serve every feature and know none.",
      severity: "error",
      from: { path: anyOf(PLATFORM), pathNot: TESTS },
      to: { path: anyOf(FEATURES) },
    },
    ...featureOrder,
    {
      name: "no-test-helpers-in-src",
      comment:
        "Test helpers (testing.ts, test-utils, fixtures, test-support) live in test/support/, never under src/: nothing in src/ may import one.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: TEST_HELPERS },
    },
    {
      name: "tests-stay-out",
      comment: "Production code never imports tests or test support.",
      severity: "error",
      from: { path: "^src/", pathNot: TESTS },
      to: { path: `${TESTS}|^test/` },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js", ".mjs"] },
  },
};
