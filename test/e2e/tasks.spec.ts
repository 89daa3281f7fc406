import path from "node:path";
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import type { SmtpPeer } from "../support/smtp-peer.ts";
import { confirmEmail, expect, test, uniqueEmail } from "./fixtures.ts";

const SHOTS = path.join("test-results", "screenshots");
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PASSWORD = "a long enough password";

/** Saves the page at desktop and phone widths, then returns to desktop. */
async function screenshots(page: Page, name: string, prepare?: () => Promise<void>) {
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await prepare?.();
    // Let Mantine's transitions settle before the picture.
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

async function signUpCompanyByHand(page: Page, smtp: SmtpPeer, email: string) {
  await page.goto("/sign-up");
  await page.getByRole("radio", { name: /I want to pay my team/ }).click();
  await page.getByLabel("Company name").fill("Northwind Studio");
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/companies\/[^/]+\/overview$/);
  // Its invitation and task emails go out once the owner confirms their address.
  await confirmEmail(page.request, smtp, email, new URL(page.url()).origin);
}

/** A company owner signed in through the API, and the company's id. */
async function companyByApi(
  request: APIRequestContext,
  smtp: SmtpPeer,
  companyName: string,
): Promise<string> {
  const email = uniqueEmail("owner");
  const response = await request.post("/api/auth/sign-up", {
    data: {
      accountType: "company",
      companyName,
      email,
      password: PASSWORD,
      name: "Olivia Owner",
    },
  });
  expect(response.status()).toBe(201);
  await confirmEmail(request, smtp, email, new URL(response.url()).origin);
  const me = await (await request.get("/api/me")).json();
  return me.companies[0].id as string;
}

