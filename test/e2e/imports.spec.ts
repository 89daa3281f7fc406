import fs from "node:fs/promises";
import ExcelJS from "exceljs";
import { expect, test, uniqueEmail } from "./fixtures.ts";

test("Tasks → Import → Download the sample file → fill it → upload → the preview shows its rows and errors", async ({
  page,
}) => {
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
  await expect(page.getByText("Preview ready")).toBeVisible();
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
