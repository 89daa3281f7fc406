import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable.ts";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("is true for a database that cannot serve now: down, restarting, out of connections, locked", () => {
    expect(isDatabaseUnavailable(withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("sorry, too many clients already", "53300"))).toBe(true);
    expect(
      isDatabaseUnavailable(withCode("terminating connection due to administrator command", "57P01")),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(withCode("database is locked", "SQLITE_BUSY"))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error("wrapped", { cause: withCode("locked", "SQLITE_BUSY_SNAPSHOT") })),
    ).toBe(true);
  });

  it("is false for a query's own failure, which trying again would not mend", () => {
    expect(isDatabaseUnavailable(withCode("duplicate key value", "23505"))).toBe(false);
    expect(isDatabaseUnavailable(withCode("UNIQUE constraint failed", "SQLITE_CONSTRAINT_UNIQUE"))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(withCode('column "nope" does not exist', "42703"))).toBe(false);
    expect(isDatabaseUnavailable("not an error")).toBe(false);
  });
});
