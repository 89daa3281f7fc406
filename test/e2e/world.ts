import { type APIRequestContext, expect, request as playwrightRequest } from "@playwright/test";
import type { SmtpPeer } from "../support/smtp-peer.ts";
import { confirmEmail, uniqueEmail } from "./fixtures.ts";

export const WORLD_PASSWORD = "a long enough password";

/** A signed-in API client of its own (cookies apart from the page's), sending the app's Origin. */
export async function apiClient(baseURL: string): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
}

async function ok<T>(response: Promise<import("@playwright/test").APIResponse>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.status(), `${answer.url()} answered ${await answer.text()}`).toBe(status);
  const text = await answer.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function signUp(
  api: APIRequestContext,
  input: { accountType: "company" | "contractor"; name: string; email: string; companyName?: string },
): Promise<void> {
  await ok(api.post("/api/auth/sign-up", { data: { ...input, password: WORLD_PASSWORD } }), 201);
}

export async function firstCompanyId(api: APIRequestContext): Promise<string> {
  const me = await ok<{ companies: { id: string }[] }>(api.get("/api/me"));
  const id = me.companies[0]?.id;
  if (!id) throw new Error("the account has no company");
  return id;
}

export async function invite(api: APIRequestContext, cid: string, emails: string): Promise<string[]> {
  const body = await ok<{ results: { contractorId?: string }[] }>(
    api.post(`/api/companies/${cid}/contractors/invitations`, { data: { emails } }),
  );
  return body.results.map((r) => r.contractorId ?? "");
}

/** Signs an invited contractor in through the set-password link the SMTP peer received. */
export async function acceptByMail(
  baseURL: string,
  smtp: SmtpPeer,
  email: string,
  profile = true,
): Promise<APIRequestContext> {
  const mail = await smtp.waitFor(
    (m) => m.to.includes(email) && m.links.some((l) => l.includes("/set-password?token=")),
  );
  const link = mail.links.find((l) => l.includes("/set-password?token=")) ?? "";
  const token = new URL(link).searchParams.get("token");
  const api = await apiClient(baseURL);
  await ok(api.post("/api/auth/set-password", { data: { token, password: WORLD_PASSWORD } }));
  if (profile) {
    await ok(
      api.put("/api/me/profile", {
        data: {
          firstName: "Nina",
          lastName: "Novak",
          country: "DE",
          city: "Berlin",
          address: "Torstraße 1",
          postalCode: "10119",
          taxId: "DE123456789",
          phone: "+49 30 1234567",
          agreementAccepted: true,
        },
      }),
    );
  }
  return api;
}

/** Waits until the outbox worker has delivered (or given up on) a contractor's invitation email. */
async function waitForDelivery(api: APIRequestContext, cid: string, id: string, status: string) {
  await expect
    .poll(
      async () => {
        const c = await ok<{ invitationEmail: { status: string } | null }>(
          api.get(`/api/companies/${cid}/contractors/${id}`),
        );
        return c.invitationEmail?.status;
      },
      { timeout: 30_000 },
    )
    .toBe(status);
}

export interface TaskInput {
  title: string;
  amount: string;
  currency?: string;
  deadline?: string | null;
  project?: string | null;
  description?: string;
  contractorId?: string | null;
  send?: boolean;
}

export async function createTask(api: APIRequestContext, cid: string, input: TaskInput): Promise<string> {
  const task = await ok<{ id: string }>(
    api.post(`/api/companies/${cid}/tasks`, { data: { currency: "USD", ...input } }),
    201,
  );
  return task.id;
}

export async function companyMove(
  api: APIRequestContext,
  cid: string,
  id: string,
  action: string,
  body = {},
) {
  await ok(api.post(`/api/companies/${cid}/tasks/${id}/${action}`, { data: body }));
}

export async function contractorMove(api: APIRequestContext, id: string, action: string, body = {}) {
  await ok(api.post(`/api/me/tasks/${id}/${action}`, { data: body }));
}

/** An ISO date this many days from today (negative: in the past). */
export function daysFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface World {
  companyId: string;
  companyName: string;
  owner: APIRequestContext;
  ownerEmail: string;
  contractor: APIRequestContext;
  contractorEmail: string;
  contractorId: string;
  /** One task of each state the pages show differently. */
  tasks: { draft: string; offered: string; inReview: string; overdue: string; completed: string };
  removedEmail: string;
  failedEmail: string;
}

/**
 * A company as people use it: contractors Active, Invited (one whose invitation failed for good, one with a
 * long name and address), Removed; tasks in every status, one past its deadline; an Active contractor with
 * tasks of their own. Built through the API, as the pages would.
 */
