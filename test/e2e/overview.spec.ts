import type { Page } from "@playwright/test";
import { loadConfig } from "../../src/server/config.ts";
import type { Database } from "../../src/server/db/connection.ts";
import { createInProcessBus } from "../../src/server/events/bus.ts";
import { databaseCounters } from "../../src/server/http/rate-limit.ts";
import { createHooks } from "../../src/server/kernel/hooks.ts";
import { transact } from "../../src/server/kernel/transaction.ts";
import { bankAccount, companyAccount } from "../../src/server/money/accounts.ts";
import { postTransfers } from "../../src/server/money/ledger.ts";
import { payForTasks, reserveForTasks } from "../../src/server/money/task-payments.ts";
import { DESKTOP, PageAudit, PHONE } from "./audit.ts";
import { confirmEmail, expect, test, uniqueEmail } from "./fixtures.ts";
import { acceptByMail, apiClient, createTask, firstCompanyId, invite, signInPage, signUp } from "./world.ts";

/** Saves the page at desktop and phone widths, then returns to desktop. */
async function screenshots(page: Page, name: string): Promise<void> {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400);
    await page.screenshot({
      path: `test-results/screenshots/overview/${name}-${size.name}.png`,
      fullPage: true,
    });
  }
  await page.setViewportSize(DESKTOP);
}

async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
}
async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
}

/** axe-core and the page's layout checks at both widths (see audit.ts); fails on any problem. */
async function audited(page: Page, name: string): Promise<void> {
  const problems: string[] = [];
  for (const width of [DESKTOP, PHONE]) {
    await page.setViewportSize(width);
    const audit = new PageAudit(page, width);
    await audit.check(name);
    problems.push(...audit.problems);
  }
  await page.setViewportSize(DESKTOP);
  expect(problems, problems.join("\n")).toEqual([]);
}

/** The big number of one of the overview's cards. */
const stat = (page: Page, testId: string) => page.getByTestId(testId).locator("[data-value]");

/** A task made as a person makes one: Tasks → Add → title, amount, deadline → Save draft. */
async function addTask(page: Page, title: string, deadline: string): Promise<void> {
  await page.getByRole("button", { name: "Add" }).click();
  const form = page.getByRole("dialog", { name: "Add task" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Amount").fill("250");
  // The deadline is picked in the calendar, month by month, as a person walks it.
  await form.getByRole("button", { name: /^Deadline:/ }).click();
  const dayName = new Date(`${deadline}T00:00:00Z`).toLocaleDateString("en-US", {
    dateStyle: "medium",
    timeZone: "UTC",
  });
  const day = page.getByRole("button", { name: dayName, exact: true });
  const step = deadline < new Date().toISOString().slice(0, 10) ? "Previous month" : "Next month";
  // The calendar opens with an animation: look for the day only once it shows its month, or a day of this
  // very month would be missed and the walk would step past it.
  await expect(page.getByRole("button", { name: step })).toBeVisible();
  for (let i = 0; i < 240 && !(await day.isVisible()); i++) {
    await page.getByRole("button", { name: step }).click();
  }
  await day.click();
  await form.getByRole("button", { name: "Save draft" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: title })).toBeVisible();
}

test.describe("overview", () => {
  test("a company lands on its Overview: empty states lead to the first steps, and the numbers follow invitations, tasks and removals live", async ({
    page,
    context,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize(DESKTOP);
    const nav = page.getByRole("navigation", { name: "Main navigation" });

    // A company signs up and lands on its Overview, which says what to do first.
    await page.goto("/sign-up");
    await page.getByRole("radio", { name: /I want to pay my team/ }).click();
    await page.getByLabel("Company name").fill("Harbor Works");
    await page.getByLabel("Your name").fill("Hana Harbor");
    await page.getByLabel("Email").fill(uniqueEmail("hana"));
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("a harbor of tasks");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/companies\/[^/]+\/overview$/);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Invite your first contractor" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Create your first task" })).toBeVisible();
    await expect(page).toHaveTitle("Overview · Harbor Works — Crewdesk");
    await screenshots(page, "overview-empty");
    await audited(page, "overview-empty");

    // The empty state leads to Contractors, where three are invited.
    await page.getByRole("link", { name: "Go to Contractors" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contractors" })).toBeVisible();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Add contractors" });
    const emails = [uniqueEmail("una"), uniqueEmail("udo"), uniqueEmail("uma")];
    await dialog.getByLabel("Email addresses").fill(emails.join(", "));
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(dialog.getByRole("list", { name: "Outcome per address" }).getByRole("listitem")).toHaveCount(
      3,
    );
    await dialog.getByRole("button", { name: "Done" }).click();

    // Back on the Overview: three Invited, none Active yet; no task yet.
    await nav.getByRole("link", { name: "Overview" }).click();
    await expect(nav.getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
    await expect(stat(page, "stat-invited")).toHaveText("3");
    await expect(stat(page, "stat-active")).toHaveText("0");
    await expect(stat(page, "stat-median")).toHaveText("—");
    const funnel = page.getByRole("region", { name: "Invitation funnel" });
    await expect(funnel).toContainText(
      "0 of 3 invitations (0%) led to an Active contractor. Nobody is Active yet.",
    );
    // Screen readers read the picture's numbers as a table.
    const team = page.getByRole("table", { name: "Contractors by status" });
    await expect(team.getByRole("row", { name: "Invited 3" })).toBeAttached();
    await expect(page.getByRole("heading", { name: "Create your first task" })).toBeVisible();
    await markPage(page);

    // In another tab, the owner adds two tasks, one already past its deadline: the Overview follows.
    const other = await context.newPage();
    await other.setViewportSize(DESKTOP);
    await other.goto(page.url().replace(/overview$/, "tasks"));
    await addTask(
      other,
      "Quarterly report layout",
      new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10),
    );
    await expect(stat(page, "stat-open-tasks")).toHaveText("1");
    await expect(stat(page, "stat-overdue")).toHaveText("1");
    await addTask(
      other,
      "Newsletter banner",
      new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
    );
    await expect(stat(page, "stat-open-tasks")).toHaveText("2");
    await expect(stat(page, "stat-overdue")).toHaveText("1");
    const tasks = page.getByRole("region", { name: "Tasks by status" });
    await expect(tasks).toContainText("2 tasks, most of them Draft.");
    await expect(tasks).toContainText("1 task is past the deadline.");
    await expect(
      page.getByRole("table", { name: "Tasks by status" }).getByRole("row", { name: "Draft 2" }),
    ).toBeAttached();

    // The other tab removes a contractor: the team's numbers change here too.
    // A tab in the background gets no animation frames: the confirmation dialog would never finish opening.
    await other.bringToFront();
    await other.goto(page.url().replace(/overview$/, "contractors"));
    await other.getByRole("button", { name: `Actions for ${emails[0]}` }).click();
    await other.getByRole("menuitem", { name: "Remove" }).click();
    await other
      .getByRole("dialog", { name: /^Remove / })
      .getByRole("button", { name: "Remove" })
      .click();
    await expect(other.getByText("Contractor removed")).toBeVisible();
    await expect(stat(page, "stat-invited")).toHaveText("2");
    await expect(team.getByRole("row", { name: "Removed 1" })).toBeAttached();
    await expectNotReloaded(page);
    await other.close();

    await screenshots(page, "overview");
    await audited(page, "overview");
    // The tasks' link goes to the list.
    await tasks.getByRole("link", { name: "Open Tasks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
  });
});

