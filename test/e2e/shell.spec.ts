import type { Locator, Page } from "@playwright/test";
import { buildCompany, buildContractor } from "../support/factories.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";

async function signUpCompany(page: Page, name = "Kim Keyboard"): Promise<string> {
  const email = uniqueEmail("kb");
  const response = await page.request.post("/api/auth/sign-up", {
    data: {
      accountType: "company",
      companyName: "Keyboard Works",
      email,
      password: "a fine password",
      name,
    },
  });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

/** Presses Tab until `target` (found by its role and accessible name) has the focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, maxPresses = 15) {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${target} was not reached with ${maxPresses} presses of Tab`);
}

test.describe("app shell", () => {
  test("a company owner lands on the Overview, sees Contractors, Tasks and Settings beside it, and moves between them with the keyboard", async ({
    page,
  }) => {
    await signUpCompany(page);
    await page.goto("/");
    await expect(page).toHaveURL(/\/companies\/[^/]+\/overview$/);

    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link")).toHaveText([
      "Overview",
      "Contractors",
      "Tasks",
      "Audit log",
      "Webhooks",
      "Settings",
    ]);
    await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");

    // The first Tab offers to skip straight to the page.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();

    const tasksLink = nav.getByRole("link", { name: "Tasks" });
    await tabTo(page, tasksLink);
    await expect(tasksLink).toBeFocused();
    // Focus is visible: an outline is drawn around the focused link.
    const outline = await tasksLink.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe("none");

    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/companies\/[^/]+\/tasks$/);
    await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
    await expect(tasksLink).toHaveAttribute("aria-current", "page");

    // The account menu opens and signs out from the keyboard too.
    await tabTo(page, page.getByRole("button", { name: "Account: Kim Keyboard" }));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  test("on a phone the navigation is behind a menu button", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await signUpCompany(page, "Pia Phone");
    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link", { name: "Tasks" })).not.toBeInViewport();

    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(nav.getByRole("link", { name: "Tasks" })).toBeInViewport();
    await nav.getByRole("link", { name: "Tasks" }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    // Choosing a page closes the menu.
    await expect(nav.getByRole("link", { name: "Tasks" })).not.toBeInViewport();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    expect(overflow).toBe(false);
  });

  test("a member of several companies switches between them, and sees both groups when also a contractor", async ({
    page,
    database,
  }) => {
    const userId = await signUpCompany(page, "Max Multi");
    // Max confirmed his address (an account that never did sees no company it works for), and accepted the
    // third company's invitation from its link.
    await database.db
      .updateTable("users")
      .set({ email_verified_at: new Date().toISOString() })
      .where("id", "=", userId)
      .execute();
    const owner = await database.db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", userId)
      .executeTakeFirstOrThrow();
    const second = await buildCompany(database.db, { name: "Second Shop", owner, role: "manager" });
    // Max also works as a contractor for a third company.
    const client = await buildCompany(database.db, { name: "Client Corp" });
    await buildContractor(database.db, { companyId: client.id, user: owner, status: "active" });

    await page.goto("/");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    // Max owns the first company: its Settings are theirs.
    await expect(nav.getByRole("link")).toHaveText([
      "Overview",
      "Contractors",
      "Tasks",
      "Audit log",
      "Webhooks",
      "Settings",
      "My tasks",
      "Profile",
    ]);
    await expect(
      page.getByRole("alert").filter({ hasText: "Complete your required information" }),
    ).toBeVisible();

    await nav.getByRole("link", { name: "Tasks", exact: true }).click();
    await page.getByRole("combobox", { name: "Company" }).click();
    await expect(page.getByRole("option", { name: "Second Shop" })).toBeVisible();
    await page.screenshot({ path: "test-results/screenshots/app-shell-both-roles-desktop.png" });
    await page.getByRole("option", { name: "Second Shop" }).click();
    await expect(page).toHaveURL(new RegExp(`/companies/${second.id}/tasks$`));
    // A manager there: no Settings.
    await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);

    // Home remembers the company last opened.
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/companies/${second.id}/overview$`));
  });

  test("signed-in pages listen for live updates on /api/events", async ({ page }) => {
    await signUpCompany(page, "Liv Live");
    const stream = page.waitForResponse((r) => r.url().endsWith("/api/events"));
    await page.goto("/");
    const response = await stream;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("text/event-stream");
  });

  test("an unknown address says so and leads home", async ({ page }) => {
    await signUpCompany(page, "Nina Nowhere");
    await page.goto("/no/such/page");
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await page.getByRole("link", { name: "go to your home page" }).click();
    await expect(page).toHaveURL(/\/overview$/);
  });

  test("the built app runs under the Content Security Policy without violations", async ({ page }) => {
    const problems: string[] = [];
    page.on("console", (m) => {
      // A signed-out GET /api/me answers 401, which Chromium logs: only policy violations count here.
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text()))
        problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(e.message));
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await signUpCompany(page, "Cora Csp");
    // The Overview draws its charts (styles of their own) once the company has a task.
    const me = await (await page.request.get("/api/me")).json();
    const task = await page.request.post(`/api/companies/${me.companies[0].id}/tasks`, {
      data: { title: "Poster", amount: "100", currency: "USD" },
      headers: { origin: new URL(page.url()).origin },
    });
    expect(task.status()).toBe(201);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Tasks by status" }).locator("svg").first()).toBeVisible();
    expect(problems).toEqual([]);
  });
});