export async function buildWorld(baseURL: string, smtp: SmtpPeer, label: string): Promise<World> {
  const companyName = "Northwind Design Studio";
  const owner = await apiClient(baseURL);
  const ownerEmail = uniqueEmail(`${label}-owner`);
  await signUp(owner, {
    accountType: "company",
    companyName,
    name: "Alexandra Montgomery-Smith",
    email: ownerEmail,
  });
  // The owner confirms their address first: until then the company's invitation emails are held.
  await confirmEmail(owner, smtp, ownerEmail, baseURL);
  const cid = await firstCompanyId(owner);

  const contractorEmail = uniqueEmail(`${label}-nina`);
  const [contractorId = ""] = await invite(owner, cid, `Nina Novak <${contractorEmail}>`);
  const contractor = await acceptByMail(baseURL, smtp, contractorEmail);

  const stamp = contractorEmail.slice(contractorEmail.indexOf(".") + 1, contractorEmail.indexOf("@"));
  const invited = await invite(
    owner,
    cid,
    [
      `Ben Okafor <ben.${stamp}@example.com>`,
      `Maximilian Alexander von Hohenberg-Lichtenstein <maximilian.alexander.hohenberg.${stamp}@a-rather-long-company-domain.example.com>`,
      `priya.raman.${stamp}@example.org`,
    ].join("\n"),
  );

  for (const id of invited) await waitForDelivery(owner, cid, id, "sent");

  // An invitation the mail server refuses for good: the list must show it, with the server's answer.
  const failedEmail = `nobody.${stamp}@example.net`;
  smtp.setMode("reject-permanent");
  try {
    const [failedId = ""] = await invite(owner, cid, failedEmail);
    await waitForDelivery(owner, cid, failedId, "failed");
  } finally {
    smtp.setMode("accept");
  }

  const removedEmail = `gone.${stamp}@example.com`;
  const [removedId] = await invite(owner, cid, `Greta Gone <${removedEmail}>`);
  await ok(owner.delete(`/api/companies/${cid}/contractors/${removedId}`), 204);

  const withNina = { contractorId, send: true };
  const draft = await createTask(owner, cid, {
    title: "Brand guidelines, second edition",
    amount: "2400",
    currency: "EUR",
    project: "Brand",
  });
  const offered = await createTask(owner, cid, {
    title: "Logo animation for the product launch video",
    amount: "1250.50",
    deadline: daysFromToday(14),
    project: "Launch",
    ...withNina,
  });
  const overdue = await createTask(owner, cid, {
    title: "Translate the brochure",
    description: "Eight pages, English to German.",
    amount: "480",
    deadline: daysFromToday(-3),
    project: "Spring campaign",
    ...withNina,
  });
  await contractorMove(contractor, overdue, "accept");
  const inReview = await createTask(owner, cid, {
    title: "Icon set, 48 icons",
    amount: "900",
    deadline: daysFromToday(5),
    project: "Brand",
    ...withNina,
  });
  await contractorMove(contractor, inReview, "accept");
  await contractorMove(contractor, inReview, "submit", {
    result: "All 48 icons, SVG and PNG.",
    link: "https://files.example.com/icons.zip",
  });
  const completed = await createTask(owner, cid, {
    title: "Newsletter template",
    amount: "300000",
    currency: "JPY",
    deadline: daysFromToday(-20),
    ...withNina,
  });
  await contractorMove(contractor, completed, "accept");
  await contractorMove(contractor, completed, "submit", { result: "Done." });
  await companyMove(owner, cid, completed, "accept");
  const declined = await createTask(owner, cid, {
    title: "Weekend support shift",
    amount: "150",
    ...withNina,
  });
  await contractorMove(contractor, declined, "decline", { comment: "I am away that weekend." });
  const cancelled = await createTask(owner, cid, { title: "Trade fair booth", amount: "3200", ...withNina });
  await companyMove(owner, cid, cancelled, "cancel", { comment: "The fair was called off." });

  return {
    companyId: cid,
    companyName,
    owner,
    ownerEmail,
    contractor,
    contractorEmail,
    contractorId,
    tasks: { draft, offered, inReview, overdue, completed },
    removedEmail,
    failedEmail,
  };
}

/** The page's browser context signs in with the API client's session (same cookie). */
export async function signInPage(page: import("@playwright/test").Page, email: string): Promise<void> {
  const response = await page.request.post("/api/auth/sign-in", {
    data: { email, password: WORLD_PASSWORD },
  });
  expect(response.status()).toBe(200);
}
