import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus series, served at /metrics (`http/metrics.ts`). One registry per process: a
 * process serves one app, and tests that build several read the series' changes, not their values.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: "crewdesk_" });

/** Labelled by the route's pattern (`/api/companies/:cid/tasks`), never the raw URL: bounded series. */
export const requestDuration = new Histogram({
  name: "crewdesk_http_request_duration_seconds",
  help: "Time to answer an HTTP request, by method, route pattern and status code.",
  labelNames: ["method", "route", "status_code"] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** Set when /metrics is read, from the outbox itself, so every node reports the same backlog. */
export const outboxBacklog = new Gauge({
  name: "crewdesk_outbox_backlog",
  help: "Emails waiting in the outbox, by status (queued: due or retrying; sending: claimed; held).",
  labelNames: ["status"] as const,
  registers: [metricsRegistry],
});

export const emailSendFailures = new Counter({
  name: "crewdesk_outbox_send_failures_total",
  help: "Emails the mail server did not take, by outcome (retry: tried again later; failed: given up).",
  labelNames: ["outcome"] as const,
  registers: [metricsRegistry],
});

export const importDuration = new Histogram({
  name: "crewdesk_import_duration_seconds",
  help: "Time an import step took from start to end, by phase (reading the file; committing its tasks).",
  labelNames: ["phase"] as const,
  buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  registers: [metricsRegistry],
});

export const importRows = new Counter({
  name: "crewdesk_import_rows_total",
  help: "Rows imports went through, by phase; with the duration's sum, rows per second over any window.",
  labelNames: ["phase"] as const,
  registers: [metricsRegistry],
});

export const importRowsPerSecond = new Gauge({
  name: "crewdesk_import_last_rows_per_second",
  help: "Rows per second of the last import step that ended in this process, by phase.",
  labelNames: ["phase"] as const,
  registers: [metricsRegistry],
});

export const openEventStreams = new Gauge({
  name: "crewdesk_event_streams_open",
  help: "Live event streams (/api/events) open on this process.",
  registers: [metricsRegistry],
});

/** Records one import step that went through `rows` rows since `startedAt` (performance.now()). */
export function observeImport(phase: "reading" | "commit", startedAt: number, rows: number): void {
  const seconds = (performance.now() - startedAt) / 1000;
  importDuration.observe({ phase }, seconds);
  importRows.inc({ phase }, rows);
  if (seconds > 0) importRowsPerSecond.set({ phase }, rows / seconds);
}
