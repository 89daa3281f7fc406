import path from "node:path";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import type { Database } from "../../src/server/db/connection.ts";
import { buildCompany, buildContractor, buildUser } from "../support/factories.ts";
import { wcagViolations } from "./audit.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";

// The support pages at desktop and phone widths: each passes axe's WCAG 2.2 AA rules, never scrolls
// sideways, and is saved for people to look at (test-results/screenshots/support-*.png).
const SHOTS = path.join("test-results", "screenshots");
// The app is shared by both runs: each has people of its own.
const sizes = [
  { name: "desktop", width: 1280, height: 800, visitor: "Valeria Vance", user: "Greta Gardner" },
  { name: "phone", width: 390, height: 844, visitor: "Pia Phillips", user: "Omar Okafor" },
] as const;
const PASSWORD = "support pages passphrase";

/** Checks the page as it is now, then saves its picture. */
async function check(page: Page, name: string) {
  // Let Mantine's transitions settle first: axe reads colours as they are painted.
  await page.waitForTimeout(400);
  expect(await wcagViolations(page), `${name}: WCAG 2.2 AA`).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBe(false);
  const cutOff = await page.evaluate(() =>
    [...document.querySelectorAll("button")]
      .filter((b) => b.offsetParent !== null)
      .filter((b) =>
        [b, ...b.querySelectorAll("span")].some(
          (e) => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1,
        ),
      )
      .map((b) => b.textContent),
  );
  expect(cutOff, `${name}: buttons whose label is cut off`).toEqual([]);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** A browser context signed in as a new account with a password (through the API, as the page would). */
async function signedIn(
  browser: Browser,
  baseURL: string,
  database: Database,
  input: { name: string; platformRole?: "support" },
  size: { width: number; height: number },
) {
  const email = uniqueEmail(input.name.split(" ")[0]?.toLowerCase() ?? "user");
  const user = await buildUser(database.db, {
    email,
    name: input.name,
    passwordHash: await hashPassword(PASSWORD),
    ...(input.platformRole ? { platformRole: input.platformRole } : {}),
  });
  const context = await browser.newContext({ baseURL, viewport: size });
  const res = await context.request.post("/api/auth/sign-in", {
    data: { email, password: PASSWORD },
    headers: { origin: baseURL },
  });
  expect(res.status()).toBe(200);
  return { context, page: await context.newPage(), user, api: context.request };
}

async function agentReply(api: APIRequestContext, baseURL: string, conversationId: string, body: string) {
  const res = await api.post(`/api/support/conversations/${conversationId}/messages`, {
    data: { body },
    headers: { origin: baseURL },
  });
  expect(res.status()).toBe(201);
}

for (const size of sizes) {
  test(`support pages at ${size.name} width pass WCAG 2.2 AA`, async ({ browser, baseURL, database }) => {
    // axe over a dozen pages and states: about 30 s alone, twice that on a loaded machine (as the
    // accessibility suite, which has the same allowance).
    test.setTimeout(120_000);
    const base = baseURL ?? "";
    const viewport = { width: size.width, height: size.height };
    const agent = await signedIn(
      browser,
      base,
      database,
      { name: "Sam Support", platformRole: "support" },
      viewport,
    );

    // A visitor on the sign-in page.
    const visitorContext = await browser.newContext({ baseURL: base, viewport });
    const visitor = await visitorContext.newPage();
    await visitor.goto("/sign-in");
    await expect(visitor.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await check(visitor, `support-button-${size.name}`);
    await visitor.getByRole("button", { name: "Support", exact: true }).click();
    const panel = visitor.getByRole("dialog", { name: "Support" });
    await expect(panel.getByLabel("Your name")).toBeFocused();
    await check(visitor, `support-panel-visitor-${size.name}`);
    await panel.getByRole("button", { name: "Start chat" }).click();
    await expect(panel.getByText("Enter your name, so that we know how to address you.")).toBeVisible();
    await check(visitor, `support-panel-visitor-errors-${size.name}`);
    await panel.getByLabel("Your name").fill(size.visitor);
    await panel.getByLabel("Email").fill(uniqueEmail("visitor"));
    await panel
      .getByLabel("Message")
      .fill("Hello! Northwind Design Studio invited me last week, but the email never came.");
    const started = visitor.waitForResponse((r) => r.url().endsWith("/api/support/messages"));
    await panel.getByRole("button", { name: "Start chat" }).click();
    const conversationId = (await (await started).json()).conversationId as string;
    await agentReply(
      agent.api,
      base,
      conversationId,
      `Hello ${size.visitor.split(" ")[0]}, I am sorry about that. Let me look at your invitation.`,
    );
    const messages = panel.getByRole("region", { name: "Messages with Crewdesk Support" });
    await expect(messages.getByText("Let me look at your invitation.")).toBeVisible();
    await check(visitor, `support-panel-conversation-${size.name}`);

    // Where a reply email leads: the same chat on a page of its own.
    await visitor.goto("/support");
    await expect(
      visitor
        .getByRole("region", { name: "Messages with Crewdesk Support" })
        .getByText("Let me look at your invitation."),
    ).toBeVisible();
    await check(visitor, `support-page-${size.name}`);
    await visitorContext.close();

    // A signed-in company owner who also works for another company asks from the app.
    const olga = await signedIn(browser, base, database, { name: size.user }, viewport);
    const shop = `${size.user.split(" ")[0]}'s Print Shop`;
    const own = await buildCompany(database.db, { owner: olga.user, name: shop });
    const otherOwner = await buildUser(database.db, { email: uniqueEmail("nora"), name: "Nora North" });
    const northwind = await buildCompany(database.db, { owner: otherOwner, name: "Northwind Design Studio" });
    await buildContractor(database.db, { companyId: northwind.id, user: olga.user, status: "active" });
    await olga.page.goto(`/companies/${own.id}/contractors`);
    await expect(olga.page.getByRole("heading", { level: 1, name: "Contractors" })).toBeVisible();
    await olga.page.getByRole("button", { name: "Support", exact: true }).click();
    const userPanel = olga.page.getByRole("dialog", { name: "Support" });
    await userPanel.getByRole("textbox", { name: "Message" }).fill("How do I import tasks from a file?");
    await userPanel.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(userPanel.getByText("How do I import tasks from a file?")).toBeVisible();
    await check(olga.page, `support-panel-user-${size.name}`);

    // The agent's console: the list, then a conversation with what helps answer it.
    await agent.page.goto("/console");
    const list = agent.page.getByRole("list", { name: "Conversations" });
    await expect(list.getByRole("link", { name: new RegExp(size.user) })).toBeVisible();
    await expect(list.getByRole("link", { name: new RegExp(size.visitor) })).toBeVisible();
    await check(agent.page, `support-console-${size.name}`);
    await list.getByRole("link", { name: new RegExp(size.user) }).click();
    const about = agent.page.getByRole("complementary", { name: "About this person" });
    await expect(about.getByText(shop, { exact: false })).toBeVisible();
    await expect(about.getByText("Active", { exact: true })).toBeVisible();
    await expect(
      agent.page.getByRole("region", { name: `Messages with ${size.user}` }).getByText("How do I import"),
    ).toBeVisible();
    await check(agent.page, `support-console-thread-${size.name}`);
    await list.getByRole("link", { name: new RegExp(size.visitor) }).click();
    await expect(about.getByText("No Crewdesk account has this address.")).toBeVisible();
    await check(agent.page, `support-console-visitor-${size.name}`);

    await olga.context.close();
    await agent.context.close();
  });
}
