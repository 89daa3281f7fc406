import { describe, expect, it } from "vitest";
import { queueTestEmail } from "../../../test/support/mail.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";

const TOKEN = "metrics-token-for-tests-0123456789";
const t = setUpTestApp({ METRICS_TOKEN: TOKEN });

const fromThisMachine = () => t.client({ ip: "127.0.0.1" });

/** The value of one series in a /metrics answer, 0 when it is not there yet. */
function seriesValue(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function scrape(): Promise<string> {
  const res = await fromThisMachine().get("/metrics");
  expect(res.status).toBe(200);
  return res.body;
}

describe("/metrics", () => {
  it("answers Prometheus' text to a client on this machine", async () => {
    const res = await fromThisMachine().get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain("# TYPE crewdesk_http_request_duration_seconds histogram");
    expect(res.body).toContain("# TYPE crewdesk_outbox_backlog gauge");
    expect(res.body).toContain("# TYPE crewdesk_event_streams_open gauge");
  });

  it("is a bare 404 to another address, even one that claims to be local through X-Forwarded-For", async () => {
    const remote = await t.client({ ip: "203.0.113.7" }).get("/metrics");
    expect(remote.status).toBe(404);
    expect(remote.body).not.toContain("crewdesk_");
    const forged = await t.client({ ip: "203.0.113.7" }).request({
      method: "GET",
      url: "/metrics",
      headers: { "x-forwarded-for": "127.0.0.1" },
    });
    expect(forged.status).toBe(404);
    // A local proxy forwarding a remote client: the client is not local.
    const proxied = await fromThisMachine().request({
      method: "GET",
      url: "/metrics",
      headers: { "x-forwarded-for": "203.0.113.7" },
    });
    expect(proxied.status).toBe(404);
  });

  it("answers another address that shows METRICS_TOKEN as a bearer, and nobody with a wrong one", async () => {
    const remote = t.client({ ip: "203.0.113.8" });
    const withToken = await remote.request({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
    expect(withToken.body).toContain("crewdesk_outbox_backlog");
    const wrong = await remote.request({
      method: "GET",
      url: "/metrics",
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(404);
  });

  it("counts a request in its route's latency histogram, labelled by the route's pattern, not its URL", async () => {
    const series =
      'crewdesk_http_request_duration_seconds_count{method="GET",route="/api/companies/:cid/contractors",status_code="401"}';
    const before = seriesValue(await scrape(), series);
    const client = t.client();
    expect((await client.get("/api/companies/first-company/contractors")).status).toBe(401);
    expect((await client.get("/api/companies/second-company/contractors")).status).toBe(401);
    const after = await scrape();
    expect(seriesValue(after, series)).toBe(before + 2);
    expect(after).not.toContain("first-company");
  });

  it("reports an email queued in the outbox backlog until it is sent", async () => {
    const series = 'crewdesk_outbox_backlog{status="queued"}';
    await t.deliverMail();
    const before = seriesValue(await scrape(), series);
    await queueTestEmail(t, "backlog@example.com");
    expect(seriesValue(await scrape(), series)).toBe(before + 1);
    await t.deliverMail();
    expect(seriesValue(await scrape(), series)).toBe(before);
  });

  it("counts an email the mail server refused as a send failure", async () => {
    const series = 'crewdesk_outbox_send_failures_total{outcome="retry"}';
    const before = seriesValue(await scrape(), series);
    t.smtp.setMode("reject-temporary");
    try {
      await queueTestEmail(t, "refused@example.com");
      await t.deliverMail();
    } finally {
      t.smtp.setMode("accept");
    }
    expect(seriesValue(await scrape(), series)).toBe(before + 1);
  });
});
