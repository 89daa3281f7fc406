import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { buildTeam, type Team, taskIn } from "../../../test/support/factories.ts";
import type { ReceivedMail } from "../../../test/support/smtp-peer.ts";
import { setUpTestApp, TEST_APP_URL } from "../../../test/support/test-app.ts";
import {
  actionsOf,
  allowedActions,
  canAct,
  nextStatus,
  TASK_STATUSES,
  type TaskActor,
  type TaskStatus,
} from "../../common/task-status.ts";
import { sessionCookieName } from "../auth/session-cookie.ts";

const t = setUpTestApp();
let team: Team;
beforeAll(async () => {
  team = await buildTeam(t, "Northwind");
});

/** What each action sends: the comment `return` needs, the result `submit` needs. */
const bodies: Record<string, Record<string, unknown>> = {
  return: { comment: "Page 3 is missing" },
  submit: { result: "All pages translated", link: "https://files.example.com/guide.pdf" },
  cancel: { comment: "No longer needed" },
  decline: { comment: "Too busy this month" },
};

async function act(actor: TaskActor, id: string, action: string) {
  const cid = team.company.id;
  if (actor === "company" && action === "delete")
    return team.owner.delete(`/api/companies/${cid}/tasks/${id}`);
  return actor === "company"
    ? team.owner.post(`/api/companies/${cid}/tasks/${id}/${action}`, bodies[action] ?? {})
    : team.contractor.client.post(`/api/me/tasks/${id}/${action}`, bodies[action] ?? {});
}

describe("every move of the lifecycle table, as each side", () => {
  for (const status of TASK_STATUSES) {
    for (const actor of ["company", "contractor"] as const) {
      for (const action of actionsOf(actor)) {
        const legal = canAct(status, actor, action);
        const title = legal
          ? `lets the ${actor} ${action} a task that is ${status}`
          : `answers 409 with the allowed moves when the ${actor} tries to ${action} a task that is ${status}`;
        it(title, async () => {
          const id = await taskIn(team, status);
          const res = await act(actor, id, action);
          if (actor === "contractor" && status === "draft") {
            // A draft is the company's own: for the contractor it does not exist.
            expect(res.status).toBe(404);
            return;
          }
          if (!legal) {
            expect(res.status, res.body).toBe(409);
            expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
            expect(res.json.allowed).toEqual(allowedActions(status, actor));
            const after = await team.owner.get(`/api/companies/${team.company.id}/tasks/${id}`);
            expect(after.json.status).toBe(status);
            return;
          }
          if (action === "delete") {
            expect(res.status).toBe(204);
            const gone = await team.owner.get(`/api/companies/${team.company.id}/tasks/${id}`);
            expect(gone.status).toBe(404);
            return;
          }
          expect(res.status, res.body).toBe(200);
          expect(res.json.status).toBe(nextStatus(status, actor, action));
          const after = await team.owner.get(`/api/companies/${team.company.id}/tasks/${id}`);
          const last = after.json.history.at(-1);
          expect(last).toMatchObject({ from: status, to: nextStatus(status, actor, action) });
          const actorUser = actor === "company" ? team.company.owner : team.contractor.user;
          expect(last.actor).toEqual({ id: actorUser.id, name: actorUser.name });
        });
      }
    }
  }

  it("refuses an action that is not in the table at all, listing the allowed ones", async () => {
    const id = await taskIn(team, "offered");
    const res = await team.owner.post(`/api/companies/${team.company.id}/tasks/${id}/complete`);
    expect(res.status).toBe(409);
    expect(res.json.allowed).toEqual(["cancel"]);
  });

  it("does not send a draft that has no contractor, and says so with what is allowed", async () => {
    const created = await team.owner.post(`/api/companies/${team.company.id}/tasks`, {
      title: "Unassigned",
      amount: "10",
      currency: "EUR",
    });
    const res = await team.owner.post(`/api/companies/${team.company.id}/tasks/${created.json.id}/send`);
    expect(res.status).toBe(409);
    expect(res.json.allowed).toEqual(["delete"]);
  });

  it("requires a comment to return a result", async () => {
    const inReview = await taskIn(team, "in_review");
    const noComment = await team.owner.post(`/api/companies/${team.company.id}/tasks/${inReview}/return`, {
      comment: "  ",
    });
    expect(noComment.status).toBe(400);
    expect(noComment.json.errors[0].field).toBe("comment");
  });

  it("requires a result to submit", async () => {
    const inProgress = await taskIn(team, "in_progress");
    const noResult = await team.contractor.client.post(`/api/me/tasks/${inProgress}/submit`, {});
    expect(noResult.status).toBe(400);
    expect(noResult.json.errors[0].field).toBe("result");
  });

  it("refuses a submitted link that is not http(s)", async () => {
    const inProgress = await taskIn(team, "in_progress");
    const badLink = await team.contractor.client.post(`/api/me/tasks/${inProgress}/submit`, {
      result: "Done",
      link: "javascript:alert(1)",
    });
    expect(badLink.status).toBe(400);
    expect(badLink.json.errors[0].field).toBe("link");
  });
});

