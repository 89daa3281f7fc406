import { readFile } from "node:fs/promises";
import { XMLParser } from "fast-xml-parser";
import { hashNewPassword } from "../../src/server/auth/passwords.ts";
import { buildUser } from "../support/factories.ts";
import { DESKTOP, PHONE, wcagViolations } from "./audit.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";
import {
  acceptByMail,
  apiClient,
  companyMove,
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

test("a contractor adds an IBAN and withdraws; finance batches it, it fails and the money comes back with the reason, then it is paid in a second batch", async ({
  browser,
  baseURL,
  smtp,
  database,
}, testInfo) => {
  const origin = baseURL as string;
  // A company that paid its contractor 150 EUR for a task, as the API makes it.
  const owner = await apiClient(origin);
  const ownerEmail = uniqueEmail("owner");
  await signUp(owner, {
    accountType: "company",
    name: "Olivia Owner",
    email: ownerEmail,
    companyName: "Fjord Films",
  });
  const cid = await firstCompanyId(owner);
  // The owner confirms their address, so the invitation is sent rather than held.
  const verify = await smtp.waitFor(
    (m) => m.to.includes(ownerEmail) && m.links.some((l) => l.includes("/verify-email")),
  );
  const token = new URL(verify.links.find((l) => l.includes("/verify-email")) ?? "").searchParams.get(
    "token",
  );
  await owner.post("/api/auth/verify-email", { data: { token } });
  const topUp = await (
    await owner.post(`/api/companies/${cid}/top-ups`, { data: { amount: "150.00", currency: "EUR" } })
  ).json();
  expect((await owner.post(`/api/companies/${cid}/top-ups/${topUp.id}/test-funds`)).status()).toBe(200);
  const contractorEmail = uniqueEmail("carla");
  const [contractorId] = await invite(owner, cid, contractorEmail);
  const contractor = await acceptByMail(origin, smtp, contractorEmail);
  const taskId = await createTask(owner, cid, {
    title: "Subtitles",
    amount: "150.00",
    currency: "EUR",
    contractorId,
    send: true,
  });
  await contractorMove(contractor, taskId, "accept");
  await contractorMove(contractor, taskId, "submit", { result: "Done" });
  await companyMove(owner, cid, taskId, "accept");

  // The contractor adds their bank account: a typo in the IBAN is named as it is typed.
  const me = await (await browser.newContext()).newPage();
  await signInPage(me, contractorEmail);
  await me.goto("/my/earnings");
  await expect(me.getByTestId("earned-EUR")).toContainText("150.00");
  await expect(me.getByRole("heading", { name: "Payout account" })).toBeVisible();
  expect(await wcagViolations(me)).toEqual([]);
  await me.getByRole("textbox", { name: "Account holder" }).fill("Нина Новак");
  const iban = me.getByRole("textbox", { name: "IBAN" });
  await iban.fill("DE89 3704 0044 0532 0130 01");
  await iban.blur();
  await expect(me.getByText("The check digits do not match: look for a mistyped character.")).toBeVisible();
  expect(await wcagViolations(me)).toEqual([]);
  await iban.fill("DE89 3704 0044 0532 0130 00");
  await expect(me.getByText("The check digits do not match")).toBeHidden();
  await me.getByRole("textbox", { name: "BIC (SWIFT code)" }).fill("COBADEFFXXX");
  await me.getByLabel("Current password").fill(WORLD_PASSWORD);
  await me.getByRole("button", { name: "Save the payout account" }).click();
  await expect(me.getByTestId("payout-iban")).toHaveText("DE89 3704 0044 0532 0130 00");
  await smtp.waitFor((m) => m.to.includes(contractorEmail) && m.subject === "Your payout account was added");

  // They withdraw 100 EUR: it is on its way at once.
  await me.getByRole("textbox", { name: "Amount" }).fill("100.00");
  await me.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(me.getByRole("status").filter({ hasText: "requested" })).toBeVisible();
  await expect(me.getByTestId("earned-EUR")).toHaveText(/(^|\D)50\.00/);
  await expect(me.getByTestId("withdrawing-EUR")).toContainText("100.00");

  // Finance builds a batch, downloads its pain.001, sends it, and the bank returns the payout.
  const financeEmail = uniqueEmail("finance");
  await buildUser(database.db, {
    email: financeEmail,
    platformRole: "finance",
    passwordHash: await hashNewPassword(WORLD_PASSWORD),
  });
  const finance = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await signInPage(finance, financeEmail);
  await finance.goto("/finance/payouts");
  await expect(finance.getByRole("heading", { name: "Payouts", level: 1 })).toBeVisible();
  expect(await wcagViolations(finance)).toEqual([]);
  await finance.getByRole("button", { name: "Build a EUR batch" }).click();
  await expect(finance.getByRole("heading", { name: /^Batch PB-/, level: 1 })).toBeVisible();
  const download = finance.waitForEvent("download");
  await finance.getByRole("link", { name: /Download pain\.001 XML/ }).click();
  const file = await (await download).path();
  const xml = new XMLParser({ ignoreAttributes: false }).parse(await readFile(file, "utf8"));
  const info = xml.Document.CstmrCdtTrfInitn.PmtInf;
  expect(xml.Document.CstmrCdtTrfInitn.GrpHdr.NbOfTxs).toBe(1);
  expect(info.CdtTrfTxInf.CdtrAcct.Id.IBAN).toBe("DE89370400440532013000");
  expect(info.CdtTrfTxInf.Cdtr.Nm).toBe("Нина Новак");
  await finance.getByRole("button", { name: /^Mark PB-.* sent to the bank$/ }).click();
  await finance.getByRole("textbox", { name: /The bank's reason WD-/ }).fill("AC04 Account closed");
  expect(await wcagViolations(finance)).toEqual([]);
  await finance.getByRole("button", { name: /^Failed WD-/ }).click();
  await expect(finance.getByRole("row").filter({ hasText: "AC04 Account closed" })).toContainText("Failed");

  // The contractor sees the money back, live, and the bank's reason; they are emailed too.
  await expect(me.getByTestId("earned-EUR")).toHaveText(/(^|\D)150\.00/);
  await expect(me.getByText("The bank's reason: AC04 Account closed")).toBeVisible();
  await smtp.waitFor((m) => m.to.includes(contractorEmail) && m.text.includes("AC04 Account closed"));

  // They withdraw again; a second batch pays it.
  await me.getByRole("textbox", { name: "Amount" }).fill("150.00");
  await me.getByRole("button", { name: "Withdraw", exact: true }).click();
  await expect(me.getByTestId("withdrawing-EUR")).toContainText("150.00");
  await finance.goto("/finance/payouts");
  await finance.getByRole("button", { name: "Build a EUR batch" }).click();
  await finance.getByRole("button", { name: /^Mark PB-.* sent to the bank$/ }).click();
  await finance.getByRole("button", { name: /^Paid WD-/ }).click();
  await expect(finance.getByText("Settled")).toBeVisible();
  await expect(me.getByRole("row").filter({ hasText: "Paid" })).toBeVisible();
  await expect(me.getByTestId("earned-EUR")).toHaveText(/(^|\D)0\.00/);
  await expect(me.getByTestId("withdrawing-EUR")).toBeHidden();
  expect(await wcagViolations(me)).toEqual([]);

  for (const size of [DESKTOP, PHONE]) {
    for (const [name, page, heading] of [
      ["earnings", me, "Earnings"],
      ["batch", finance, /^Batch PB-/],
    ] as const) {
      await page.setViewportSize(size);
      await page.reload();
      await expect(page.getByRole("heading", { name: heading, level: 1 })).toBeVisible();
      expect(await wcagViolations(page)).toEqual([]);
      await page.screenshot({ path: testInfo.outputPath(`${name}-${size.name}.png`), fullPage: true });
    }
  }
  await owner.dispose();
  await contractor.dispose();
});
