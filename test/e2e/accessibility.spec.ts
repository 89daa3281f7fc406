import type { Page } from "@playwright/test";
import { DESKTOP, PageAudit, PHONE } from "./audit.ts";
import { test as base, expect, uniqueEmail } from "./fixtures.ts";
import { apiClient, buildWorld, signInPage, signUp, type World } from "./world.ts";

/** The seeded company, built once for every test of this file. */
const test = base.extend<object, { world: World }>({
  world: [
    async ({ crewdesk }, use) => {
      const world = await buildWorld(crewdesk.baseURL, crewdesk.smtp, "a11y");
      await use(world);
      await world.owner.dispose();
      await world.contractor.dispose();
    },
    { scope: "worker", timeout: 120_000 },
  ],
});

const isPhone = (page: Page) => (page.viewportSize()?.width ?? 1280) < 768;

/** On a phone the navigation is a drawer: open it before using its links. */
async function openNavigation(page: Page) {
  if (isPhone(page)) await page.getByRole("button", { name: "Open navigation" }).click();
}

for (const width of [DESKTOP, PHONE]) {
  test.describe(`at ${width.width}×${width.height}`, () => {
    test.use({ viewport: { width: width.width, height: width.height } });

    test(`signed-out pages and their states have no WCAG 2.2 A/AA violation (${width.name})`, async ({
      page,
      world,
      smtp,
    }) => {
      test.setTimeout(120_000);
      const audit = new PageAudit(page, width);

      await page.goto("/sign-in");
      await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
      await audit.check("sign-in", { title: "Sign in — Crewdesk" });
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByText("Enter your password.")).toBeVisible();
      await audit.check("sign-in-errors");

      await page.goto("/sign-up");
      await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
      await audit.check("sign-up", { title: "Create your account — Crewdesk" });
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText("Choose how you will use Crewdesk.")).toBeVisible();
      await audit.check("sign-up-errors");

      await page.goto("/forgot-password");
      await audit.check("forgot-password", { title: "Forgot your password? — Crewdesk" });
      // The other width's run asked for a link too, which this request makes stale: wait for this one's.
      const earlier = new Set(smtp.mailsTo(world.ownerEmail));
      await page.getByLabel("Email").fill(world.ownerEmail);
      await page.getByRole("button", { name: "Send me a link" }).click();
      await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
      await audit.check("forgot-password-sent", { title: "Check your email — Crewdesk" });

      const mail = await smtp.waitFor(
        (m) =>
          !earlier.has(m) &&
          m.to.includes(world.ownerEmail) &&
          m.links.some((l) => l.includes("/set-password?token=")),
      );
      await page.goto(mail.links.find((l) => l.includes("/set-password?token=")) ?? "");
      await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
      await audit.check("set-password", { title: "Choose a password — Crewdesk" });
      await page.getByRole("button", { name: "Save password and sign in" }).click();
      await expect(page.getByText("Enter the password again.")).toBeVisible();
      await audit.check("set-password-errors");

      await page.goto("/set-password");
      await expect(page.getByRole("heading", { name: "Open the link from your email" })).toBeVisible();
      await audit.check("set-password-no-link");
      await page.goto("/verify-email");
      await audit.check("verify-email-no-link");
      await page.goto("/invitation");
      await expect(
        page.getByRole("heading", { name: "Open the link from your invitation email" }),
      ).toBeVisible();
      await audit.check("invitation-no-link", { title: "Invitation — Crewdesk" });

      // The service agreement reads as a page of its own, before anyone accepts it.
      await page.goto("/agreement");
      await expect(
        page.getByRole("heading", { level: 1, name: "Service agreement for contractors" }),
      ).toBeVisible();
      await audit.check("agreement", { title: "Service agreement — Crewdesk" });

      audit.expectClean();
    });

    test(`a company's pages, dialogs, menus and pickers have no WCAG 2.2 A/AA violation (${width.name})`, async ({
      page,
      world,
      baseURL,
    }) => {
      test.setTimeout(180_000);
      const audit = new PageAudit(page, width);
      await signInPage(page, world.ownerEmail);
      const contractorsPath = `/companies/${world.companyId}/contractors`;
      const tasksPath = `/companies/${world.companyId}/tasks`;

      // Home: the company's overview, its charts read as tables by screen readers.
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      await expect(page.getByRole("table", { name: "Tasks by status" })).toBeAttached();
      await audit.check("overview", { title: "Overview · Northwind Design Studio — Crewdesk" });

      await page.goto(contractorsPath);
      await expect(page.getByRole("heading", { level: 1, name: "Contractors" })).toBeVisible();
      await expect(page.getByText("Nina Novak").first()).toBeVisible();
      await expect(page.getByTestId("list-total")).toHaveText("5 contractors");
      await audit.check("contractors", { title: "Contractors · Northwind Design Studio — Crewdesk" });
      if (isPhone(page)) {
        await page.getByRole("button", { name: "Filters" }).click();
        await expect(page.getByRole("dialog", { name: "Filters" })).toBeVisible();
        await audit.check("contractors-filters");
        await page.getByRole("dialog", { name: "Filters" }).getByRole("button", { name: "Done" }).click();
      }

      if (isPhone(page)) {
        await openNavigation(page);
        await expect(
          page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Tasks" }),
        ).toBeInViewport();
        await audit.check("navigation-open");
        await page.getByRole("button", { name: "Close navigation" }).click();
      }

      await page.getByRole("button", { name: /^Account/ }).click();
      await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeVisible();
      await audit.check("account-menu");
      await page.getByRole("menuitem", { name: "Account" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
      await audit.check("account", { title: "Account — Crewdesk" });
      await page.goto(contractorsPath);
      await expect(page.getByText("Nina Novak").first()).toBeVisible();

      await page
        .getByRole("button", { name: /^Actions for ben\./ })
        .first()
        .click();
      await expect(page.getByRole("menuitem", { name: "Remove" })).toBeVisible();
      await audit.check("contractor-row-menu");
      await page.getByRole("menuitem", { name: "Remove" }).click();
      await expect(page.getByRole("dialog", { name: /^Remove/ })).toBeVisible();
      await audit.check("contractor-remove-confirm");
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

      await page.getByRole("button", { name: "Add", exact: true }).click();
      const add = page.getByRole("dialog", { name: "Add contractors" });
      await expect(add).toBeVisible();
      await audit.check("add-contractors");
      await add.getByLabel("Email addresses").fill("lea@example.com, not-an-address, x@@y");
      await expect(add.getByText(/not valid and will not be invited/)).toBeVisible();
      await audit.check("add-contractors-invalid");
      await add.getByRole("button", { name: "Cancel" }).click();

      await page.getByLabel("Search").fill("zzzz");
      await expect(page.getByText(/No contractor matches/)).toBeVisible();
      await audit.check("contractors-no-match");

      await page.goto(tasksPath);
      await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
      await expect(page.getByText("Translate the brochure").first()).toBeVisible();
      await expect(page.getByTestId("list-total")).toHaveText("7 tasks");
      await expect(page.getByText("Overdue").first()).toBeVisible();
      await audit.check("tasks", { title: "Tasks · Northwind Design Studio — Crewdesk" });
      if (isPhone(page)) {
        await page.getByRole("button", { name: "Filters" }).click();
        const sheet = page.getByRole("dialog", { name: "Filters" });
        await expect(sheet.getByRole("combobox", { name: "Sort by" })).toBeVisible();
        await audit.check("tasks-filters");
        await sheet.getByRole("combobox", { name: "Sort by" }).click();
        await page.getByRole("option", { name: "Deadline: soonest first" }).click();
        await sheet.getByRole("button", { name: "Done" }).click();
      } else {
        await page.getByRole("button", { name: "Deadline" }).click();
      }
      await expect(page.getByRole("link").filter({ hasText: "Newsletter template" })).toBeVisible();
      await audit.check("tasks-by-deadline");
      await page.getByLabel("Search titles").fill("zzzz");
      await expect(page.getByText("No task matches these filters.")).toBeVisible();
      await audit.check("tasks-no-match");
      await page.getByRole("button", { name: "Clear filters" }).click();

      await page.getByRole("button", { name: "Add", exact: true }).click();
      const form = page.getByRole("dialog", { name: "Add task" });
      await expect(form).toBeVisible();
      await audit.check("task-form");
      await form.getByRole("button", { name: "Save draft" }).click();
      await expect(form.getByText("Enter a title.")).toBeVisible();
      await audit.check("task-form-errors");
      await form.getByRole("combobox", { name: "Contractor" }).click();
      await expect(page.getByRole("option", { name: /Nina Novak/ })).toBeVisible();
      await audit.check("task-form-picker");
      await page.keyboard.press("Escape");
      await form.getByRole("button", { name: "Deadline: no date" }).click();
      await expect(page.getByRole("button", { name: "Next month" })).toBeVisible();
      await audit.check("task-form-date");
      await page.keyboard.press("Escape");
      await form.getByRole("button", { name: "Invite a new contractor" }).click();
      await expect(form.getByLabel("Contractor's email")).toBeVisible();
      await audit.check("task-form-invite");
      await form.getByRole("button", { name: "Cancel" }).last().click();
      await expect(form).toBeHidden();

      await page.goto(`${tasksPath}/${world.tasks.inReview}`);
      const drawer = page.getByRole("dialog", { name: /Icon set/ });
      await expect(drawer.getByRole("button", { name: "Accept result" })).toBeVisible();
      await audit.check("task-in-review", {
        title: "#4 Icon set, 48 icons · Tasks · Northwind Design Studio — Crewdesk",
      });
      await drawer.getByRole("button", { name: "Return for changes" }).click();
      await expect(page.getByRole("dialog", { name: /Return for changes/ })).toBeVisible();
      await audit.check("task-return-dialog");
      await page
        .getByRole("dialog", { name: /Return for changes/ })
        .getByRole("button", { name: "Back" })
        .click();

      await page.goto(`${tasksPath}/${world.tasks.draft}`);
      const draft = page.getByRole("dialog", { name: /Brand guidelines/ });
      await expect(draft).toBeVisible();
      await audit.check("task-draft");
      await draft.getByRole("button", { name: "Edit" }).click();
      await expect(page.getByRole("dialog", { name: "Edit task #1" })).toBeVisible();
      await audit.check("task-edit");

      await page.goto("/no/such/page");
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await audit.check("not-found", { title: "Page not found — Crewdesk" });
      await page.goto("/companies/not-a-company/contractors");
      await expect(page.getByRole("heading", { name: "Company not found" })).toBeVisible();
      await audit.check("company-not-found", { title: "Company not found — Crewdesk" });

      // A company with nothing yet: the empty states.
      const empty = await apiClient(baseURL ?? "");
      await page.context().clearCookies();
      const emptyEmail = uniqueEmail("empty");
      await signUp(empty, {
        accountType: "company",
        companyName: "Empty Co",
        name: "Eve Empty",
        email: emptyEmail,
      });
      await empty.dispose();
      await signInPage(page, emptyEmail);
      await page.goto("/");
      await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Invite your first contractor" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Create your first task" })).toBeVisible();
      await audit.check("overview-empty");
      await page.getByRole("link", { name: "Go to Contractors" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Contractors" })).toBeVisible();
      await expect(page.getByRole("heading", { name: "Invite your first contractor" })).toBeVisible();
      await audit.check("contractors-empty");
      await openNavigation(page);
      await page
        .getByRole("navigation", { name: "Main navigation" })
        .getByRole("link", { name: "Tasks" })
        .click();
      await expect(page.getByRole("heading", { name: "Create your first task" })).toBeVisible();
      await audit.check("tasks-empty");

      audit.expectClean();
    });

    test(`a contractor's pages and dialogs have no WCAG 2.2 A/AA violation (${width.name})`, async ({
      page,
      world,
    }) => {
      test.setTimeout(120_000);
      const audit = new PageAudit(page, width);
      await signInPage(page, world.contractorEmail);

      await page.goto("/my/tasks");
      await expect(page.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();
      await expect(page.getByText("Translate the brochure").first()).toBeVisible();
      await audit.check("my-tasks", { title: "My tasks — Crewdesk" });

      await page.getByRole("button", { name: /^Account/ }).click();
      await expect(page.getByRole("menuitem", { name: "Profile" })).toBeVisible();
      await audit.check("account-menu-contractor");
      await page.keyboard.press("Escape");

      await page.goto(`/my/tasks/${world.tasks.offered}`);
      const offered = page.getByRole("dialog", { name: /Logo animation/ });
      await expect(offered.getByRole("button", { name: "Decline" })).toBeVisible();
      await audit.check("my-task-offered", {
        title: "#2 Logo animation for the product launch video · My tasks — Crewdesk",
      });
      await offered.getByRole("button", { name: "Decline" }).click();
      await expect(page.getByRole("dialog", { name: /^Decline/ })).toBeVisible();
      await audit.check("my-task-decline-dialog");
      await page
        .getByRole("dialog", { name: /^Decline/ })
        .getByRole("button", { name: "Back" })
        .click();

      await page.goto(`/my/tasks/${world.tasks.overdue}`);
      const working = page.getByRole("dialog", { name: /Translate the brochure/ });
      await working.getByRole("button", { name: "Submit result" }).click();
      const submit = page.getByRole("dialog", { name: /^Submit result/ });
      await submit.getByRole("button", { name: "Submit result" }).click();
      await expect(submit.getByText("Describe what you did.")).toBeVisible();
      await audit.check("my-task-submit-errors");
      await submit.getByRole("button", { name: "Back" }).click();

      await page.goto("/profile");
      await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
      await audit.check("profile", { title: "Profile — Crewdesk" });
      await page.getByLabel("City").fill("");
      await page.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText("City is required.")).toBeVisible();
      await audit.check("profile-errors");

      await page.goto("/account");
      await expect(page.getByRole("heading", { name: "Companies you work for" })).toBeVisible();
      await audit.check("account-contractor");

      audit.expectClean();
    });
  });
}