describe("history", () => {
  it("keeps who moved the task, when, from which status to which, and why", async () => {
    const id = await taskIn(team, "in_review");
    await team.owner.post(`/api/companies/${team.company.id}/tasks/${id}/return`, {
      comment: "Page 3 is missing",
    });
    const res = await team.contractor.client.get(`/api/me/tasks/${id}`);
    expect(res.status).toBe(200);
    const moves = res.json.history.map(
      (h: { from: string; to: string; comment: string | null; actor: { name: string } }) => [
        h.actor.name,
        h.from,
        h.to,
        h.comment,
      ],
    );
    expect(moves).toEqual([
      ["Olivia Owner", null, "draft", null],
      ["Olivia Owner", "draft", "offered", null],
      ["Carla Contractor", "offered", "in_progress", null],
      [
        "Carla Contractor",
        "in_progress",
        "in_review",
        "Done: all 12 pages\nhttps://files.example.com/guide.pdf",
      ],
      ["Olivia Owner", "in_review", "in_progress", "Page 3 is missing"],
    ]);
    for (const h of res.json.history) expect(Number.isNaN(Date.parse(h.at))).toBe(false);
  });

  it("records a task sent as it is created: created, then offered", async () => {
    const res = await team.owner.post(`/api/companies/${team.company.id}/tasks`, {
      title: "Sent at once",
      amount: "5",
      currency: "USD",
      contractorId: team.contractor.id,
      send: true,
    });
    expect(res.status).toBe(201);
    expect(res.json.status).toBe("offered");
    const task = await team.owner.get(`/api/companies/${team.company.id}/tasks/${res.json.id}`);
    expect(task.json.history.map((h: { to: string }) => h.to)).toEqual(["draft", "offered"]);
  });
});

