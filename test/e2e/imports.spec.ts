import fs from "node:fs/promises";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { wcagViolations } from "./audit.ts";
import { confirmEmail, expect, test, uniqueEmail } from "./fixtures.ts";

test("Tasks → Import → Download the sample file → fill it → upload → the preview shows its rows and errors", async ({
  page,
}) => {
  // The file is read in a worker thread: on a busy machine that takes a while to start.
  test.setTimeout(240_000);
  const signUp = await page.request.post("/api/auth/sign-up", {
    data: {
      accountType: "company",
      companyName: "Import Studio",
      email: uniqueEmail("importer"),
      password: "a long enough password",
      name: "Olivia Owner",
    },
  });
  expect(signUp.status()).toBe(201);
  const me = await (await page.request.get("/api/me")).json();
  const cid = me.companies[0].id as string;

  await page.goto(`/companies/${cid}/tasks`);
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import tasks" })).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the sample file" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("crewdesk-task-import-sample.xlsx");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await fs.readFile(await download.path())) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Tasks");
  if (!sheet) throw new Error("the sample has no Tasks sheet");
  expect(sheet.getRow(1).values).toContain("Contractor email");
  // The example row stays; a good row and a row with two mistakes are added under it, as a person fills it.
  sheet.getRow(3).values = [
    "sam@example.com",
    "Sam Writer",
    "Write the FAQ",
    "",
    250,
    "EUR",
    "",
    "Docs",
    "FAQ-1",
  ];
  sheet.getRow(4).values = ["sam(at)example.com", "Sam Writer", "Proofread", "", 0, "EUR", "", "", ""];
  const filled = Buffer.from(await workbook.xlsx.writeBuffer());

  await page.locator('input[type="file"]').setInputFiles({
    name: "my tasks.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: filled,
  });

  await expect(page).toHaveURL(/\/tasks\/import\/[^/]+$/);
  await expect(page.getByRole("heading", { name: "Import preview" })).toBeVisible();
  await expect(page.getByText("Preview ready")).toBeVisible({ timeout: 90_000 });
  await expect(page.getByText("my tasks.xlsx")).toBeVisible();
  const stat = (label: string) => page.getByText(label, { exact: true }).locator("xpath=..");
  await expect(stat("Rows found")).toContainText("3");
  await expect(stat("Valid rows")).toContainText("2");
  await expect(stat("Rows with errors")).toContainText("1");

  const errors = page.getByRole("table").filter({ hasText: "Problem" });
  await expect(errors.getByRole("row")).toHaveCount(3);
  await expect(errors.getByRole("row").nth(1)).toContainText("4");
  await expect(errors.getByRole("row").nth(1)).toContainText("Contractor email");
  await expect(errors.getByRole("row").nth(1)).toContainText('"sam(at)example.com" is not an email address.');
  await expect(errors.getByRole("row").nth(2)).toContainText("Amount must be greater than zero.");
  await expect(page.getByRole("link", { name: "Download errors.csv" })).toBeVisible();

  const read = page.getByRole("table").filter({ hasText: "External ID" });
  await expect(read.getByRole("row")).toHaveCount(3);
  await expect(read.getByRole("row").nth(2)).toContainText("Write the FAQ");
  await expect(read.getByRole("row").nth(2)).toContainText("€250.00");
  await expect(read.getByRole("row").nth(2)).toContainText("FAQ-1");

  await page.getByRole("button", { name: "Discard" }).click();
  await expect(page.getByRole("heading", { name: "Import tasks" })).toBeVisible();
  await expect(page.getByRole("table").filter({ hasText: "Uploaded" })).toContainText("Discarded");
});

// The help article's third way to add contractors, word for word: "Go to the “Tasks” section and click
// “Import”. Download the sample file. Fill in contractor details starting with the “Contractor email” field.
// Save the file and upload it to the platform. If the contractor’s email is new, the system will
// automatically send an invitation."
test("Tasks → Import → Download the sample file → fill it → upload → preview → import: the new contractors receive their invitations and the Tasks list shows the tasks", async ({
  page,
  smtp,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const ownerEmail = uniqueEmail("import-owner");
  const signUp = await page.request.post("/api/auth/sign-up", {
    data: {
      accountType: "company",
      companyName: "Import Invites Co",
      email: ownerEmail,
      password: "a long enough password",
      name: "Ivy Importer",
    },
  });
  expect(signUp.status()).toBe(201);
  await confirmEmail(page.request, smtp, ownerEmail, baseURL ?? "");
  const cid = (await (await page.request.get("/api/me")).json()).companies[0].id as string;

  // Go to the “Tasks” section and click “Import”.
  await page.goto(`/companies/${cid}/tasks`);
  await page.getByRole("link", { name: "Import" }).click();
  // Download the sample file.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the sample file" }).click(),
  ]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await fs.readFile(await download.path())) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet("Tasks");
  if (!sheet) throw new Error("the sample has no Tasks sheet");
  // Fill in contractor details starting with the “Contractor email” field (the example row replaced).
  const first = uniqueEmail("new-contractor-a");
  const second = uniqueEmail("new-contractor-b");
  sheet.getRow(2).values = [first, "Ada Writer", "Write the user guide", "", 400, "EUR", "", "Docs", ""];
  sheet.getRow(3).values = [first, "Ada Writer", "Write the release notes", "", 150, "EUR", "", "Docs", ""];
  sheet.getRow(4).values = [second, "Ben Designer", "Draw the icons", "", 300, "EUR", "", "Design", ""];
  // Save the file and upload it to the platform.
  await page.locator('input[type="file"]').setInputFiles({
    name: "december tasks.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
  });
  // The file is read in a worker thread: on a busy machine that takes a while to start.
  await expect(page.getByText("Preview ready")).toBeVisible({ timeout: 90_000 });
  const stat = (label: string) => page.getByText(label, { exact: true }).locator("xpath=..");
  await expect(stat("Valid rows")).toContainText("3");
  await page.getByRole("button", { name: "Import 3 tasks" }).click();
  await expect(page.getByText("Import finished")).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText("3 tasks created · 2 contractors invited")).toBeVisible();

  // If the contractor’s email is new, the system will automatically send an invitation: one each.
  for (const address of [first, second]) {
    const mail = await smtp.waitFor(
      (m) => m.to.includes(address) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    expect(mail.subject).toContain("Import Invites Co");
  }
  expect(smtp.mailsTo(first)).toHaveLength(1);

  await page.getByRole("link", { name: "Open the tasks" }).click();
  for (const title of ["Write the user guide", "Write the release notes", "Draw the icons"]) {
    await expect(page.getByText(title)).toBeVisible();
  }
  await page.goto(`/companies/${cid}/tasks/import`);
  await expect(page.getByRole("table").filter({ hasText: "Uploaded" })).toContainText(
    "3 tasks, 2 invitations",
  );
});

