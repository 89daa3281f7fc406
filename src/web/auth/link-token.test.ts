import { describe, expect, it } from "vitest";
import { splitToken } from "./link-token.ts";

describe("a link's token leaves the address", () => {
  it("takes the token out and keeps the rest of the address", () => {
    expect(splitToken("https://crewdesk.test/set-password?token=abc123&x=1#top")).toEqual({
      token: "abc123",
      cleanUrl: "/set-password?x=1#top",
    });
  });

  it("leaves a clean path when the token was the only parameter", () => {
    expect(splitToken("https://crewdesk.test/verify-email?token=t-1")).toEqual({
      token: "t-1",
      cleanUrl: "/verify-email",
    });
  });

  it("finds no token where there is none", () => {
    expect(splitToken("https://crewdesk.test/set-password")).toEqual({
      token: null,
      cleanUrl: "/set-password",
    });
  });

  it("treats an empty token as none, but still removes it", () => {
    expect(splitToken("https://crewdesk.test/set-password?token=")).toEqual({
      token: null,
      cleanUrl: "/set-password",
    });
  });
});