describe("emails", () => {
  let id: string;
  const mailsTo = (address: string): ReceivedMail[] => t.smtp.mailsTo(address);
  // The outbox sends in parallel: delivery order is not the order of the moves.
  const subjects = (address: string) =>
    mailsTo(address)
      .map((m) => m.subject)
      .sort();

  beforeAll(async () => {
    await t.deliverMail();
    t.smtp.mails.length = 0;
    id = await taskIn(team, "in_review", { title: "Fix <b>the</b> logo & colours" });
    await team.owner.post(`/api/companies/${team.company.id}/tasks/${id}/return`, {
      comment: "<script>x</script>",
    });
    await team.contractor.client.post(`/api/me/tasks/${id}/submit`, { result: "Second try" });
    await team.owner.post(`/api/companies/${team.company.id}/tasks/${id}/accept`);
    await taskIn(team, "declined", { title: "Declined one" });
    await taskIn(team, "cancelled", { title: "Cancelled one" });
    await t.deliverMail();
  });

  it.each([
    {
      who: "the contractor of offers, returns, acceptances and cancellations",
      address: () => team.contractor.user.email,
      expected: [
        "Northwind offered you a task: Fix <b>the</b> logo & colours",
        "Northwind returned the task: Fix <b>the</b> logo & colours",
        "Northwind accepted your work: Fix <b>the</b> logo & colours",
        "Northwind offered you a task: Declined one",
        "Northwind offered you a task: Cancelled one",
        "Northwind cancelled the task: Cancelled one",
      ],
    },
    {
      who: "the company when the contractor takes, submits or declines a task",
      address: () => team.company.owner.email,
      expected: [
        "Carla Contractor accepted the task: Fix <b>the</b> logo & colours",
        "Carla Contractor submitted a result: Fix <b>the</b> logo & colours",
        "Carla Contractor submitted a result: Fix <b>the</b> logo & colours",
        "Carla Contractor declined the task: Declined one",
      ],
    },
  ])("tells $who", ({ address, expected }) => {
    expect(subjects(address())).toEqual([...expected].sort());
  });

  it("quotes the comment of a return, escaped in HTML, and links to the contractor's task page", () => {
    const returned = mailsTo(team.contractor.user.email).find((m) =>
      m.subject.startsWith("Northwind returned"),
    );
    expect(returned?.text).toContain("> <script>x</script>");
    expect(returned?.html).not.toContain("<script>");
    expect(returned?.html).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(returned?.links).toEqual([`${TEST_APP_URL}/my/tasks/${id}`]);
  });

  it("quotes a submitted result and its link, and links to the company's task page", () => {
    const submitted = mailsTo(team.company.owner.email).find((m) => m.text.includes("> Done: all 12 pages"));
    expect(submitted?.text).toContain("Link: https://files.example.com/guide.pdf");
    expect(submitted?.links).toContain(`${TEST_APP_URL}/companies/${team.company.id}/tasks/${id}`);
  });
});

describe("amounts and dates in task emails", () => {
  it("writes them with the web app's formatter: $1,250.50, due Dec 31, 2026", async () => {
    const contractorEmail = team.contractor.user.email;
    await taskIn(team, "offered", {
      title: "Formatted offer",
      amount: "1250.5",
      currency: "USD",
      deadline: "2026-12-31",
    });
    await t.deliverMail();
    const offer = t.smtp.mailsTo(contractorEmail).find((m) => m.subject.endsWith("Formatted offer"));
    expect(offer?.text).toContain('"Formatted offer" ($1,250.50, due Dec 31, 2026)');
    expect(offer?.html).toContain("$1,250.50, due Dec 31, 2026");
  });
});

describe("two simultaneous accepts of one offered task", () => {
  it("lets exactly one succeed; the other gets 409 with what is allowed now", async () => {
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (t.app.server.address() as AddressInfo).port;
    expect(address).toContain(String(port));
    const cookie = `${sessionCookieName(t.context.config)}=${team.contractor.client.cookies.get(sessionCookieName(t.context.config))}`;
    const accept = (id: string) =>
      fetch(`http://127.0.0.1:${port}/api/me/tasks/${id}/accept`, {
        method: "POST",
        headers: { cookie, origin: TEST_APP_URL, "content-type": "application/json" },
        body: "{}",
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as { allowed?: string[] } }));

    for (let round = 0; round < 5; round++) {
      const id = await taskIn(team, "offered");
      const answers = await Promise.all([accept(id), accept(id)]);
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)?.json.allowed).toEqual(["submit"]);
      const task = await team.owner.get(`/api/companies/${team.company.id}/tasks/${id}`);
      expect(task.json.status).toBe("in_progress");
      expect(task.json.history.filter((h: { to: TaskStatus }) => h.to === "in_progress")).toHaveLength(1);
    }
  });
});