// Pictures of the Import page and a preview at desktop and phone widths (test-results/screenshots/), each
// without sideways scrolling and without a WCAG A/AA violation axe-core can find.
const widths = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function shootClean(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBe(false);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
  expect(await wcagViolations(page), `${name}: axe-core`).toEqual([]);
}

for (const size of widths) {
  test(`the Import page and a preview at ${size.name} width`, async ({ page, baseURL }) => {
    test.setTimeout(240_000);
    await page.setViewportSize({ width: size.width, height: size.height });
    const signUp = await page.request.post("/api/auth/sign-up", {
      data: {
        accountType: "company",
        companyName: "Northwind Design Studio",
        email: uniqueEmail(`import-shot-${size.name}`),
        password: "a long enough password",
        name: "Alexandra Montgomery-Smith",
      },
    });
    expect(signUp.status()).toBe(201);
    const cid = (await (await page.request.get("/api/me")).json()).companies[0].id as string;
    const existing = await page.request.post(`/api/companies/${cid}/tasks`, {
      data: { title: "Landing page copy", amount: "300", currency: "EUR", externalId: "WEB-7" },
      // As the app's own page sends it: unsafe cookie requests must come from our origin.
      headers: { origin: baseURL ?? "" },
    });
    expect(existing.status()).toBe(201);

    await page.goto(`/companies/${cid}/tasks/import`);
    await expect(page.getByRole("heading", { name: "Import tasks" })).toBeVisible();
    await shootClean(page, `import-page-${size.name}`);

    // As a spreadsheet app in a Cyrillic locale saves it: Windows-1251, semicolons, decimal commas.
    const csv = [
      "Contractor email;Contractor name;Task title;Amount;Currency;Deadline;Project;External ID;Notes",
      "ivan.petrov@example.com;Иван Петров;Перевод руководства, часть 1;1 234,50;EUR;31.12.2026;Docs;DOC-1;",
      "maria.garcia@example.com;Maria Garcia;Proofread the onboarding guide;480;EUR;2026-11-30;Docs;DOC-2;",
      "sam.writer@example.com;Sam Writer;Rewrite the pricing page;950,00;USD;;Website;WEB-7;already done",
      "sam(at)example.com;Sam Writer;Write the FAQ;0;EUR;31.02.2026;Website;WEB-8;",
      "olga@example.com;Ольга;Вёрстка главной страницы;2 000;XYZ;;Website;WEB-9;",
    ].join("\r\n");
    await page.locator('input[type="file"]').setInputFiles({
      name: "tasks-december.csv",
      mimeType: "text/csv",
      buffer: iconv.encode(`${csv}\r\n`, "win1251"),
    });
    await expect(page.getByRole("heading", { name: "Import preview" })).toBeVisible();
    await expect(page.getByText("Preview ready")).toBeVisible({ timeout: 90_000 });
    await expect(page.getByText("Encoding: Windows-1251")).toBeVisible();
    await expect(page.getByText("Separator: Semicolon")).toBeVisible();
    const stat = (label: string) => page.getByText(label, { exact: true }).locator("xpath=..");
    await expect(stat("Rows found")).toContainText("5");
    await expect(stat("Valid rows")).toContainText("2");
    await expect(stat("Rows with errors")).toContainText("2");
    await expect(stat("Duplicates (skipped)")).toContainText("1");
    await expect(page.getByText("The column “Notes” is not an import column; it was ignored.")).toBeVisible();
    await expect(page.getByRole("table").filter({ hasText: "Problem" }).getByRole("row")).toHaveCount(5);
    await expect(page.getByText("Перевод руководства, часть 1")).toBeVisible();
    await expect(page.getByText("1 row has an External ID that a task of yours already has")).toBeVisible();
    await shootClean(page, `import-preview-${size.name}`);

    await page.getByRole("link", { name: "← Import tasks" }).click();
    await expect(page.getByRole("table").filter({ hasText: "Uploaded" })).toContainText("tasks-december.csv");
    await shootClean(page, `import-page-recent-${size.name}`);
  });
}
