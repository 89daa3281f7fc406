import { describe, expect, it } from "vitest";
import { signedInCompany } from "../../../test/support/factories.ts";
import { csvFile } from "../../../test/support/import-files.ts";
import { commitImportRequest, importFile, waitForCommit } from "../../../test/support/imports.ts";
import { queueTestEmail } from "../../../test/support/mail.ts";
import { listenLocally, openEventStream } from "../../../test/support/sse.ts";
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

/** Scrapes until `series` has `value` (within 5 s), for what is recorded just after an answer. */
async function seriesReaches(series: string, value: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  let now = seriesValue(await scrape(), series);
  while (now !== value && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    now = seriesValue(await scrape(), series);
  }
  expect(now, series).toBe(value);
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

  it("is a bare 404 to a request that came through a proxy on this machine, even one naming only loopback", async () => {
    // Behind a reverse proxy on the same machine every request comes from loopback; its headers tell.
    for (const headers of [
      { "x-forwarded-for": "127.0.0.1" },
      { forwarded: "for=127.0.0.1;proto=https" },
      { "x-real-ip": "::1" },
      { via: "1.1 proxy" },
      { "x-forwarded-proto": "https" },
    ]) {
      const proxied = await fromThisMachine().request({ method: "GET", url: "/metrics", headers });
      expect(proxied.status, JSON.stringify(headers)).toBe(404);
      expect(proxied.body).not.toContain("crewdesk_");
    }
    // With METRICS_TOKEN it answers through the proxy too.
    const withToken = await fromThisMachine().request({
      method: "GET",
      url: "/metrics",
      headers: { "x-forwarded-for": "127.0.0.1", authorization: `Bearer ${TOKEN}` },
    });
    expect(withToken.status).toBe(200);
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

  it("reports an import's reading and commit: their rows, durations and last rows per second", async () => {
    const rows = (phase: string) => `crewdesk_import_rows_total{phase="${phase}"}`;
    const count = (phase: string) => `crewdesk_import_duration_seconds_count{phase="${phase}"}`;
    const text = await scrape();
    const earlier = (series: string) => seriesValue(text, series);
    const { company, client } = await signedInCompany(t);
    const header = ["Contractor email", "Contractor name", "Task title", "Amount", "Currency"];
    const lines = Array.from({ length: 3 }, (_, i) => [
      `metrics-import-${i}@example.com`,
      `Contractor ${i}`,
      `Task ${i}`,
      "10",
      "USD",
    ]);
    const preview = await importFile(client, company.id, "tasks.csv", csvFile([header, ...lines]));
    expect(preview.status).toBe("validated");
    // Recorded just after the step's last transaction: a scrape may come a moment before it.
    await seriesReaches(rows("reading"), earlier(rows("reading")) + 3);
    await seriesReaches(count("reading"), earlier(count("reading")) + 1);
    expect((await commitImportRequest(client, company.id, preview.id)).status).toBe(202);
    expect((await waitForCommit(client, company.id, preview.id)).status).toBe("done");
    await seriesReaches(rows("commit"), earlier(rows("commit")) + 3);
    await seriesReaches(count("commit"), earlier(count("commit")) + 1);
    const perSecond = seriesValue(await scrape(), 'crewdesk_import_last_rows_per_second{phase="commit"}');
    expect(perSecond).toBeGreaterThan(0);
  });

  it("counts the live event streams open on this process, and no longer one that closed", async () => {
    const base = await listenLocally(t.app);
    const series = "crewdesk_event_streams_open";
    const before = seriesValue(await scrape(), series);
    const { client } = await signedInCompany(t);
    const stream = await openEventStream(base, client.cookies);
    try {
      expect(seriesValue(await scrape(), series)).toBe(before + 1);
    } finally {
      stream.close();
    }
    await seriesReaches(series, before);
  });
});
