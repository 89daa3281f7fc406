import { describe, expect, it } from "vitest";
import { TWO_STEP_REQUIRED_PROBLEM } from "../../common/account.ts";
import { ApiError } from "../api/problem.ts";
import { redirectFor, shouldRetry } from "./query-client.ts";

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

describe("a company that requires two-step sign-in", () => {
  const required = new ApiError({
    type: TWO_STEP_REQUIRED_PROBLEM,
    title: "Not allowed",
    status: 403,
    detail: "Acme requires two-step sign-in of its members.",
  });

  it("leads a member without it to the Account page's set-up", () => {
    expect(redirectFor(required, "/companies/c1/overview")).toBe("/account?setup=two-step");
  });

  it("leaves other problems, and the Account page itself, alone", () => {
    expect(redirectFor(error(403), "/companies/c1/overview")).toBeNull();
    expect(redirectFor(required, "/account")).toBeNull();
  });
});
