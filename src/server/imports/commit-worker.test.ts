import { describe, expect, it } from "vitest";
import { rowOf } from "../../../test/support/rows.ts";
import { setUpTestApp } from "../../../test/support/test-app.ts";
import { newId } from "../db/ids.ts";
import { ACTS_JOB } from "../documents/hooks.ts";
import { startCommitWorker } from "./commit-job.ts";

const t = setUpTestApp();

describe("the import commit worker", () => {
  it("leaves another feature's due job alone, for that feature's worker on any node to take at once", async () => {
    const id = newId();
    const now = new Date().toISOString();
    await t.context.database.db
      .insertInto("jobs")
      .values({
        id,
        kind: ACTS_JOB,
        payload: JSON.stringify({ taskId: newId() }),
        status: "queued",
        attempts: 0,
        next_attempt_at: now,
        locked_until: null,
        last_error: null,
        created_at: now,
      })
      .execute();
    // The worker polls once as it starts; stop() waits for that round.
    await startCommitWorker(t.context, t.app.log).stop();
    expect(await rowOf(t, "jobs", id)).toMatchObject({ status: "queued", attempts: 0, locked_until: null });
  });
});
