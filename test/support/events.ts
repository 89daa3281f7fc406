import { isRefetch } from "../../src/common/events.ts";
import type { Contractor } from "../../src/common/wire/contractors.ts";
import type { Task } from "../../src/common/wire/tasks.ts";
import type { AppEvent } from "../../src/server/events/bus.ts";
import type { TestApp } from "./test-app.ts";

/** Everything published on the bus from now on, and a way to wait for one event. */
export function recordEvents(t: TestApp) {
  const events: AppEvent[] = [];
  const stop = t.context.bus.subscribe((e) => events.push(e));
  return {
    events,
    stop,
    async waitFor(predicate: (e: AppEvent) => boolean, timeoutMs = 5000): Promise<AppEvent> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(predicate);
        if (found) return found;
        if (Date.now() > deadline)
          throw new Error(`no matching event within ${timeoutMs} ms (${events.length} seen)`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** The contractor in a contractor.updated event, if it is one (not a refetch notice). */
export function contractorOf(e: AppEvent): Contractor | null {
  return e.name === "contractor.updated" && !isRefetch(e.data) ? e.data.contractor : null;
}

/** The task in a task.updated event, if it is one (not a refetch notice). */
export function taskOf(e: AppEvent): Task | null {
  return e.name === "task.updated" && !isRefetch(e.data) ? e.data.task : null;
}
