import { describe, expect, it } from "vitest";
import { timestamptzToIso } from "./timestamps.ts";

describe("timestamptzToIso", () => {
  it("gives the ISO text Date gives for every form PostgreSQL sends", () => {
    for (const value of [
      "2026-12-01 18:45:00.123456+00",
      "2026-12-01 18:45:00.9999+00",
      "2026-12-01 18:45:00.1+00",
      "2026-12-01 18:45:00.12+00",
      "2026-12-01 18:45:00.123+00",
      "2026-12-01 18:45:00+00",
      "2026-02-28 23:59:59.999999+00",
      "2026-12-01 18:45:00.5+05:30",
      "2026-12-01 18:45:00-08",
    ])
      expect(timestamptzToIso(value), value).toBe(new Date(value).toISOString());
  });

  it("keeps the offset of a server whose time zone is not UTC", () => {
    expect(timestamptzToIso("2026-12-01 18:45:00.5+05:30")).toBe("2026-12-01T13:15:00.500Z");
  });
});
