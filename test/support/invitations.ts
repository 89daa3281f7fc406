import { expect } from "vitest";
import type { AppEvent } from "../../src/server/events/bus.ts";
import type { ReceivedMail } from "./smtp-peer.ts";
import { TEST_APP_URL, type TestApp, type TestClient } from "./test-app.ts";

/** The token of the only link of this shape in the mail (`/set-password`, `/invitation`). */
export function tokenIn(mail: ReceivedMail, path: string): string {
  const links = mail.links.filter((l) => l.startsWith(`${TEST_APP_URL}${path}?token=`));
  expect(links, `a ${path} link on APP_URL in "${mail.subject}"`).toHaveLength(1);
  const token = new URL(links[0] ?? "").searchParams.get("token");
  expect(token).toBeTruthy();
  return token ?? "";
}

export async function invite(
  client: TestClient,
  companyId: string,
  emails: string,
  message?: string,
): Promise<{ status: number; results: Array<Record<string, string>> }> {
  const res = await client.post(`/api/companies/${companyId}/contractors/invitations`, {
    emails,
    ...(message === undefined ? {} : { message }),
  });
  return { status: res.status, results: res.json?.results ?? res.json };
}

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

/** The contractor in a contractor.updated event, if it is one. */
export function contractorOf(
  e: AppEvent,
): { id: string; status: string; invitationEmail: { status: string } | null } | null {
  if (e.name !== "contractor.updated") return null;
  const data = e.data as {
    contractor?: { id: string; status: string; invitationEmail: { status: string } | null };
  };
  return data.contractor ?? null;
}
