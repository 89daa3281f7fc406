// Where a process's SQLite time goes: loaded with `--import`, it wraps better-sqlite3's statements, `exec`
// and `pragma`, sums the wall time of each statement text (a COMMIT is named after the statement before it,
// so a chunk's commit is told from a staging batch's) and, at exit, appends per thread the top 40 and the
// process's I/O counters (/proc/self/io) to SQLITE_PROFILE_OUT (default /tmp/sqlite-profile.txt).
//
//   BENCH_NODE_ARGS="--import ./bench/lib/sqlite-profile.mjs" DIALECTS=sqlite FORMATS=csv MODES=app \
//     node --import tsx bench/import-commit.mjs
import fs from "node:fs";
import { createRequire } from "node:module";
import { isMainThread, threadId } from "node:worker_threads";

const out = process.env.SQLITE_PROFILE_OUT ?? "/tmp/sqlite-profile.txt";
const Database = createRequire(`${process.cwd()}/package.json`)("better-sqlite3");
const sums = new Map();
let previous = "";

function timed(key, call) {
  const started = process.hrtime.bigint();
  try {
    return call();
  } finally {
    const entry = sums.get(key) ?? { ns: 0n, calls: 0 };
    entry.ns += process.hrtime.bigint() - started;
    entry.calls++;
    sums.set(key, entry);
  }
}

const label = (sql) => sql.replace(/\s+/g, " ").trim().slice(0, 100);
const proto = Database.prototype;
const { prepare, exec, pragma } = proto;
proto.prepare = function (sql, ...rest) {
  const statement = prepare.call(this, sql, ...rest);
  const text = label(sql);
  for (const method of ["run", "all", "get"]) {
    const original = statement[method];
    statement[method] = function (...args) {
      const key = text === "commit" ? `commit after ${previous}` : text;
      if (text !== "commit" && text !== "begin") previous = text.slice(0, 50);
      return timed(key, () => original.apply(this, args));
    };
  }
  return statement;
};
proto.exec = function (sql) {
  return timed(`exec ${label(sql)}`, () => exec.call(this, sql));
};
proto.pragma = function (sql, ...rest) {
  return timed(`pragma ${label(sql)}`, () => pragma.call(this, sql, ...rest));
};

process.on("exit", () => {
  if (sums.size === 0) return;
  const rows = [...sums].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, 40);
  const total = [...sums.values()].reduce((all, entry) => all + entry.ns, 0n);
  const ms = (ns) => (Number(ns) / 1e6).toFixed(0).padStart(8);
  const lines = [
    `pid ${process.pid} thread ${threadId}${isMainThread ? " (main)" : ""}: ${ms(total).trim()} ms in SQLite`,
    ...rows.map(([key, entry]) => `${ms(entry.ns)} ms ${String(entry.calls).padStart(7)}×  ${key}`),
  ];
  if (isMainThread) lines.push(fs.readFileSync("/proc/self/io", "utf8").trim().replace(/\n/g, ", "));
  fs.appendFileSync(out, `${lines.join("\n")}\n\n`);
});
