import { verifySignature } from "../../src/server/webhooks/signature.ts";
import { startWebhookReceiver } from "../support/webhook-receiver.ts";
import { DESKTOP, PageAudit, PHONE } from "./audit.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";
import { apiClient, createTask, firstCompanyId, invite, signInPage, signUp } from "./world.ts";

test.setTimeout(120_000);

test("the owner's invitation and sent task show in the audit log, filtered; a webhook's delivery shows in its log", async ({
  page,
  baseURL,
}) => {
  const origin = baseURL as string;
  const ownerEmail = uniqueEmail("owner");
  const owner = await apiClient(origin);
  await signUp(owner, {
    accountType: "company",
    name: "Olivia Owner",
    email: ownerEmail,
    companyName: "Audit Ltd",
  });
  const cid = await firstCompanyId(owner);
  const contractorEmail = uniqueEmail("nina");
  const [contractorId] = await invite(owner, cid, contractorEmail);
  await createTask(owner, cid, {
    title: "Translate the style guide",
    amount: "250.00",
    contractorId: contractorId ?? null,
    send: true,
  });

  await signInPage(page, ownerEmail);
  await page.goto(`/companies/${cid}/audit`);
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  const log = page.getByRole("table");
  await expect(log.getByRole("row", { name: new RegExp(`Invited ${contractorEmail}`) })).toBeVisible();
  await expect(log.getByRole("row", { name: /Task sent.*Translate the style guide/ })).toBeVisible();
  await expect(log.getByRole("row", { name: /Olivia Owner/ }).first()).toBeVisible();

  const desktop = new PageAudit(page, DESKTOP);
  await desktop.check("audit-log", { title: /Audit log/ });

  // Filtered by action: only the sent task.
  await page.getByRole("combobox", { name: "Action" }).click();
  await page.getByRole("option", { name: "Task sent" }).click();
  await expect(log.getByRole("row", { name: /Task sent/ })).toBeVisible();
  await expect(log.getByRole("row", { name: new RegExp(`Invited ${contractorEmail}`) })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", /action=task\.sent/);
  await desktop.check("audit-log-filtered");

  await page.setViewportSize({ width: PHONE.width, height: PHONE.height });
  const phone = new PageAudit(page, PHONE);
  await phone.check("audit-log-filtered");
  await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });

  // A webhook: added in its page, secret shown once; an invitation reaches the receiver signed.
  const receiver = await startWebhookReceiver();
  try {
    await page.goto(`/companies/${cid}/webhooks`);
    await expect(page.getByRole("heading", { name: "No webhook yet" })).toBeVisible();
    await desktop.check("webhooks-empty", { title: /Webhooks/ });
    await page.getByRole("textbox", { name: "URL" }).fill(receiver.url);
    await page.getByRole("checkbox", { name: /balance\.changed/ }).uncheck();
    await page.getByRole("button", { name: "Add webhook" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent()) ?? "";
    expect(secret).toMatch(/^whsec_/);

    const second = uniqueEmail("omar");
    await invite(owner, cid, second);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBeGreaterThan(0);
    const [hook] = receiver.received;
    expect(
      verifySignature(
        secret,
        String(hook?.headers["crewdesk-signature"]),
        hook?.body ?? "",
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect(JSON.parse(hook?.body ?? "{}").data.email).toBe(second);

    await page.getByRole("button", { name: "Show delivery log" }).click();
    await expect(page.getByTestId("delivery-response").first()).toHaveText("HTTP 200");
    await expect(page.getByRole("row", { name: /contractor\.invited.*Delivered/ })).toBeVisible();
    await desktop.check("webhooks-delivery-log");

    // The audit log tells of the webhook too.
    await page.goto(`/companies/${cid}/audit`);
    await expect(page.getByRole("row", { name: /Webhook added/ })).toBeVisible();
  } finally {
    await receiver.close();
  }
  desktop.expectClean();
  phone.expectClean();
});
