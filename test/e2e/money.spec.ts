import { hashNewPassword } from "../../src/server/auth/passwords.ts";
import { buildUser } from "../support/factories.ts";
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
// Three people in three browsers on a small, shared machine.
test.setTimeout(180_000);

test("a top-up asked for, recorded by finance, pays a task the owner accepts; the contractor sees it live", async ({
  browser,
  baseURL,
  smtp,
  database,
}) => {
  const origin = baseURL as string;
  // The company, its contractor with complete information, as the API makes them.
  const ownerEmail = uniqueEmail("owner");
  const owner = await apiClient(origin);
  await signUp(owner, {
    accountType: "company",
    name: "Olivia Owner",
    email: ownerEmail,
    companyName: "Fjord Films",
  });
  const cid = await firstCompanyId(owner);
  const verify = await smtp.waitFor(
    (m) => m.to.includes(ownerEmail) && m.links.some((l) => l.includes("/verify-email")),
  );
  const verifyToken = new URL(verify.links.find((l) => l.includes("/verify-email")) ?? "").searchParams.get(
    "token",
  );
  await owner.post("/api/auth/verify-email", { data: { token: verifyToken } });
  const contractorEmail = uniqueEmail("carla");
  const [contractorId] = await invite(owner, cid, contractorEmail);
  const contractor = await acceptByMail(origin, smtp, contractorEmail);

  // The owner asks for a top-up and downloads its proforma.
  const ownerPage = await (await browser.newContext()).newPage();
  await signInPage(ownerPage, ownerEmail);
  await ownerPage.goto(`/companies/${cid}/balance`);
  await expect(ownerPage.getByRole("heading", { name: "Balance", level: 1 })).toBeVisible();
  expect(await wcagViolations(ownerPage)).toEqual([]);
  await ownerPage.getByRole("textbox", { name: "Amount" }).fill("100.00");
  await ownerPage.getByRole("button", { name: "Ask for a top-up" }).click();
  const created = ownerPage.getByRole("status").filter({ hasText: "created" });
  await expect(created).toBeVisible();
  const reference = (await created.locator("span").filter({ hasText: /^CD-/ }).first().textContent()) ?? "";
  expect(reference).toMatch(/^CD-/);
  const download = ownerPage.waitForEvent("download");
  await created.getByRole("link", { name: /Download the proforma invoice/ }).click();
  expect((await download).suggestedFilename()).toMatch(/^proforma-PF-\d{4}-\d{6}\.pdf$/);

  // Finance finds it by its reference and records what arrived.
  const financeEmail = uniqueEmail("finance");
  await buildUser(database.db, {
    email: financeEmail,
    platformRole: "finance",
    passwordHash: await hashNewPassword(WORLD_PASSWORD),
  });
  const financePage = await (await browser.newContext()).newPage();
  await signInPage(financePage, financeEmail);
  await financePage.goto("/finance");
  await financePage.getByRole("textbox", { name: "Search" }).fill(reference);
  await expect(financePage.getByRole("row")).toHaveCount(2);
  expect(await wcagViolations(financePage)).toEqual([]);
  await financePage.getByRole("button", { name: /^Record PF-/ }).click();
  await expect(financePage.getByText("No top-up matches.")).toBeVisible();

  // The owner's balance changed live.
  await expect(ownerPage.getByTestId("available-EUR")).toContainText("100.00");

  // A task is sent, taken and submitted; the contractor watches their earnings.
  const taskId = await createTask(owner, cid, {
    title: "Colour grading",
    amount: "40.00",
    currency: "EUR",
    contractorId,
    send: true,
  });
  await contractorMove(contractor, taskId, "accept");
  await contractorMove(contractor, taskId, "submit", { result: "Graded all scenes" });
  const contractorPage = await (await browser.newContext()).newPage();
  await signInPage(contractorPage, contractorEmail);
  await contractorPage.goto("/my/earnings");
  await expect(contractorPage.getByText("Nothing earned yet.")).toBeVisible();
  expect(await wcagViolations(contractorPage)).toEqual([]);

  // The owner accepts the result after reading what it pays.
  await ownerPage.goto(`/companies/${cid}/tasks/${taskId}`);
  await expect(ownerPage.getByText("€40.00 reserved for this task")).toBeVisible();
  await ownerPage.getByRole("button", { name: "Accept result" }).click();
  const dialog = ownerPage.getByRole("dialog", { name: /^Accept result/ });
  await expect(dialog).toContainText("pays €40.00 to");
  await dialog.getByRole("button", { name: "Accept result" }).click();
  await expect(dialog).toBeHidden();

  await expect(contractorPage.getByTestId("earned-EUR")).toContainText("40.00");
  await expect(ownerPage.getByText("Paid: €40.00 to the contractor")).toBeVisible();
  await expect(contractorPage.getByRole("row").filter({ hasText: "Colour grading" })).toContainText(
    "Payment for a task",
  );
  await owner.dispose();
  await contractor.dispose();
});