/**
 * The task's money moves as the ledger moves it, on `at`: the company tops up the amount and the fee,
 * sending reserves them, accepting the result pays the contractor and the fee.
 */
async function payTask(database: Database, baseURL: string, companyId: string, taskId: string, at: Date) {
  const config = loadConfig({ APP_URL: baseURL, SMTP_URL: "smtp://127.0.0.1:25", NODE_ENV: "test" });
  const deps = {
    config,
    database,
    bus: createInProcessBus(),
    hooks: createHooks(),
    rateCounters: databaseCounters,
  };
  await transact(
    deps,
    async (tx) => {
      await postTransfers(tx, [
        {
          id: `top-up:${taskId}`,
          kind: "top_up",
          // Enough for any fee.
          amount: 1_000_000,
          debit: bankAccount("USD"),
          credit: companyAccount(companyId, "available", "USD"),
          reference: { type: "top_up", id: taskId, label: "Top-up" },
        },
      ]);
      await reserveForTasks(tx, {
        companyId,
        actorUserId: "",
        taskIds: [taskId],
        refuse: (_id, problem) => {
          throw problem;
        },
      });
      await payForTasks(tx, { companyId, taskIds: [taskId] });
    },
    at,
  );
  await deps.bus.close();
}

test.describe("money per month", () => {
  test("the company's Overview shows its spend per month, and the contractor's My tasks their earnings per month", async ({
    page,
    smtp,
    baseURL,
    database,
  }) => {
    test.setTimeout(120_000);
    const url = baseURL ?? "";
    const owner = await apiClient(url);
    const ownerEmail = uniqueEmail("pia");
    await signUp(owner, {
      accountType: "company",
      companyName: "Paying Works",
      name: "Pia Payer",
      email: ownerEmail,
    });
    await confirmEmail(owner, smtp, ownerEmail, url);
    const cid = await firstCompanyId(owner);
    const contractorEmail = uniqueEmail("nico");
    const [contractorId = ""] = await invite(owner, cid, `Nico Novak <${contractorEmail}>`);
    const contractor = await acceptByMail(url, smtp, contractorEmail);
    await contractor.dispose();

    // Two results accepted last month, one this month.
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 12));
    for (const [title, amount, at] of [
      ["Poster series", "1200.00", lastMonth],
      ["Flyer", "300.00", lastMonth],
      ["Shop banner", "450.00", now],
    ] as const) {
      const taskId = await createTask(owner, cid, { title, amount, contractorId });
      await payTask(database, url, cid, taskId, at);
    }
    await owner.dispose();

    await page.setViewportSize(DESKTOP);
    await signInPage(page, ownerEmail);
    await page.goto("/");
    const spend = page.getByRole("region", { name: "Spend per month in USD" });
    await expect(spend).toBeVisible();
    await expect(spend).toContainText("in the last 12 months");
    const table = page.getByRole("table", { name: "Spend per month in USD" });
    await expect(table.getByRole("row")).toHaveCount(13);
    await screenshots(page, "overview-spend");
    await audited(page, "overview-spend");

    await page.context().clearCookies();
    await signInPage(page, contractorEmail);
    await page.goto("/my/tasks");
    const earnings = page.getByRole("region", { name: "Earnings per month in USD" });
    await expect(earnings).toContainText("$1,950.00 in the last 12 months");
    await expect(earnings).toContainText("$1,500.00");
    await screenshots(page, "my-tasks-earnings");
    await audited(page, "my-tasks-earnings");
  });
});
