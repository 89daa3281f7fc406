import type { Page } from "@playwright/test";
import type { SmtpPeer } from "../support/smtp-peer.ts";
import { confirmEmail, expect, test, uniqueEmail } from "./fixtures.ts";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The page as it looks now, at desktop and at phone width, into test-results/screenshots/. */
async function screenshots(page: Page, name: string): Promise<void> {
  const original = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const) {
    await page.setViewportSize(size);
    // Layout settles (the navigation turns into a drawer, the table into cards).
    await page.waitForTimeout(250);
    await page.screenshot({ path: `test-results/screenshots/${name}-${label}.png`, fullPage: true });
  }
  await page.setViewportSize(original);
  await page.waitForTimeout(250);
}

/** A company signed up on `page`, its owner's address confirmed (so its emails go out). */
async function signUpCompanyByApi(page: Page, smtp: SmtpPeer, companyName: string): Promise<string> {
  const email = uniqueEmail("owner");
  const response = await page.request.post("/api/auth/sign-up", {
    data: { accountType: "company", companyName, email, password: "a fine password", name: "Olivia Owner" },
  });
  expect(response.status()).toBe(201);
  await confirmEmail(page.request, smtp, email, new URL(response.url()).origin);
  return email;
}

/** A marker that a reload would wipe: proves the page changed by itself. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { notReloaded: boolean }).notReloaded = true;
  });
}
async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
}

test.describe("contractors", () => {
  test("the article's first method: Contractors → Add → email and welcome message → Invite → the contractor sets a password and completes the information → Active, live", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    // Two browsers, two password hashes and twelve screenshots on a small shared machine.
    test.setTimeout(150_000);
    const contractorEmail = uniqueEmail("carla");
    const ownerEmail = uniqueEmail("olivia");

    // A company user signs up.
    await page.goto("/sign-up");
    await page.getByRole("radio", { name: /I want to pay my team/ }).click();
    await page.getByLabel("Company name").fill("Acme Studio");
    await page.getByLabel("Your name").fill("Olivia Owner");
    await page.getByLabel("Email").fill(ownerEmail);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("first correct horse");
    await page.getByRole("button", { name: "Create account" }).click();

    // Go to the "Contractors" section and click "Add".
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Contractors" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Invite your first contractor" })).toBeVisible();
    await screenshots(page, "contractors-empty");
    await markPage(page);
    await page.getByRole("button", { name: "Add", exact: true }).click();

    // Enter the contractor's email address and a welcome message.
    const dialog = page.getByRole("dialog", { name: "Add contractors" });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel("Email addresses").fill(contractorEmail);
    await dialog.getByLabel("Welcome message").fill("Welcome aboard, Carla! Your first brief is waiting.");
    await expect(dialog.getByText("1 address found.")).toBeVisible();
    await expect(dialog.getByText("51 / 1,000 characters")).toBeVisible();
    await screenshots(page, "add-dialog-before");

    // Click "Invite": the outcome, and the new row with status Invited, without a refresh.
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    const outcomes = dialog.getByRole("list", { name: "Outcome per address" });
    await expect(outcomes.getByRole("listitem")).toHaveCount(1);
    await expect(outcomes.getByRole("listitem").first()).toContainText(contractorEmail);
    await expect(outcomes.getByRole("listitem").first()).toContainText("Invited");
    await screenshots(page, "add-dialog-after");
    await dialog.getByRole("button", { name: "Done" }).click();
    await expect(dialog).toBeHidden();

    const row = page.getByRole("row").filter({ hasText: contractorEmail });
    await expect(row).toContainText("Invited");
    // The owner has not confirmed their address yet: the invitation waits, and the page says why.
    await expect(row).toContainText("Held");
    await expect(row).toContainText("Held until the company's owner confirms their email address");
    const held = page.getByRole("alert").filter({ hasText: "1 email is held" });
    await expect(held).toBeVisible();
    await screenshots(page, "contractors-held");
    await held.getByRole("button", { name: "Confirm my email address" }).click();
    await expect(held.getByRole("status")).toContainText(`We sent a link to ${ownerEmail}`);
    // The new link (the one sent at sign-up no longer works), opened in another tab of the same browser,
    // signed in as the owner: confirming sends what was held.
    const confirmations = () =>
      smtp.mails.filter(
        (m) => m.to.includes(ownerEmail) && m.links.some((l) => l.includes("/verify-email?token=")),
      );
    await expect.poll(() => confirmations().length, { timeout: 15_000 }).toBe(2);
    const newest =
      confirmations()
        .at(-1)
        ?.links.find((l) => l.includes("/verify-email?token=")) ?? "";
    const tab = await page.context().newPage();
    await tab.goto(newest);
    await tab.getByRole("button", { name: "Confirm my email" }).click();
    await expect(tab.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();
    await tab.close();

    await expect(held).toBeHidden();
    // The invitation email's delivery shows too (on hover and to screen readers: it needs no attention):
    // the outbox worker hands it to the SMTP peer.
    await expect(row).toContainText("Invitation email sent");
    await expect(row).not.toContainText("Invitation email failed");
    await expectNotReloaded(page);
    await screenshots(page, "contractors-rows");

    // The contractor opens the set-password link from the mail the SMTP peer actually received.
    const mail = await smtp.waitFor(
      (m) => m.to.includes(contractorEmail) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    expect(mail.text).toContain("Welcome aboard, Carla! Your first brief is waiting.");
    expect(mail.text).toContain("Acme Studio");
    const link = mail.links.find((l) => l.startsWith(`${baseURL}/set-password?token=`)) ?? "";
    expect(link).not.toBe("");

    const contractorContext = await browser.newContext({ baseURL, viewport: DESKTOP });
    const contractor = await contractorContext.newPage();
    await contractor.goto(link);
    await expect(contractor.getByText("Acme Studio")).toBeVisible();
    await contractor.getByRole("textbox", { name: "New password", exact: true }).fill("carla's own password");
    await contractor
      .getByRole("textbox", { name: "Confirm new password", exact: true })
      .fill("carla's own password");
    await contractor.getByRole("button", { name: "Save password and sign in" }).click();

    // Led to the required information first.
    await expect(contractor).toHaveURL(/\/profile\?onboarding=1$/);
    await expect(contractor.getByText("One more step: your required information")).toBeVisible();
    await expect(contractor.getByRole("link", { name: "Later" })).toBeVisible();
    await screenshots(contractor, "profile-onboarding");

    // Server-side checks show next to their fields; then the complete information.
    await contractor.getByLabel("Legal first name").fill("Карла");
    await contractor.getByRole("button", { name: "Save" }).click();
    await expect(contractor.getByText("First name: use Latin letters")).toBeVisible();
    await expect(contractor.getByText("City is required.")).toBeVisible();

    await contractor.getByLabel("Legal first name").fill("Carla");
    await contractor.getByLabel("Legal last name").fill("Contreras");
    await contractor.getByRole("combobox", { name: "Country" }).fill("Germ");
    await contractor.getByRole("option", { name: "Germany" }).click();
    await contractor.getByLabel("City").fill("Berlin");
    await contractor.getByLabel("Address").fill("Torstraße 1");
    await contractor.getByLabel("Postal code").fill("10119");
    await contractor.getByLabel("Tax ID").fill("DE123456789");
    await contractor.getByLabel("Phone").fill("+49 30 1234567");
    await contractor.getByLabel("I accept the service agreement").check();
    await contractor.getByRole("button", { name: "Save" }).click();
    await expect(contractor).toHaveURL(/\/my\/tasks$/);

    // The company's page, open all along in the other browser, shows Active with no refresh.
    await expect(row).toContainText("Active");
    await expect(row).toContainText("Carla Contreras");
    await expectNotReloaded(page);

    // Editable later from the profile, filled in.
    await contractor.goto("/profile");
    await expect(contractor.getByLabel("City")).toHaveValue("Berlin");
    await expect(contractor.getByText("Your required information is complete.")).toBeVisible();
    await screenshots(contractor, "profile-complete");
    await contractorContext.close();
  });

  test("a row's menu sends the invitation again (the old link stops working) and removes the contractor, who then shows only under Removed", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    await signUpCompanyByApi(page, smtp, "Menu Co");
    const email = uniqueEmail("rosa");
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Add contractors" });
    await dialog.getByLabel("Email addresses").fill(`Rosa Ruiz <${email}>`);
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    await dialog.getByRole("button", { name: "Done" }).click();
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("Invitation email sent");
    const linkIn = (mail: { links: string[] }) =>
      mail.links.find((l) => l.startsWith(`${baseURL}/set-password?token=`)) ?? "";
    const first = linkIn(await smtp.waitFor((m) => m.to.includes(email)));

    // Resend invitation: a second mail with a new link; the first link is dead.
    await markPage(page);
    await row.getByRole("button", { name: `Actions for ${email}` }).click();
    await page.getByRole("menuitem", { name: "Resend invitation" }).click();
    await expect(page.getByText("Invitation sent again")).toBeVisible();
    await expect.poll(() => smtp.mails.filter((m) => m.to.includes(email)).length).toBe(2);
    const second = linkIn(smtp.mails.filter((m) => m.to.includes(email))[1] ?? { links: [] });
    expect(second).not.toBe(first);
    const contractorContext = await browser.newContext({ baseURL });
    const contractor = await contractorContext.newPage();
    await contractor.goto(first);
    await expect(
      contractor.getByRole("heading", { name: "This link has already been used or has expired" }),
    ).toBeVisible();

    // Search finds the row by the start of a word of the name; Remove asks first, then the row leaves.
    await page.getByLabel("Search").fill("ruiz ros");
    await expect(page.getByRole("row")).toHaveCount(2);
    await row.getByRole("button", { name: `Actions for ${email}` }).click();
    await page.getByRole("menuitem", { name: "Remove" }).click();
    const confirm = page.getByRole("dialog", { name: "Remove Rosa Ruiz?" });
    await expect(confirm).toContainText("Their invitation link stops working.");
    await confirm.getByRole("button", { name: "Remove" }).click();
    await expect(page.getByText("Contractor removed")).toBeVisible();
    await expect(row).toHaveCount(0);
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Removed" }).click();
    await expect(row).toContainText("Removed");
    await expectNotReloaded(page);

    await contractor.goto(second);
    await expect(
      contractor.getByRole("heading", { name: "This link has already been used or has expired" }),
    ).toBeVisible();
    await contractorContext.close();
  });

  test("bulk input: the dialog counts the addresses and marks the invalid ones before sending, and answers per address", async ({
    page,
    smtp,
  }) => {
    await signUpCompanyByApi(page, smtp, "Bulk Co");
    const ann = uniqueEmail("ann");
    const ben = uniqueEmail("ben");
    const cat = uniqueEmail("cat");
    const dan = uniqueEmail("dan");
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Contractors" })).toBeVisible();

    // One contractor is in the team already.
    await page.getByRole("button", { name: "Add", exact: true }).click();
    let dialog = page.getByRole("dialog", { name: "Add contractors" });
    await dialog.getByLabel("Email addresses").fill(ann);
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    await dialog.getByRole("button", { name: "Done" }).click();
    await markPage(page);

    await page.getByRole("button", { name: "Add", exact: true }).click();
    dialog = page.getByRole("dialog", { name: "Add contractors" });
    // Commas, semicolons, spaces, new lines, a mail client's "Name <address>", a duplicate, a typo, and two
    // addresses written without a separator.
    const glued = "eve@example.comfay@example.com";
    const input = `${ann},${ben.toUpperCase()}; ${cat}\nDan Dorsey <${dan}>\nnot-an-address, ${ben} ${glued}`;
    await dialog.getByLabel("Email addresses").fill(input);
    await expect(dialog.getByText("4 addresses found.")).toBeVisible();
    await expect(dialog.getByText("1 duplicate left out.")).toBeVisible();
    const invalid = dialog.getByRole("list", { name: "Invalid entries" });
    await expect(invalid.getByRole("listitem")).toHaveCount(2);
    await expect(invalid).toContainText("not-an-address");
    await expect(invalid).toContainText("This is not a valid email address.");
    await expect(invalid.getByRole("listitem").filter({ hasText: glued })).toContainText("joined together");

    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    const outcomes = dialog.getByRole("list", { name: "Outcome per address" });
    await expect(outcomes.getByRole("listitem")).toHaveCount(6);
    await expect(dialog.getByRole("status")).toContainText("3 invited · 1 already in your team · 2 invalid");
    // In the order typed, each invalid entry where it was, with its reason.
    await expect(outcomes.getByRole("listitem")).toContainText([ann, ben, cat, dan, "not-an-address", glued]);
    await expect(outcomes.getByRole("listitem").filter({ hasText: glued })).toContainText("joined together");
    await expect(outcomes.getByRole("listitem").filter({ hasText: ann })).toContainText(
      "Already in your team",
    );
    for (const email of [ben, cat, dan]) {
      await expect(outcomes.getByRole("listitem").filter({ hasText: email })).toContainText("Invited");
    }
    await expect(outcomes.getByRole("listitem").filter({ hasText: "not-an-address" })).toContainText(
      "Invalid",
    );
    await screenshots(page, "add-dialog-bulk-after");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // The list updated by itself: four rows, the pasted display name kept for the new account.
    await expect(page.getByRole("row").filter({ hasText: "@example.com" })).toHaveCount(4);
    await expect(page.getByRole("row").filter({ hasText: dan })).toContainText("Dan Dorsey");
    await expectNotReloaded(page);

    // Search matches the start of any word of name or email, on the server.
    await page.getByLabel("Search").fill("dors");
    await expect(page.getByRole("row").filter({ hasText: "@example.com" })).toHaveCount(1);
    await expect(page.getByRole("row").filter({ hasText: dan })).toBeVisible();
    await page.getByLabel("Search").fill("");
    await expect(page.getByRole("row").filter({ hasText: "@example.com" })).toHaveCount(4);
  });

  test("an existing account's invitation: the /invitation link, sign in as the invited address, Accept invitation", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    await signUpCompanyByApi(page, smtp, "Existing Co");
    const contractorContext = await browser.newContext({ baseURL, viewport: DESKTOP });
    const contractor = await contractorContext.newPage();
    const email = uniqueEmail("erin");
    const signUp = await contractor.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email, password: "erin's password", name: "Erin Early" },
    });
    expect(signUp.status()).toBe(201);
    await contractorContext.clearCookies();

    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Add contractors" });
    await dialog.getByLabel("Email addresses").fill(email);
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    // The same answer as for a new address: whether an account exists is never told.
    await expect(dialog.getByRole("list", { name: "Outcome per address" })).toContainText("Invited");
    await dialog.getByRole("button", { name: "Done" }).click();

    const mail = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/invitation?")),
    );
    const link = mail.links.find((l) => l.startsWith(`${baseURL}/invitation?token=`)) ?? "";
    expect(mail.text).not.toMatch(/password:/i);

    // Not signed in: sign in as the invited address; the token leaves the address bar at once.
    await contractor.goto(link);
    expect(contractor.url()).toBe(`${baseURL}/invitation`);
    await expect(
      contractor.getByRole("heading", { name: "Existing Co invited you to join their team" }),
    ).toBeVisible();
    await expect(contractor.getByText(`Sign in as ${email} to accept.`)).toBeVisible();
    await expect(contractor.getByRole("link", { name: "Forgot password?" })).toBeVisible();
    await screenshots(contractor, "invitation-signed-out");
    await contractor.getByRole("link", { name: "Sign in to accept" }).click();
    await expect(contractor.getByLabel("Email")).toHaveValue(email);
    await contractor.getByRole("textbox", { name: "Password", exact: true }).fill("erin's password");
    await contractor.getByRole("button", { name: "Sign in" }).click();

    // Back on the invitation, with the token kept out of the URL.
    await expect(contractor).toHaveURL(`${baseURL}/invitation`);
    await screenshots(contractor, "invitation-signed-in");
    await contractor.getByRole("button", { name: "Accept invitation" }).click();
    await expect(contractor).toHaveURL(/\/profile\?onboarding=1$/);
    const me = await (await contractor.request.get("/api/me")).json();
    expect(me.contractorOf).toEqual([
      expect.objectContaining({ companyName: "Existing Co", status: "invited" }),
    ]);

    // The link worked once.
    await contractor.goto(link);
    await expect(
      contractor.getByRole("heading", { name: "This invitation link has already been used or has expired" }),
    ).toBeVisible();
    await contractorContext.close();
  });

  test("a second company's invitation to an address that never chose a password is a set-password link too: its owner chooses one and joins both", async ({
    browser,
    smtp,
    baseURL,
  }) => {
    const email = uniqueEmail("nora");
    const companies: string[] = [];
    for (const companyName of ["First Co", "Second Co"]) {
      const context = await browser.newContext({ baseURL });
      const owner = await context.newPage();
      await signUpCompanyByApi(owner, smtp, companyName);
      const me = await (await owner.request.get("/api/me")).json();
      const invited = await owner.request.post(
        `/api/companies/${me.companies[0].id}/contractors/invitations`,
        // As the app's own page sends it: unsafe cookie requests must come from our origin.
        { data: { emails: email }, headers: { origin: baseURL ?? "" } },
      );
      expect(invited.status(), await invited.text()).toBe(200);
      companies.push(companyName);
      await context.close();
    }
    // The account exists, but it has no password: the second company's link chooses one as well (an
    // /invitation link only accepts, signed in; it never sets a password).
    const mail = await smtp.waitFor(
      (m) => m.to.includes(email) && m.subject.startsWith("Second Co") && m.links.length > 0,
    );
    expect(mail.links.some((l) => l.includes("/invitation?token="))).toBe(false);
    const link = mail.links.find((l) => l.startsWith(`${baseURL}/set-password?token=`)) ?? "";

    const contractorContext = await browser.newContext({ baseURL, viewport: DESKTOP });
    const contractor = await contractorContext.newPage();
    await contractor.goto(link);
    await expect(contractor.getByText("Second Co", { exact: true })).toBeVisible();
    await contractor.getByRole("textbox", { name: "New password", exact: true }).fill("nora's new password");
    await contractor
      .getByRole("textbox", { name: "Confirm new password", exact: true })
      .fill("nora's new password");
    await contractor.getByRole("button", { name: "Save password and sign in" }).click();
    await expect(contractor).toHaveURL(/\/profile\?onboarding=1$/);

    // The link proved the mailbox: both invitations are accepted at once.
    const me = await (await contractor.request.get("/api/me")).json();
    expect(me.contractorOf.map((c: { companyName: string }) => c.companyName).sort()).toEqual(companies);
    await contractorContext.close();
  });

  test("an invitation opened while signed in as another address says so and offers to sign out", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    await signUpCompanyByApi(page, smtp, "Mixup Co");
    const invited = uniqueEmail("ivy");
    const context = await browser.newContext({ baseURL, viewport: DESKTOP });
    const contractor = await context.newPage();
    await contractor.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email: invited, password: "ivy's password", name: "Ivy Invited" },
    });
    await context.clearCookies();
    await contractor.request.post("/api/auth/sign-up", {
      data: {
        accountType: "contractor",
        email: uniqueEmail("otto"),
        password: "otto's password",
        name: "Otto Other",
      },
    });

    const invite = await page.request.get("/api/me");
    const companyId = (await invite.json()).companies[0].id as string;
    const sent = await page.request.post(`/api/companies/${companyId}/contractors/invitations`, {
      data: { emails: invited },
      headers: { origin: baseURL ?? "" },
    });
    expect(sent.status()).toBe(200);
    const mail = await smtp.waitFor(
      (m) => m.to.includes(invited) && m.links.some((l) => l.includes("/invitation?")),
    );
    const link = mail.links.find((l) => l.startsWith(`${baseURL}/invitation?token=`)) ?? "";

    await contractor.goto(link);
    await expect(contractor.getByText("You are signed in with another address")).toBeVisible();
    await expect(contractor.getByRole("button", { name: "Accept invitation" })).toHaveCount(0);
    await contractor.getByRole("button", { name: "Sign out" }).click();
    await expect(contractor.getByLabel("Email")).toHaveValue(invited);
    await contractor.getByRole("textbox", { name: "Password", exact: true }).fill("ivy's password");
    await contractor.getByRole("button", { name: "Sign in" }).click();
    await contractor.getByRole("button", { name: "Accept invitation" }).click();
    await expect(contractor).toHaveURL(/\/profile\?onboarding=1$/);
    await context.close();
  });

  test("the Add dialog is used with the keyboard alone: focus stays inside, Escape closes it", async ({
    page,
    smtp,
  }) => {
    await signUpCompanyByApi(page, smtp, "Keys Co");
    // The list answers only when let go: while it loads there is no Add that the empty state would
    // then take away from under the keyboard's focus.
    let answer = () => {};
    const answered = new Promise<void>((resolve) => {
      answer = resolve;
    });
    await page.route(/\/api\/companies\/[^/]+\/contractors\?/, async (route) => {
      await answered;
      await route.continue();
    });
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    await expect(page.getByRole("status").getByText("Loading contractors")).toBeVisible();
    const add = page.getByRole("button", { name: "Add", exact: true });
    await expect(add).toHaveCount(0);
    answer();
    await expect(page.getByRole("heading", { name: "Invite your first contractor" })).toBeVisible();
    await add.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Add contractors" });
    await expect(dialog.getByLabel("Email addresses")).toBeFocused();
    await page.keyboard.type("kim@example.com");
    // Tab goes round the dialog's controls and never leaves it.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(add).toBeFocused();
  });

  test("a verified account accepts a pending invitation inside the app", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    await signUpCompanyByApi(page, smtp, "Banner Co");
    const context = await browser.newContext({ baseURL, viewport: DESKTOP });
    const contractor = await context.newPage();
    const email = uniqueEmail("vera");
    await contractor.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email, password: "vera's password", name: "Vera Verified" },
    });
    const verification = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/verify-email?")),
    );
    await contractor.goto(verification.links.find((l) => l.includes("/verify-email?token=")) ?? "");
    await contractor.getByRole("button", { name: "Confirm my email" }).click();
    await expect(contractor.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();

    const companyId = (await (await page.request.get("/api/me")).json()).companies[0].id as string;
    const sent = await page.request.post(`/api/companies/${companyId}/contractors/invitations`, {
      data: { emails: email },
      headers: { origin: baseURL ?? "" },
    });
    expect(sent.status()).toBe(200);

    await contractor.goto("/my/tasks");
    const banner = contractor
      .getByRole("alert")
      .filter({ hasText: "Banner Co invited you to join their team" });
    await expect(banner).toBeVisible();
    await banner.getByRole("button", { name: "Accept" }).click();
    await expect(banner).toBeHidden();
    // Accepted, with the required information still to give: the app keeps asking for it.
    await expect(
      contractor.getByRole("alert").filter({ hasText: "Complete your required information" }),
    ).toBeVisible();
    await page.goto(`/companies/${companyId}/contractors`);
    await expect(page.getByRole("row").filter({ hasText: email })).toContainText("Invited");
    await context.close();
  });
});
