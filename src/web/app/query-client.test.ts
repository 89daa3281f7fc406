import { describe, expect, it } from "vitest";
import { ApiError } from "../api/problem.ts";
import { shouldRetry } from "./query-client.ts";

const error = (status: number) => new ApiError({ type: "about:blank", title: "", status, detail: "" });

describe("retrying a failed query", () => {
  it("retries network failures and server errors twice", () => {
    expect(shouldRetry(0, error(0))).toBe(true);
    expect(shouldRetry(1, error(503))).toBe(true);
    expect(shouldRetry(2, error(503))).toBe(false);
  });

  it("never retries what will answer the same (4xx)", () => {
    expect(shouldRetry(0, error(404))).toBe(false);
    expect(shouldRetry(0, error(401))).toBe(false);
  });
});
