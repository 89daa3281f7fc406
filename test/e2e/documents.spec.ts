import { lastClosedMonth } from "../../src/common/documents.ts";
import { hashNewPassword } from "../../src/server/auth/passwords.ts";
import { buildCompany, buildUser } from "../support/factories.ts";
import { pdfText } from "../support/pdf.ts";
import { wcagViolations } from "./audit.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";
import {
  acceptByMail,
  apiClient,
  contractorMove,
  createTask,
  firstCompanyId,
  invite,
  signInPage,
  signUp,
  WORLD_PASSWORD,
} from "./world.ts";

test.use({ payments: "prepaid" });
test.setTimeout(180_000);

test("a paid task's act of acceptance: the company and the contractor each download their own", async ({
  browser,
  baseURL,
  smtp,
}) => {
  const origin = baseURL as string;
  const ownerEmail = uniqueEmail("owner");
  const owner = await apiClient(origin);
  await signUp(owner, {
    accountType: "company",
    name: "Olga Owner",
    email: ownerEmail,
    companyName: "Ромашка Studio",
  });
  const cid = await firstCompanyId(owner);
  const verify = await smtp.waitFor(
    (m) => m.to.includes(ownerEmail) && m.links.some((l) => l.includes("/verify-email")),
  );
  const token = new URL(verify.links.find((l) => l.includes("/verify-email")) ?? "").searchParams.get(
    "token",
  );
  await owner.post("/api/auth/verify-email", { data: { token } });
  const contractorEmail = uniqueEmail("nina");
  const [contractorId] = await invite(owner, cid, contractorEmail);
  const contractor = await acceptByMail(origin, smtp, contractorEmail);

  // Money in (test funds, as an owner may outside production), a task sent, done and accepted.
  const topUp = await (
    await owner.post(`/api/companies/${cid}/top-ups`, { data: { amount: "100.00", currency: "EUR" } })
  ).json();
  await owner.post(`/api/companies/${cid}/top-ups/${topUp.id}/test-funds`);
  const taskId = await createTask(owner, cid, {
    title: "Logo in Cyrillic — Логотип",
    amount: "40.00",
    currency: "EUR",
    contractorId,
    send: true,
  });
  await contractorMove(contractor, taskId, "accept");
  await contractorMove(contractor, taskId, "submit", { result: "Done" });

  const ownerPage = await (await browser.newContext()).newPage();
  await signInPage(ownerPage, ownerEmail);
  await ownerPage.goto(`/companies/${cid}/documents`);
  await expect(ownerPage.getByRole("heading", { name: "Documents", level: 1 })).toBeVisible();
  await expect(ownerPage.getByText("No documents yet")).toBeVisible();
  expect(await wcagViolations(ownerPage)).toEqual([]);

  const accept = await owner.post(`/api/companies/${cid}/tasks/${taskId}/accept`, { data: {} });
  expect(accept.status()).toBe(200);

  // The act arrives live, issued by the worker after the payment.
  const row = ownerPage.getByRole("row").filter({ hasText: "Логотип" });
  await expect(row).toContainText("Act of acceptance", { timeout: 20_000 });
  expect(await wcagViolations(ownerPage)).toEqual([]);
  const ownerDownload = ownerPage.waitForEvent("download");
  await row.getByRole("link", { name: /^Download ACT-/ }).click();
  const ownerFile = await ownerDownload;
  expect(ownerFile.suggestedFilename()).toMatch(/^ACT-\d{4}-\d{6}\.pdf$/);
  const ownerText = await pdfText(await streamBytes(ownerFile));
  expect(ownerText).toContain("Ромашка Studio");
  expect(ownerText).toContain("Copy for the company");

  // Filters: statements only shows none.
  await ownerPage.getByRole("combobox", { name: "Kind" }).click();
  await ownerPage.getByRole("option", { name: "Monthly statement" }).click();
  await expect(ownerPage.getByText("No document matches these filters.")).toBeVisible();

  const contractorPage = await (await browser.newContext()).newPage();
  await contractorPage.setViewportSize({ width: 390, height: 844 });
  await signInPage(contractorPage, contractorEmail);
  await contractorPage.goto("/my/documents");
  const mine = contractorPage.getByRole("row").filter({ hasText: "Логотип" });
  await expect(mine).toContainText("Act of acceptance");
  expect(await wcagViolations(contractorPage)).toEqual([]);
  await contractorPage.screenshot({ path: test.info().outputPath("documents-phone.png"), fullPage: true });
  const contractorDownload = contractorPage.waitForEvent("download");
  await mine.getByRole("link", { name: /^Download ACT-/ }).click();
  const contractorFile = await contractorDownload;
  expect(contractorFile.suggestedFilename()).not.toBe(ownerFile.suggestedFilename());
  const contractorText = await pdfText(await streamBytes(contractorFile));
  expect(contractorText).toContain("Copy for the contractor");
  expect(contractorText).toContain("40.00 EUR");
  await ownerPage.screenshot({ path: test.info().outputPath("documents-desktop.png"), fullPage: true });

  await owner.dispose();
  await contractor.dispose();
});

test("finance issues last month's statements and watches them being issued", async ({
  browser,
  database,
}) => {
  // Companies that held money before last month ended (their accounts opened then).
  const period = lastClosedMonth();
  const opened = `${period}-02T09:00:00.000Z`;
  for (let i = 0; i < 40; i++) {
    const company = await buildCompany(database.db, { name: `Statement Co ${i} — Компания` });
    await database.db
      .insertInto("ledger_accounts")
      .values({
        id: `company:${company.id}:available:EUR`,
        currency: "EUR",
        owner_kind: "company",
        owner_id: company.id,
        purpose: "available",
        created_at: opened,
      })
      .execute();
  }
  const financeEmail = uniqueEmail("finance");
  await buildUser(database.db, {
    email: financeEmail,
    platformRole: "finance",
    passwordHash: await hashNewPassword(WORLD_PASSWORD),
  });
  const page = await (await browser.newContext()).newPage();
  await signInPage(page, financeEmail);
  await page.goto("/finance");
  await page.getByRole("link", { name: "Statements" }).click();
  await expect(page.getByRole("heading", { name: "Monthly statements", level: 1 })).toBeVisible();
  await expect(page.getByText("No statements issued yet.")).toBeVisible();
  expect(await wcagViolations(page)).toEqual([]);

  // A month that is not over is refused before anything is asked.
  const month = page.getByRole("textbox", { name: "Month" });
  await month.fill("2999-01");
  await page.getByRole("button", { name: "Issue statements" }).click();
  await expect(page.getByText("That month is not over yet")).toBeVisible();
  expect(await wcagViolations(page)).toEqual([]);

  await month.fill(period);
  await page.getByRole("button", { name: "Issue statements" }).click();
  const progress = page.getByTestId(`run-progress-${period}`);
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/^40 of 40/, { timeout: 60_000 });
  await expect(page.getByRole("row").filter({ has: progress })).toContainText("Done");
  expect(await wcagViolations(page)).toEqual([]);
  await page.screenshot({ path: test.info().outputPath("statements-desktop.png"), fullPage: true });
});

async function streamBytes(download: import("@playwright/test").Download): Promise<Buffer> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
