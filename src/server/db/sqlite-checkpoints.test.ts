import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "./connection.ts";

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crewdesk-checkpoints-"));
  file = path.join(dir, "app.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}

describe("SQLite checkpoints in the background", () => {
  it("copies what commits leave in the log into the database file, while the app's connection never does", async () => {
    const database = openDatabase(`sqlite:${file}`);
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
      database.db,
    );
    expect(rows[0]?.wal_autocheckpoint).toBe(0);

    await sql`create table notes (id integer primary key, body text not null)`.execute(database.db);
    const body = "x".repeat(20_000);
    // About 1,200 pages over 240 commits: past the 1,000 at which a commit would checkpoint by itself.
    for (let i = 0; i < 240; i++) await sql`insert into notes (body) values (${body})`.execute(database.db);

    const copied = await waitFor(() => fs.statSync(file).size > 4_000_000, 5_000);
    expect(copied, `database file ${fs.statSync(file).size} bytes`).toBe(true);
    await database.close();
  });

  it("lets a process that opens, writes and closes a database end normally", () => {
    const connection = new URL("./connection.ts", import.meta.url).href;
    const script = `
      const { sql } = await import("kysely");
      const { openDatabase } = await import(${JSON.stringify(connection)});
      const database = openDatabase(${JSON.stringify(`sqlite:${file}`)});
      await sql\`create table t (id integer primary key)\`.execute(database.db);
      await database.close();
      console.log("closed");
    `;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    expect(out.trim()).toBe("closed");
  });
});
