import { type Page, request as playwrightRequest } from "@playwright/test";
import { DESKTOP, PageAudit, PHONE } from "./audit.ts";
import { confirmEmail, expect, test, uniqueEmail } from "./fixtures.ts";

/** A company signed up on `page`, its owner's address confirmed (so its emails go out); returns its id. */
async function signUpCompany(
  page: Page,
  smtp: Parameters<typeof confirmEmail>[1],
  name: string,
): Promise<string> {
  const email = uniqueEmail("owner");
  const response = await page.request.post("/api/auth/sign-up", {
    data: {
      accountType: "company",
      companyName: name,
      email,
      password: "a fine password",
      name: "Olivia Owner",
    },
  });
  expect(response.status()).toBe(201);
  await confirmEmail(page.request, smtp, email, new URL(response.url()).origin);
  const me = await (await page.request.get("/api/me")).json();
  return me.companies[0].id;
}

const nav = (page: Page) => page.getByRole("navigation", { name: "Main navigation" });

test.describe("company team and API tokens", () => {
  test("an owner adds a manager by email; the manager chooses a password from the emailed link, signs in and invites a contractor", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    test.setTimeout(150_000);
    const cid = await signUpCompany(page, smtp, "Harbor Works");
    const managerEmail = uniqueEmail("maya.manager");
    const contractorEmail = uniqueEmail("carl.contractor");

    await page.goto("/");
    await nav(page).getByRole("link", { name: "Settings" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`/companies/${cid}/settings$`));

    const team = page.getByRole("region", { name: "Team" });
    const addForm = page.getByRole("form", { name: "Add a team member" });
    await addForm.getByLabel("Email address").fill(managerEmail);
    await addForm.getByRole("combobox", { name: "Role" }).selectOption("manager");
    await addForm.getByRole("button", { name: "Add member" }).click();
    const row = team.getByRole("row").filter({ hasText: managerEmail });
    await expect(row).toBeVisible();
    await expect(row.getByRole("combobox", { name: `Role of ${managerEmail}` })).toHaveValue("manager");

    // The owner cannot leave as the last owner: the server says what to do.
    const ownerRow = team.getByRole("row").filter({ hasText: "You" });
    await ownerRow.getByRole("combobox").selectOption("manager");
    await expect(page.getByText("A company needs at least one owner.")).toBeVisible();
    await expect(ownerRow.getByRole("combobox")).toHaveValue("owner");

    for (const width of [DESKTOP, PHONE]) {
      await page.setViewportSize(width);
      const audit = new PageAudit(page, width);
      await audit.check("company-settings", { title: /^Settings · Harbor Works/ });
      audit.expectClean();
    }
    await page.setViewportSize(DESKTOP);

    // The manager opens the link the SMTP peer received.
    const mail = await smtp.waitFor(
      (m) => m.to.includes(managerEmail) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    expect(mail.subject).toContain("Harbor Works added you to its team");
    const link = mail.links.find((l) => l.startsWith(`${baseURL}/set-password?token=`)) ?? "";
    const managerContext = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
    const manager = await managerContext.newPage();
    await manager.goto(link);
    await manager.getByRole("textbox", { name: "New password", exact: true }).fill("maya's own password");
    await manager
      .getByRole("textbox", { name: "Confirm new password", exact: true })
      .fill("maya's own password");
    await manager.getByRole("button", { name: "Save password and sign in" }).click();
    await expect(nav(manager).getByText("Harbor Works")).toBeVisible();
    // Managers have no settings page.
    await expect(nav(manager).getByRole("link", { name: "Settings" })).toHaveCount(0);

    // The manager invites a contractor.
    await nav(manager).getByRole("link", { name: "Contractors" }).click();
    await manager.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = manager.getByRole("dialog", { name: "Add contractors" });
    await dialog.getByLabel("Email addresses").fill(contractorEmail);
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(dialog.getByRole("list", { name: "Outcome per address" })).toContainText("Invited");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(manager.getByRole("row").filter({ hasText: contractorEmail })).toContainText("Invited");
    await smtp.waitFor((m) => m.to.includes(contractorEmail));

    await manager.goto(`/companies/${cid}/settings`);
    await expect(manager.getByRole("heading", { name: "Page not found" })).toBeVisible();

    // The owner's audit log shows both: the member added, and the manager's invitation.
    await nav(page).getByRole("link", { name: "Audit log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
    const log = page.getByRole("table");
    await expect(
      log.getByRole("row", { name: new RegExp(`Added ${managerEmail} as manager`) }),
    ).toBeVisible();
    await expect(log.getByRole("row", { name: new RegExp(`Invited ${contractorEmail}`) })).toBeVisible();
    await page.goto(`/companies/${cid}/settings`);

    // The owner removes the manager: their next page finds no company.
    await page.reload();
    await team.getByRole("button", { name: `Remove ${managerEmail}` }).click();
    const confirm = page.getByRole("dialog", { name: `Remove ${managerEmail}?` });
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(team.getByRole("row").filter({ hasText: managerEmail })).toHaveCount(0);
    await manager.goto(`/companies/${cid}/contractors`);
    await expect(manager.getByRole("heading", { name: "Company not found" })).toBeVisible();
    await managerContext.close();
  });

  test("an owner creates an API token, sees it once, and revokes it", async ({ page, smtp, baseURL }) => {
    test.setTimeout(90_000);
    const cid = await signUpCompany(page, smtp, "Token Test Co");
    await page.goto(`/companies/${cid}/settings`);
    const tokens = page.getByRole("region", { name: "API tokens" });
    await expect(tokens.getByText("No API tokens yet.")).toBeVisible();

    const createForm = page.getByRole("form", { name: "Create an API token" });
    await createForm.getByLabel("Token name").fill("Our ERP");
    await createForm.getByRole("combobox", { name: "Role" }).selectOption("manager");
    await createForm.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByRole("dialog", { name: "Copy your new API token" });
    await expect(shown).toBeVisible();
    const token = (await shown.getByLabel("The new API token").textContent())?.trim() ?? "";
    expect(token).toMatch(/^cdk_/);
    for (const width of [DESKTOP, PHONE]) {
      await page.setViewportSize(width);
      const audit = new PageAudit(page, width);
      await audit.check("api-token-shown-once");
      audit.expectClean();
    }
    await page.setViewportSize(DESKTOP);
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toBeHidden();
    await expect(page.getByText(token)).toHaveCount(0);

    // The token works as the company, with no cookie.
    const bearer = { authorization: `Bearer ${token}` };
    const anonymous = await playwrightRequest.newContext({ baseURL });
    expect((await anonymous.get(`/api/companies/${cid}/contractors`, { headers: bearer })).status()).toBe(
      200,
    );

    const row = tokens.getByRole("row").filter({ hasText: "Our ERP" });
    await page.reload();
    await expect(row).toContainText("Manager");
    await expect(row).not.toContainText("Never");
    await row.getByRole("button", { name: "Revoke Our ERP" }).click();
    await page
      .getByRole("dialog", { name: "Revoke “Our ERP”?" })
      .getByRole("button", { name: "Revoke" })
      .click();
    await expect(row).toContainText("Revoked");
    expect((await anonymous.get(`/api/companies/${cid}/contractors`, { headers: bearer })).status()).toBe(
      401,
    );
    await anonymous.dispose();
  });
});
