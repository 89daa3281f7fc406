import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../../../test/support/test-app.ts";
import { ConfigError, loadConfig } from "../config.ts";

/** Three uses of emailed links per client address, then 429: what tells which address the app saw. */
const LIMITED = { RATE_LIMIT_LINKS_IP_MAX: "3" };

/** One request to a rate-limited route from the socket `peer`, with the X-Forwarded-For given. */
async function attempt(t: TestApp, peer: string, forwardedFor?: string): Promise<number> {
  const res = await t.client({ ip: peer }).request({
    method: "POST",
    url: "/api/auth/tokens/inspect",
    payload: { token: "no-such-link" },
    headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
  });
  return res.status;
}

describe("TRUST_PROXY, read from the environment", () => {
  it("takes nothing, a number of proxies, or their addresses and CIDR ranges", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "0" }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: "10.0.0.1, 10.8.0.0/16,2001:db8::/32 , loopback" }).trustProxy).toEqual([
      "10.0.0.1",
      "10.8.0.0/16",
      "2001:db8::/32",
      "loopback",
    ]);
  });

  it("refuses `true` (it would believe any X-Forwarded-For) and what is not an address", () => {
    for (const value of ["true", "10.0.0.300", "10.0.0.0/33", "proxy.example", "10.0.0.1,,"]) {
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(ConfigError);
    }
  });
});

describe("rate limits never trust a client-chosen X-Forwarded-For", () => {
  let direct: TestApp;
  let oneHop: TestApp;
  let twoHops: TestApp;
  let listed: TestApp;
  beforeAll(async () => {
    direct = await startTestApp(LIMITED);
    oneHop = await startTestApp({ ...LIMITED, TRUST_PROXY: "1" });
    twoHops = await startTestApp({ ...LIMITED, TRUST_PROXY: "2" });
    listed = await startTestApp({ ...LIMITED, TRUST_PROXY: "10.20.0.0/16" });
  });
  afterAll(async () => {
    for (const t of [direct, oneHop, twoHops, listed]) await t.close();
  });

  it("with TRUST_PROXY unset, a varying X-Forwarded-For does not escape the per-IP limit", async () => {
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push(await attempt(direct, "192.0.2.10", `198.51.100.${i}`));
    expect(answers).toEqual([410, 410, 410, 429]);
    expect(await attempt(direct, "192.0.2.11", "198.51.100.0")).toBe(410);
  });

  it("with a hop count of 1, only the address the proxy appended is taken", async () => {
    const proxy = "10.20.1.1";
    const answers: number[] = [];
    // The client writes whatever it likes on the left; the proxy appends the address it saw.
    for (let i = 0; i < 4; i++) answers.push(await attempt(oneHop, proxy, `1.2.3.${i}, 198.51.100.7`));
    expect(answers).toEqual([410, 410, 410, 429]);
    // Another client behind the same proxy has an allowance of its own.
    expect(await attempt(oneHop, proxy, "1.2.3.0, 198.51.100.8")).toBe(410);
  });

  it("with a hop count of 2, the address the first of two proxies appended is taken", async () => {
    const answers: number[] = [];
    for (let i = 0; i < 4; i++)
      answers.push(await attempt(twoHops, "10.20.1.2", `1.2.3.${i}, 198.51.100.9, 10.20.1.1`));
    expect(answers).toEqual([410, 410, 410, 429]);
    expect(await attempt(twoHops, "10.20.1.2", "1.2.3.0, 198.51.100.10, 10.20.1.1")).toBe(410);
  });

  it("with a list of proxies, trusts X-Forwarded-For only from them", async () => {
    const viaProxy: number[] = [];
    for (let i = 0; i < 4; i++)
      viaProxy.push(await attempt(listed, "10.20.3.4", `1.2.3.${i}, 198.51.100.11`));
    expect(viaProxy).toEqual([410, 410, 410, 429]);
    // A client reaching the app directly is keyed by its own address, whatever it writes.
    const directly: number[] = [];
    for (let i = 0; i < 4; i++) directly.push(await attempt(listed, "192.0.2.20", `198.51.100.${20 + i}`));
    expect(directly).toEqual([410, 410, 410, 429]);
  });
});
