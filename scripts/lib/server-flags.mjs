// Node's flags for the server process, which `npm start` passes when it starts the server. They trade a
// little more frequent garbage collection for a much lower peak of memory.
//
// --heap-growing-percent=20: after each full collection V8 lets the old generation grow to 1.2 times what
//   survived, instead of up to 4 times on a large machine. A task import promotes a steady stream of
//   short-lived rows into the old generation; with the default factor the heap held 100–200 MiB of garbage
//   before V8 collected it.
// --max-semi-space-size=8: a young generation of about 24 MiB instead of 48 MiB.
//
// Measured on a 100,000-row CSV import (docs/benchmarks.md, "Task import: the server's peak memory"): the
// server's peak RSS 380–397 MiB → 227 MiB on SQLite (with the reader's smaller young generation and
// exceljs loaded only when needed; the flags alone: 285 MiB), with no more CPU; GET /api/me's throughput
// unchanged within noise.
export const SERVER_NODE_FLAGS = ["--heap-growing-percent=20", "--max-semi-space-size=8"];
