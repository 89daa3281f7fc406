import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keepStatisticsFresh } from "./sqlite-statistics.ts";

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-stats-"));
  file = path.join(dir, "app.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function statistics(sqlite: SQLite.Database): string[] {
  const stat1 = sqlite.prepare("select name from sqlite_master where name = 'sqlite_stat1'").get();
  if (!stat1) return [];
  return sqlite
    .prepare<[], { idx: string }>("select idx from sqlite_stat1 order by idx")
    .all()
    .map((r) => r.idx);
}

describe("keepStatisticsFresh", () => {
  it("gives the planner statistics of the tables that grew since the database was last opened", () => {
    let sqlite = new SQLite(file);
    sqlite.exec("create table tasks (id integer primary key, company text, status text)");
    sqlite.exec("create index tasks_company_status on tasks (company, status)");
    keepStatisticsFresh(sqlite)();
    expect(statistics(sqlite)).toEqual([]);
    const insert = sqlite.prepare("insert into tasks (company, status) values (?, ?)");
    sqlite.transaction(() => {
      for (let i = 0; i < 20_000; i++) insert.run(`c${i % 50}`, i % 3 === 0 ? "done" : "offered");
    })();
    sqlite.close();

    sqlite = new SQLite(file);
    const stop = keepStatisticsFresh(sqlite);
    expect(statistics(sqlite)).toEqual(["tasks_company_status"]);
    stop();
    sqlite.close();
  });

  it("opens a database whose write lock another process holds, and leaves the statistics for later", () => {
    const setup = new SQLite(file);
    setup.exec("create table t (id integer primary key, k text); create index t_k on t (k)");
    const insert = setup.prepare("insert into t (k) values (?)");
    setup.transaction(() => {
      for (let i = 0; i < 5_000; i++) insert.run(`k${i % 10}`);
    })();
    setup.close();

    const holder = new SQLite(file);
    holder.exec("begin immediate");
    const sqlite = new SQLite(file);
    sqlite.pragma("busy_timeout = 100");
    const stop = keepStatisticsFresh(sqlite);
    expect(statistics(sqlite)).toEqual([]);
    holder.exec("rollback");
    holder.close();
    stop();
    sqlite.close();
  });
});
