import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { buildUser, signedInClient } from "../../../test/support/factories.ts";
import { listenLocally } from "../../../test/support/sse.ts";
import { setUpTestApp, startTestApp, TEST_APP_URL } from "../../../test/support/test-app.ts";
import { redactUrl } from "./security.ts";

function changeRoute(app: FastifyInstance): void {
  app.post("/api/test/change", async () => ({ changed: true }));
}

const t = setUpTestApp({}, { routes: changeRoute });

describe("origin check on unsafe requests", () => {
  it("refuses a cookie-authenticated request from another site", async () => {
    const user = await buildUser(t.context.database.db);
    const signedIn = await signedInClient(t, user);
    const evil = t.client({ origin: "https://evil.example" });
    for (const [k, v] of signedIn.cookies) evil.cookies.set(k, v);
    const res = await evil.post("/api/test/change", {});
    expect(res.status).toBe(403);
    expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  });

  it("refuses a cookie-authenticated request without an Origin", async () => {
    const user = await buildUser(t.context.database.db);
    const signedIn = await signedInClient(t, user);
    const noOrigin = t.client({ origin: null });
    for (const [k, v] of signedIn.cookies) noOrigin.cookies.set(k, v);
    const res = await noOrigin.post("/api/test/change", {});
    expect(res.status).toBe(403);
  });

  it("accepts the same request from the app's own origin", async () => {
    const user = await buildUser(t.context.database.db);
    const client = await signedInClient(t, user);
    const res = await client.post("/api/test/change", {});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ changed: true });
  });

  it("refuses a foreign Origin even without a cookie", async () => {
    const res = await t.client({ origin: "http://crewdesk.test.evil.example" }).post("/api/test/change", {});
    expect(res.status).toBe(403);
  });

  it("exempts Bearer requests: they carry no ambient credentials", async () => {
    const res = await t.client({ origin: "https://elsewhere.example" }).request({
      method: "POST",
      url: "/api/test/change",
      headers: { authorization: "Bearer some-integration-token" },
      payload: {},
    });
    expect(res.status).toBe(200);
  });

  it("lets safe requests through whatever their origin", async () => {
    const res = await t.client({ origin: "https://evil.example" }).request({
      method: "GET",
      url: "/api/health",
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(200);
  });
});

describe("security headers", () => {
  for (const url of ["/api/health", "/api/no-such-route", "/set-password?token=abc", "/api/docs/json"]) {
    it(`are sent on ${url}`, async () => {
      const res = await t.client().get(url);
      const csp = String(res.headers["content-security-policy"]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
    });
  }
});

describe("caching of answers with personal data", () => {
  it("every /api/ answer that may hold personal data says Cache-Control: no-store", async () => {
    const user = await buildUser(t.context.database.db);
    const signedIn = await signedInClient(t, user);
    const answers = [
      await signedIn.get("/api/me"),
      await t.client().get("/api/me"),
      await t.client().post("/api/auth/sign-in", { email: "nobody@example.com", password: "not a password" }),
      await t.client().post("/api/auth/tokens/inspect", { token: "dead" }),
      await signedIn.get("/api/companies/no-such-company/contractors"),
      await t.client().get("/api/no-such-route"),
      await signedIn.post("/api/test/change", {}),
    ];
    for (const res of answers) expect(res.headers["cache-control"], String(res.status)).toBe("no-store");
  });

  it("lets the health check and the API documentation be cached", async () => {
    for (const url of ["/api/health", "/api/docs/json"]) {
      const res = await t.client().get(url);
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).not.toBe("no-store");
    }
  });

  it("sends no-store on the live event stream", async () => {
    const user = await buildUser(t.context.database.db);
    const signedIn = await signedInClient(t, user);
    const base = await listenLocally(t.app);
    const cookie = [...signedIn.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events`, { headers: { cookie }, signal: controller.signal });
    controller.abort();
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(res.headers.get("strict-transport-security")).toBeNull();
  });
});

describe("transport security", () => {
  it("with an https:// APP_URL, every answer carries Strict-Transport-Security", async () => {
    const https = await startTestApp({ APP_URL: "https://crewdesk.example" });
    try {
      for (const url of ["/api/health", "/api/me", "/api/no-such-route", "/sign-in", "/api/docs/json"]) {
        const res = await https.client({ origin: "https://crewdesk.example" }).get(url);
        expect(res.headers["strict-transport-security"], url).toBe("max-age=31536000; includeSubDomains");
      }
      const user = await buildUser(https.context.database.db);
      const signedIn = await signedInClient(https, user);
      const base = await listenLocally(https.app);
      const cookie = [...signedIn.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
      const controller = new AbortController();
      const res = await fetch(`${base}/api/events`, { headers: { cookie }, signal: controller.signal });
      controller.abort();
      expect(res.status).toBe(200);
      expect(res.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    } finally {
      await https.close();
    }
  });

  it("with an http:// APP_URL (a laptop), sends none", async () => {
    const res = await t.client().get("/api/health");
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("tokens never reach a log", () => {
  it("redacts token and password values in URLs", () => {
    expect(redactUrl("/set-password?token=abc&x=1")).toBe("/set-password?token=[redacted]&x=1");
    expect(redactUrl("/a?x=1&TOKEN=abc#frag")).toBe("/a?x=1&TOKEN=[redacted]#frag");
    expect(redactUrl("/a?password=hunter2")).toBe("/a?password=[redacted]");
  });

  it("keeps the secret out of every line the app logs", async () => {
    const stream = new PassThrough();
    let logged = "";
    stream.on("data", (chunk: Buffer) => {
      logged += chunk.toString("utf8");
    });
    const logging = await startTestApp({}, { logStream: stream });
    try {
      const secret = "s3cr3t-T0KEN-value";
      const client = logging.client();
      await client.get(`/set-password?token=${secret}`);
      await client.get(`/api/no-such-route?token=${secret}`);
      await client.get(`/api/health?x=1&token=${secret}`);
      await client.post(`/api/auth/tokens/inspect?token=${secret}`, { token: secret });
      await client.request({
        method: "POST",
        url: `/api/no-such-route?token=${secret}`,
        payload: "{broken",
        headers: { "content-type": "application/json" },
      });
      expect(logged).toContain("[redacted]");
      expect(logged.split("\n").length).toBeGreaterThan(5);
      expect(logged).not.toContain(secret);
    } finally {
      await logging.close();
    }
  });
});

describe("the test client", () => {
  it("sends the app's origin on unsafe requests", () => {
    expect(TEST_APP_URL).toBe(t.context.config.appOrigin);
  });
});
