import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { setUpTestApp, type TestResponse } from "../../../test/support/test-app.ts";

/** A route shaped like every feature route: a strict JSON body schema and a response schema. */
function echoRoute(app: FastifyInstance): void {
  app.post(
    "/api/test/echo",
    {
      schema: {
        body: Type.Object({
          name: Type.String({ minLength: 1 }),
          count: Type.Integer({ minimum: 0 }),
          tags: Type.Optional(Type.Array(Type.String())),
        }),
        response: { 200: Type.Object({ name: Type.String(), count: Type.Integer() }) },
      },
    },
    async (request) => request.body as { name: string; count: number },
  );
}

const t = setUpTestApp({}, { routes: echoRoute });

function expectProblem(res: TestResponse, status: number): void {
  expect(res.status).toBe(status);
  expect(String(res.headers["content-type"])).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ type: expect.any(String), title: expect.any(String), status });
  expect(typeof res.json.detail).toBe("string");
  expect(res.json.detail.length).toBeGreaterThan(0);
}

const rawPost = (payload: string, contentType = "application/json") =>
  t
    .client()
    .request({ method: "POST", url: "/api/test/echo", payload, headers: { "content-type": contentType } });

describe("problem documents for bad input", () => {
  it("accepts a valid body", async () => {
    const res = await t.client().post("/api/test/echo", { name: "Ada", count: 2 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ name: "Ada", count: 2 });
  });

  it("answers malformed JSON with a 400 problem document", async () => {
    const res = await rawPost('{"name": "Ada", ');
    expectProblem(res, 400);
    expect(res.json.detail).toMatch(/not valid JSON/);
  });

  it("names each field of the wrong type, without coercing numbers into strings", async () => {
    const res = await t.client().post("/api/test/echo", { name: 42, count: "many" });
    expectProblem(res, 400);
    const fields = res.json.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["name", "count"]));
  });

  it("refuses an array where a string is expected, naming the field", async () => {
    const res = await t.client().post("/api/test/echo", { name: ["Ada", "Grace"], count: 1 });
    expectProblem(res, 400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: "name" })]);
  });

  it("names a missing field", async () => {
    const res = await t.client().post("/api/test/echo", { count: 1 });
    expectProblem(res, 400);
    expect(res.json.errors).toEqual([
      expect.objectContaining({ field: "name", message: "name is required" }),
    ]);
  });

  it("names the element of a list that is wrong", async () => {
    const res = await t.client().post("/api/test/echo", { name: "Ada", count: 1, tags: ["ok", 7] });
    expectProblem(res, 400);
    expect(res.json.errors[0].field).toBe("tags.1");
  });

  it("refuses a number too large to represent, naming the field", async () => {
    const res = await rawPost('{"name": "Ada", "count": 1e400}');
    expectProblem(res, 400);
    expect(res.json.errors).toEqual([expect.objectContaining({ field: "count" })]);
  });

  it("answers a body over 1 MB with 413", async () => {
    const res = await rawPost(JSON.stringify({ name: "x".repeat(1024 * 1024 + 10), count: 1 }));
    expectProblem(res, 413);
  });

  it("answers an unknown API route with a 404 problem document", async () => {
    const res = await t.client().get("/api/no-such-thing");
    expectProblem(res, 404);
    const post = await t.client().post("/api/no-such-thing", { a: 1 });
    expectProblem(post, 404);
  });

  it("never answers 500 to bad input", async () => {
    const bodies: [string, string][] = [
      ["", "application/json"],
      ["null", "application/json"],
      ["[]", "application/json"],
      ['"just a string"', "application/json"],
      ["12", "application/json"],
      ['{"__proto__": {"polluted": true}, "name": "a", "count": 1}', "application/json"],
      ['{"constructor": {"prototype": {"x": 1}}}', "application/json"],
      [`${"[".repeat(5000)}${"]".repeat(5000)}`, "application/json"],
      ['{"name": "\\ud800", "count": 1}', "application/json"],
      ['{"name": "Ada", "count": 1e400}', "application/json"],
      ["name=Ada&count=1", "application/x-www-form-urlencoded"],
      ["hello", "text/plain"],
      ["{}", "application/json; charset=latin1"],
    ];
    for (const [payload, contentType] of bodies) {
      const res = await rawPost(payload, contentType);
      const what = `${contentType}: ${payload.slice(0, 40)}`;
      expect(res.status, what).toBeLessThan(500);
      // A lone surrogate is still valid JSON text: answered, not crashed on. Everything else is refused.
      if (!payload.includes("ud800")) expectProblem(res, res.status);
      if (!payload.includes("ud800")) expect(res.status, what).toBeGreaterThanOrEqual(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("API documentation", () => {
  it("serves the OpenAPI document generated from the route schemas", async () => {
    const res = await t.client().get("/api/docs/json");
    expect(res.status).toBe(200);
    expect(res.json.openapi).toMatch(/^3\./);
    expect(res.json.info.title).toBe("Crewdesk API");
    expect(res.json.paths["/api/health"].get).toBeDefined();
    const echo = res.json.paths["/api/test/echo"].post;
    expect(echo.requestBody.content["application/json"].schema.required).toEqual(["name", "count"]);
  });

  it("serves a readable documentation page", async () => {
    const res = await t.client().get("/api/docs/");
    expect(res.status).toBe(200);
    expect(String(res.headers["content-type"])).toMatch(/text\/html/);
  });
});
