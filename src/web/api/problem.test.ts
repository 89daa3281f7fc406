import { describe, expect, it } from "vitest";
import { ApiError, describeError, describeWait, formProblem, parseRetryAfter, toProblem } from "./problem.ts";

const invalid = (errors: { field?: string; message: string }[], detail = "Check the highlighted fields.") =>
  new ApiError({ type: "about:blank", title: "Invalid input", status: 400, detail, errors });

describe("problem documents from any answer", () => {
  it("keeps the members of a problem document", () => {
    const problem = toProblem(409, {
      type: "about:blank",
      title: "Conflict",
      status: 409,
      detail: "This task was already sent.",
      allowed: ["cancel"],
    });
    expect(problem).toEqual({
      type: "about:blank",
      title: "Conflict",
      status: 409,
      detail: "This task was already sent.",
      allowed: ["cancel"],
    });
  });

  it("gives a sentence to read when a proxy answers with HTML", () => {
    expect(toProblem(502, "<html>Bad gateway</html>").detail).toMatch(/Something went wrong on our side/);
  });

  it("says the server could not be reached when there was no answer", () => {
    expect(toProblem(0, undefined).detail).toMatch(/could not be reached/);
  });

  it("keeps row and column of import errors", () => {
    const problem = toProblem(400, {
      detail: "Bad file",
      errors: [{ row: 3, column: "Amount", message: "x" }],
    });
    expect(problem.errors).toEqual([{ row: 3, column: "Amount", message: "x" }]);
  });
});

describe("errors next to the fields they name", () => {
  it("puts each field's message on that field and says nothing more", () => {
    const error = invalid([{ field: "password", message: "Use at least 8 characters." }]);
    expect(formProblem(error, ["email", "password"])).toEqual({
      fieldErrors: { password: "Use at least 8 characters." },
      general: null,
    });
  });

  it("shows the detail when no field of the form is named", () => {
    const error = new ApiError({
      type: "about:blank",
      title: "Not signed in",
      status: 401,
      detail: "Wrong email or password.",
    });
    expect(formProblem(error, ["email", "password"])).toEqual({
      fieldErrors: {},
      general: "Wrong email or password.",
    });
  });

  it("shows messages for fields the form does not have above it", () => {
    const error = invalid([
      { field: "email", message: "Enter a valid email." },
      { field: "accountType", message: "Choose one." },
    ]);
    expect(formProblem(error, ["email"])).toEqual({
      fieldErrors: { email: "Enter a valid email." },
      general: "Choose one.",
    });
  });

  it("maps API field names to the form's", () => {
    const error = invalid([{ field: "contractorEmail", message: "Invalid address." }]);
    expect(formProblem(error, ["email"], { contractorEmail: "email" }).fieldErrors).toEqual({
      email: "Invalid address.",
    });
  });

  it("describes errors that are not from the API", () => {
    expect(formProblem(new TypeError("x is undefined"), ["email"]).general).toMatch(/Reload it/);
  });
});

describe("rate limits", () => {
  it("reads Retry-After in seconds and as a date", () => {
    expect(parseRetryAfter("120")).toBe(120);
    expect(parseRetryAfter("Thu, 26 Nov 2026 05:00:00 GMT", Date.parse("2026-11-26T04:59:00Z"))).toBe(60);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter("soon")).toBeNull();
  });

  it("tells when to try again", () => {
    const error = new ApiError(
      { type: "about:blank", title: "Too many requests", status: 429, detail: "Too many attempts." },
      900,
    );
    expect(describeError(error)).toBe("Too many attempts. You can try again in 15 minutes.");
    expect(describeWait(1)).toBe("in 1 second");
    expect(describeWait(3600)).toBe("in 1 hour");
  });
});
