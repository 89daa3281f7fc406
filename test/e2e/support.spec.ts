import { type Browser, request as playwrightRequest } from "@playwright/test";
import { hashPassword } from "../../src/server/auth/passwords.ts";
import type { Database } from "../../src/server/db/connection.ts";
import { buildCompany, buildUser } from "../support/factories.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";

const PASSWORD = "agent correct horse battery";

/** A support agent signed in through the sign-in page, in a browser context of their own. */
async function agentConsole(browser: Browser, baseURL: string, database: Database, name: string) {
  const email = uniqueEmail("agent");
  await buildUser(database.db, {
    email,
    name,
    passwordHash: await hashPassword(PASSWORD),
    platformRole: "support",
  });
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByRole("heading", { level: 1, name: "Support console" })).toBeVisible();
  // Agents answer from the console: no Support button of their own.
  await expect(page.getByRole("button", { name: "Support", exact: true })).toHaveCount(0);
  return { context, page };
}

test.describe("support chat", () => {
  test("a visitor on the sign-in page and an agent in the console exchange messages, each seeing the other's live", async ({
    browser,
    baseURL,
    database,
  }) => {
    const agent = await agentConsole(browser, baseURL ?? "", database, "Sam Support");
    const visitorContext = await browser.newContext({ baseURL });
    const visitor = await visitorContext.newPage();
    const email = uniqueEmail("vera");

    await visitor.goto("/sign-in");
    const launcher = visitor.getByRole("button", { name: "Support", exact: true });
    await expect(launcher).toHaveAttribute("aria-expanded", "false");
    await launcher.click();
    const panel = visitor.getByRole("dialog", { name: "Support" });
    await expect(panel).toBeVisible();
    await expect(launcher).toHaveAttribute("aria-expanded", "true");
    await expect(panel.getByRole("link", { name: "support@localhost" })).toHaveAttribute(
      "href",
      "mailto:support@localhost",
    );
    // Focus moves into the panel, on the first thing to fill in.
    await expect(panel.getByLabel("Your name")).toBeFocused();
    await panel.getByRole("button", { name: "Start chat" }).click();
    await expect(panel.getByText("Enter your name, so that we know how to address you.")).toBeVisible();
    await panel.getByLabel("Your name").fill("Vera Visitor");
    await panel.getByLabel("Email").fill(email);
    await panel.getByLabel("Message").fill("My invitation never came. <b>Help</b>");
    await panel.getByRole("button", { name: "Start chat" }).click();
    const visitorMessages = panel.getByRole("region", { name: "Messages with Crewdesk Support" });
    await expect(visitorMessages.getByText("My invitation never came. <b>Help</b>")).toBeVisible();
    await expect(panel.getByRole("textbox", { name: "Message" })).toBeFocused();

    // The agent's list gets the new conversation without a reload.
    const list = agent.page.getByRole("list", { name: "Conversations" });
    await expect(list.getByRole("link", { name: /Vera Visitor/ })).toBeVisible();
    await expect(list.getByText(`Visitor · ${email}`)).toBeVisible();
    await list.getByRole("link", { name: /Vera Visitor/ }).click();
    const thread = agent.page.getByRole("region", { name: "Messages with Vera Visitor" });
    // Shown as text: the markup is visible, not applied.
    await expect(thread.getByText("My invitation never came. <b>Help</b>")).toBeVisible();
    await expect(agent.page.getByText("No Crewdesk account has this address.")).toBeVisible();
    await agent.page.getByRole("textbox", { name: "Reply" }).fill("Hello Vera, let me look.");
    await agent.page.getByRole("textbox", { name: "Reply" }).press("Enter");
    await expect(thread.getByText("Hello Vera, let me look.")).toBeVisible();

    // The visitor sees the reply live, and a screen reader hears it.
    await expect(visitorMessages.getByText("Hello Vera, let me look.")).toBeVisible();
    await expect(
      visitor.locator("[aria-live=polite]").filter({ hasText: "New message from Sam Support" }),
    ).toHaveText("New message from Sam Support: Hello Vera, let me look.");
    await panel.getByRole("textbox", { name: "Message" }).fill("Thank you!");
    await panel.getByRole("button", { name: "Send" }).click();
    await expect(thread.getByText("Thank you!")).toBeVisible();

    // Escape closes the panel and gives focus back to the button.
    await panel.getByRole("textbox", { name: "Message" }).press("Escape");
    await expect(panel).toBeHidden();
    await expect(launcher).toBeFocused();

    // A reload keeps the conversation: the browser's cookie holds it.
    await visitor.reload();
    await visitor.getByRole("button", { name: "Support", exact: true }).click();
    const again = visitor.getByRole("region", { name: "Messages with Crewdesk Support" });
    await expect(again.getByText("Hello Vera, let me look.")).toBeVisible();
    await expect(again.getByText("Thank you!")).toBeVisible();

    // Closed by the agent: the visitor learns it live.
    await agent.page.getByRole("button", { name: "Close conversation" }).click();
    await expect(
      visitor.getByText("This conversation was closed by support. Writing again reopens it."),
    ).toBeVisible();

    await visitorContext.close();
    await agent.context.close();
  });

  test("an agent sees a visitor's invitation and its delivery, and sends it again on the company's behalf", async ({
    browser,
    baseURL,
    database,
    smtp,
    page,
  }) => {
    const base = baseURL ?? "";
    const owner = await buildUser(database.db, {
      email: uniqueEmail("owner"),
      name: "Olivia Owner",
      passwordHash: await hashPassword(PASSWORD),
    });
    const company = await buildCompany(database.db, { owner, name: "Acme Studio" });
    const api = await playwrightRequest.newContext({ baseURL: base, extraHTTPHeaders: { origin: base } });
    expect(
      (await api.post("/api/auth/sign-in", { data: { email: owner.email, password: PASSWORD } })).status(),
    ).toBe(200);
    const invited = uniqueEmail("kim");
    const invitation = await api.post(`/api/companies/${company.id}/contractors/invitations`, {
      data: { emails: invited },
    });
    expect(invitation.status()).toBe(200);
    await smtp.waitFor((m) => m.to.includes(invited));
    await api.dispose();

    // Kim cannot sign in yet: she asks from the sign-in page.
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Support", exact: true }).click();
    const panel = page.getByRole("dialog", { name: "Support" });
    await panel.getByLabel("Your name").fill("Kim Contractor");
    await panel.getByLabel("Email").fill(invited);
    await panel.getByLabel("Message").fill("Acme invited me but I have no email.");
    await panel.getByRole("button", { name: "Start chat" }).click();
    await expect(panel.getByText("Acme invited me but I have no email.")).toBeVisible();

    const agent = await agentConsole(browser, base, database, "Ana Agent");
    await agent.page.getByRole("link", { name: /Kim Contractor/ }).click();
    const about = agent.page.getByRole("complementary", { name: "About this person" });
    await expect(about.getByText("Nothing proves they own it", { exact: false })).toBeVisible();
    await expect(about.getByText("Acme Studio", { exact: true })).toBeVisible();
    await expect(about.getByText("Invited", { exact: true })).toBeVisible();
    await expect(about.getByRole("cell", { name: /Invitation \(new account\)/ })).toBeVisible();
    await expect(about.getByRole("cell", { name: "Sent" })).toBeVisible();
    await about.getByRole("button", { name: "Resend invitation from Acme Studio" }).click();
    await expect(agent.page.getByText("A new invitation from Acme Studio is on its way")).toBeVisible();
    await expect.poll(() => smtp.mailsTo(invited).length).toBe(2);
    const resent = smtp.mailsTo(invited)[1];
    expect(resent?.subject).toContain("Acme Studio");
    expect(resent?.text).toContain("Olivia Owner");

    await agent.page.getByRole("textbox", { name: "Reply" }).fill("I sent it again: check your inbox.");
    await agent.page.getByRole("button", { name: "Send reply" }).click();
    await expect(
      panel.getByRole("region", { name: "Messages with Crewdesk Support" }).getByText("I sent it again"),
    ).toBeVisible();
    await agent.context.close();
  });

  test("a signed-in user chats from the app, and a phone-sized panel fills the screen", async ({
    page,
    database,
  }) => {
    const email = uniqueEmail("olga");
    const owner = await buildUser(database.db, {
      email,
      name: "Olga Owner",
      passwordHash: await hashPassword(PASSWORD),
    });
    await buildCompany(database.db, { owner, name: "Olga's Shop" });
    await page.setViewportSize({ width: 375, height: 700 });
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/overview$/);
    await page.getByRole("button", { name: "Support", exact: true }).click();
    const panel = page.getByRole("dialog", { name: "Support" });
    // Signed in: no name or email to give, straight to the message.
    await expect(panel.getByLabel("Your name")).toHaveCount(0);
    await expect(panel.getByRole("textbox", { name: "Message" })).toBeFocused();
    const box = await panel.boundingBox();
    expect(box?.width).toBe(375);
    await panel.getByRole("textbox", { name: "Message" }).fill("How do I import tasks?");
    await panel.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(panel.getByText("How do I import tasks?")).toBeVisible();
    await expect(panel.getByText("Olga Owner", { exact: false })).toBeVisible();
    await panel.getByRole("button", { name: "Close support chat" }).click();
    await expect(page.getByRole("button", { name: "Support", exact: true })).toBeFocused();
  });
});