/** A contractor page in its own browser, signed in through the emailed set-password link. */
async function contractorFromMail(browser: Browser, link: string, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL, viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(link);
  await page.getByRole("textbox", { name: "New password", exact: true }).fill(PASSWORD);
  await page.getByRole("textbox", { name: "Confirm new password", exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Save password and sign in" }).click();
  await expect(page).not.toHaveURL(/set-password/);
  return page;
}

test.describe("tasks", () => {
  test("the article's second way: Tasks → Add → Invite a new contractor → Invite → send invites and offers in one request; the contractor signs in and accepts", async ({
    page,
    smtp,
    baseURL,
    browser,
  }) => {
    const contractorEmail = uniqueEmail("nina");
    const localPart = contractorEmail.slice(0, contractorEmail.indexOf("@"));

    // A company user signs up and goes to the Tasks section.
    await signUpCompanyByHand(page, smtp, uniqueEmail("olivia"));
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Tasks" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Create your first task" })).toBeVisible();
    await screenshots(page, "tasks-empty");

    // "Go to the Tasks section and click Add."
    await page.getByRole("button", { name: "Add" }).click();
    const form = page.getByRole("dialog", { name: "Add task" });
    await expect(form).toBeVisible();
    await form.getByLabel("Title").fill("Logo redesign");

    // "Then click Invite a new contractor inside the task creation form."
    await form.getByRole("button", { name: "Invite a new contractor" }).click();
    // "Enter the contractor's email address and click Invite."
    await form.getByLabel("Contractor's email").fill(contractorEmail);
    await screenshots(page, "task-form-invite");
    // Everything the browser asks of the API from here on: saving must be the only write.
    const writes: string[] = [];
    page.on("request", (request) => {
      if (request.method() !== "GET") writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await form.getByRole("button", { name: "Invite", exact: true }).click();

    // "You can continue creating the task": the address is the task's contractor, the form keeps its text.
    await expect(form.getByRole("status")).toHaveText(
      `${contractorEmail} will be invited when you save the task.`,
    );
    await expect(form.getByRole("combobox", { name: "Contractor" })).toHaveValue(contractorEmail);
    await expect(form.getByText("New", { exact: true })).toBeVisible();
    await expect(form.getByLabel("Title")).toHaveValue("Logo redesign");

    await form.getByLabel("Amount").fill("1250.50");
    await form.getByRole("combobox", { name: "Currency" }).click();
    await form.getByRole("combobox", { name: "Currency" }).fill("EUR");
    await page.getByRole("option", { name: "EUR — Euro" }).click();
    await expect(form.getByRole("combobox", { name: "Currency" })).toHaveValue("EUR — Euro");
    await form.getByRole("button", { name: "Send to contractor" }).click();
    await expect(form).toBeHidden();
    // "The contractor will be added to the system automatically": by the task's own request, one transaction.
    expect(writes).toEqual([expect.stringMatching(/^POST \/api\/companies\/[^/]+\/tasks$/)]);

    const table = page.getByRole("table", { name: "Tasks" });
    const row = table.getByRole("row").filter({ hasText: "Logo redesign" });
    await expect(row).toContainText("Offered");
    await expect(row).toContainText(localPart);
    await expect(row).toContainText("Invited");
    await expect(row).toContainText("€1,250.50");
    await screenshots(page, "tasks-rows");

    // The new contractor receives the invitation (login details) and the task.
    const invitation = await smtp.waitFor(
      (m) => m.to.includes(contractorEmail) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    expect(invitation.subject).toBe("Northwind Studio invited you to Crewdesk");
    const offer = await smtp.waitFor(
      (m) => m.to.includes(contractorEmail) && m.subject.includes("Logo redesign"),
    );
    expect(offer.subject).toBe("Northwind Studio offered you a task: Logo redesign");
    expect(offer.text).toContain("€1,250.50");

    // They open the set-password link, choose a password, and may postpone the required information.
    const link = invitation.links.find((l) => l.includes("/set-password?token=")) ?? "";
    const contractor = await contractorFromMail(browser, link, baseURL ?? "");
    const later = contractor.getByRole("button", { name: "Later" });
    if (await later.isVisible()) await later.click();
    await contractor
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "My tasks" })
      .click();
    await expect(contractor.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();
    const myRow = contractor
      .getByRole("table", { name: "Tasks" })
      .getByRole("row")
      .filter({ hasText: "Logo redesign" });
    await expect(myRow).toContainText("Northwind Studio");
    await expect(myRow).toContainText("Offered");
    await screenshots(contractor, "my-tasks");

    await myRow.getByRole("link", { name: "Logo redesign" }).click();
    const drawer = contractor.getByRole("dialog", { name: /Logo redesign/ });
    await expect(drawer.getByRole("button", { name: "Accept" })).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Decline" })).toBeVisible();
    await drawer.getByRole("button", { name: "Accept" }).click();
    await expect(drawer.getByText("In progress", { exact: true })).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Submit result" })).toBeVisible();
    await expect(drawer.getByText("Offered → In progress")).toBeVisible();

    // The company's Tasks page follows without a refresh.
    await expect(row).toContainText("In progress");
    await contractor.context().close();
  });

  test("a result is submitted, accepted by the company and the task is Completed on both sides, live", async ({
    page,
    smtp,
    baseURL,
    browser,
  }) => {
    const cid = await companyByApi(page.request, smtp, "Harbor Works");
    const email = uniqueEmail("sam");
    const invited = await page.request.post(`/api/companies/${cid}/contractors/invitations`, {
      data: { emails: email },
      headers: { origin: baseURL ?? "" },
    });
    expect(invited.status()).toBe(200);
    const contractorId = (await invited.json()).results[0].contractorId as string;
    const created = await page.request.post(`/api/companies/${cid}/tasks`, {
      data: {
        title: "Translate the brochure",
        description: "Eight pages, English to German.",
        amount: "480",
        currency: "USD",
        deadline: "2030-06-30",
        project: "Spring campaign",
        contractorId,
        send: true,
      },
      headers: { origin: baseURL ?? "" },
    });
    expect(created.status()).toBe(201);

    const invitation = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    const contractor = await contractorFromMail(
      browser,
      invitation.links.find((l) => l.includes("/set-password?token=")) ?? "",
      baseURL ?? "",
    );
    await contractor.goto("/my/tasks");
    await contractor.getByRole("link", { name: "Translate the brochure" }).click();
    const mine = contractor.getByRole("dialog", { name: /Translate the brochure/ });
    await mine.getByRole("button", { name: "Accept" }).click();
    await mine.getByRole("button", { name: "Submit result" }).click();
    const submit = contractor.getByRole("dialog", { name: /Submit result/ });
    await submit.getByRole("button", { name: "Submit result" }).click();
    await expect(submit.getByText("Describe what you did.")).toBeVisible();
    await submit.getByLabel("Result").fill("Done: all eight pages.");
    await submit.getByLabel("Link (optional)").fill("https://files.example.com/brochure-de.pdf");
    await submit.getByRole("button", { name: "Submit result" }).click();
    await expect(mine.getByText("In review", { exact: true })).toBeVisible();

    // The company reviews the result in the task drawer and accepts it.
    await page.goto(`/companies/${cid}/tasks`);
    const row = page
      .getByRole("table", { name: "Tasks" })
      .getByRole("row")
      .filter({ hasText: "Translate the brochure" });
    await expect(row).toContainText("In review");
    await row.getByRole("link", { name: "Translate the brochure" }).click();
    const drawer = page.getByRole("dialog", { name: /Translate the brochure/ });
    await expect(drawer.getByRole("heading", { name: "Submitted result" })).toBeVisible();
    await expect(
      drawer
        .getByRole("region", { name: "Submitted result" })
        .getByRole("link", { name: "https://files.example.com/brochure-de.pdf" }),
    ).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Return for changes" })).toBeVisible();
    await screenshots(page, "task-detail");

    // Returning needs a comment.
    await drawer.getByRole("button", { name: "Return for changes" }).click();
    const back = page.getByRole("dialog", { name: /Return for changes/ });
    await back.getByRole("button", { name: "Return for changes" }).click();
    await expect(back.getByText("Say what should change.").last()).toBeVisible();
    await back.getByRole("button", { name: "Back" }).click();

    await drawer.getByRole("button", { name: "Accept result" }).click();
    await expect(drawer.getByText("Completed", { exact: true })).toBeVisible();
    await expect(drawer.getByRole("button", { name: "Accept result" })).toHaveCount(0);
    await expect(drawer.getByText("In review → Completed")).toBeVisible();
    await expect(row).toContainText("Completed");

    // The contractor sees it Completed without a refresh, and is told by email.
    await expect(mine.getByText("Completed", { exact: true })).toBeVisible();
    await expect(mine.getByRole("button", { name: "Submit result" })).toHaveCount(0);
    await smtp.waitFor((m) => m.to.includes(email) && /accepted|completed/i.test(m.subject));
    await contractor.context().close();
  });

  test("the Tasks page filters by words of the title, status, contractor and project, on the server", async ({
    page,
    smtp,
    baseURL,
  }) => {
    const cid = await companyByApi(page.request, smtp, "Filter Co");
    const headers = { origin: baseURL ?? "" };
    const invited = await page.request.post(`/api/companies/${cid}/contractors/invitations`, {
      data: { emails: "Zoe Filter <zoe.filter@example.com>" },
      headers,
    });
    const zoe = (await invited.json()).results[0].contractorId as string;
    for (const data of [
      { title: "Logo design", project: "Brand", contractorId: zoe, send: true },
      { title: "Logo animation", project: "Brand" },
      { title: "Write release notes", project: "Docs" },
    ]) {
      const created = await page.request.post(`/api/companies/${cid}/tasks`, {
        data: { amount: "100", currency: "USD", ...data },
        headers,
      });
      expect(created.status()).toBe(201);
    }

    await page.goto(`/companies/${cid}/tasks`);
    const rows = page.getByRole("table", { name: "Tasks" }).getByRole("row");
    const titles = page.getByRole("table", { name: "Tasks" }).getByRole("link");
    await expect(rows).toHaveCount(4);

    await page.getByLabel("Search titles").fill("logo");
    await expect(titles).toHaveText(["Logo animation", "Logo design"]);
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Offered" }).click();
    await expect(titles).toHaveText(["Logo design"]);
    await page.getByLabel("Project").fill("Docs");
    await expect(page.getByText("No task matches these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(rows).toHaveCount(4);

    const filters = page.getByRole("region", { name: "Filters" });
    await filters.getByRole("combobox", { name: "Contractor" }).fill("zoe");
    await page.getByRole("option", { name: /Zoe Filter/ }).click();
    await expect(titles).toHaveText(["Logo design"]);
    await filters.getByRole("button", { name: "Clear Contractor" }).click();
    await page.getByLabel("Project").fill("Brand");
    await expect(titles).toHaveText(["Logo animation", "Logo design"]);
    // Every word typed must start a word of the title, in any order.
    await page.getByLabel("Search titles").fill("ani LOGO");
    await expect(titles).toHaveText(["Logo animation"]);
  });

  test("a draft is saved, edited, and deleted after confirmation; a duplicate external ID is shown at its field", async ({
    page,
    smtp,
    baseURL,
  }) => {
    const cid = await companyByApi(page.request, smtp, "Draft Co");
    const first = await page.request.post(`/api/companies/${cid}/tasks`, {
      data: { title: "Existing", amount: "10", currency: "USD", externalId: "PO-1" },
      headers: { origin: baseURL ?? "" },
    });
    expect(first.status()).toBe(201);

    const invited = await page.request.post(`/api/companies/${cid}/contractors/invitations`, {
      data: { emails: "Zoe Keyboard <zoe.keys@example.com>" },
      headers: { origin: baseURL ?? "" },
    });
    expect(invited.status()).toBe(200);

    await page.goto(`/companies/${cid}/tasks`);
    await page.getByRole("button", { name: "Add" }).click();
    const form = page.getByRole("dialog", { name: "Add task" });
    await form.getByLabel("Title").fill("Banner set");

    // The Contractor picker works from the keyboard: type the start of a word, arrow down, Enter.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(form.getByRole("combobox", { name: "Contractor" })).toBeFocused();
    await page.keyboard.type("keyb");
    await expect(page.getByRole("option", { name: /Zoe Keyboard/ })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(form.getByRole("combobox", { name: "Contractor" })).toHaveValue("Zoe Keyboard");
    await form.getByRole("button", { name: "Clear Contractor" }).click();
    await expect(form.getByRole("combobox", { name: "Contractor" })).toHaveValue("");

    // The deadline is picked in a calendar, from the keyboard, and reads as every date of the app does.
    const deadline = new Date();
    deadline.setUTCDate(deadline.getUTCDate() + 1);
    const deadlineText = deadline.toLocaleDateString("en-US", {
      dateStyle: "medium",
      timeZone: "UTC",
    });
    await form.getByRole("button", { name: "Deadline: no date" }).focus();
    await page.keyboard.press("Enter");
    const calendar = page
      .getByRole("dialog")
      .filter({ has: page.getByRole("button", { name: "Next month" }) });
    if (deadline.getUTCDate() === 1) await calendar.getByRole("button", { name: "Next month" }).click();
    await calendar.getByRole("button", { name: deadlineText, exact: true }).click();
    await expect(form.getByRole("button", { name: `Deadline: ${deadlineText}` })).toHaveText(deadlineText);

    await form.getByLabel("Amount").fill("12.345");
    await form.getByLabel("External ID").fill("PO-1");
    await form.getByRole("button", { name: "Save draft" }).click();
    await expect(form.getByText("Amount may have at most 2 decimals in USD.")).toBeVisible();

    await form.getByLabel("Amount").fill("12.34");
    await form.getByRole("button", { name: "Send to contractor" }).click();
    await expect(
      form.getByText("Choose a contractor to send the task to, or save it as a draft."),
    ).toBeVisible();

    await form.getByRole("button", { name: "Save draft" }).click();
    await expect(
      form.getByText('A task with the external ID "PO-1" already exists in this company.'),
    ).toBeVisible();
    await form.getByLabel("External ID").fill("PO-2");
    await form.getByRole("button", { name: "Save draft" }).click();
    await expect(form).toBeHidden();

    const row = page.getByRole("table", { name: "Tasks" }).getByRole("row").filter({ hasText: "Banner set" });
    await expect(row).toContainText("Draft");
    await expect(row).toContainText(deadlineText);
    await row.getByRole("link", { name: "Banner set" }).click();
    const drawer = page.getByRole("dialog", { name: /Banner set/ });
    await expect(drawer.getByRole("button", { name: "Send to contractor" })).toBeDisabled();

    await drawer.getByRole("button", { name: "Edit" }).click();
    const edit = page.getByRole("dialog", { name: /Edit task/ });
    await edit.getByLabel("Title").fill("Banner set, three sizes");
    await edit.getByRole("button", { name: "Save draft" }).click();
    await expect(edit).toBeHidden();
    await expect(drawer.getByRole("heading", { name: /Banner set, three sizes/ })).toBeVisible();

    // Filtering by the start of a word of the title, on the server.
    await page.keyboard.press("Escape");
    await page.getByLabel("Search titles").fill("siz");
    await expect(page.getByRole("table", { name: "Tasks" }).getByRole("row")).toHaveCount(2);
    await page.getByLabel("Search titles").fill("xyz");
    await expect(page.getByText("No task matches these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();

    await page.getByRole("link", { name: "Banner set, three sizes" }).click();
    await drawer.getByRole("button", { name: "Delete draft" }).click();
    const confirm = page.getByRole("dialog", { name: /Delete draft/ });
    await confirm.getByRole("button", { name: "Delete draft" }).click();
    await expect(page.getByRole("link", { name: "Banner set, three sizes" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Existing" })).toBeVisible();
  });
});
