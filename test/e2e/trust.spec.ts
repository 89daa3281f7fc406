import { confirmEmail, expect, test, uniqueEmail } from "./fixtures.ts";

const DESKTOP = { width: 1280, height: 800 };

test.describe("trust", () => {
  test("no planted identity: someone signs up with another's address and fills a profile; the mailbox owner recovers the account elsewhere; the planted page is signed out with no more updates, and the company sees neither the planted name nor an Active contractor", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    test.setTimeout(120_000);
    const victim = uniqueEmail("vera");
    const localPart = victim.slice(0, victim.indexOf("@"));

    // The company, signed in on `page`, its owner's address confirmed.
    const ownerEmail = uniqueEmail("owner");
    const signedUp = await page.request.post("/api/auth/sign-up", {
      data: {
        accountType: "company",
        companyName: "Trusty Co",
        email: ownerEmail,
        password: "a fine password",
        name: "Olivia Owner",
      },
    });
    expect(signedUp.status()).toBe(201);
    const confirmation = await smtp.waitFor(
      (m) => m.to.includes(ownerEmail) && m.links.some((l) => l.includes("/verify-email?token=")),
    );
    await page.goto(confirmation.links.find((l) => l.includes("/verify-email?token=")) ?? "");
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();

    // The attacker's browser: signs up with the victim's address and fills in their own details.
    const attackerContext = await browser.newContext({ baseURL, viewport: DESKTOP });
    const attacker = await attackerContext.newPage();
    await attacker.goto("/sign-up");
    await attacker.getByRole("radio", { name: /I want to get paid/ }).click();
    await attacker.getByLabel("Your name").fill("Mallory Planted");
    await attacker.getByLabel("Email").fill(victim);
    await attacker.getByRole("textbox", { name: "Password", exact: true }).fill("mallory's password");
    await attacker.getByRole("button", { name: "Create account" }).click();
    await expect(attacker).toHaveURL(/\/my\/tasks$/);
    await attacker.goto("/profile");
    await attacker.getByLabel("Legal first name").fill("Mallory");
    await attacker.getByLabel("Legal last name").fill("Planted");
    await attacker.getByRole("combobox", { name: "Country" }).fill("Germ");
    await attacker.getByRole("option", { name: "Germany" }).click();
    await attacker.getByLabel("City").fill("Berlin");
    await attacker.getByRole("textbox", { name: "Address" }).fill("Fake Street 1");
    await attacker.getByLabel("Postal code").fill("10115");
    await attacker.getByLabel("Tax ID").fill("MALLORY-TAX");
    await attacker.getByLabel("Phone").fill("+49 30 7654321");
    await attacker.getByLabel("I accept the service agreement").check();
    await attacker.getByRole("button", { name: "Save" }).click();
    await expect(attacker.getByText("Your required information is complete.", { exact: true })).toBeVisible();
    // From here on: every answer the attacker's page gets from the live-updates endpoint, and when each ends.
    const streams: Array<{ status: number; ended: boolean }> = [];
    const isEvents = (url: string) => new URL(url).pathname === "/api/events";
    attacker.on("response", (response) => {
      if (isEvents(response.url())) streams.push({ status: response.status(), ended: false });
    });
    const markEnded = (request: { url(): string }) => {
      if (!isEvents(request.url())) return;
      const open = streams.find((s) => s.status === 200 && !s.ended);
      if (open) open.ended = true;
    };
    attacker.on("requestfinished", markEnded);
    attacker.on("requestfailed", markEnded);
    await attacker.goto("/my/tasks");
    await expect(attacker.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();
    await expect.poll(() => streams.filter((s) => s.status === 200 && !s.ended).length).toBe(1);

    // The company invites the address: it sees the address's local part, never the planted name.
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Add contractors" });
    await dialog.getByLabel("Email addresses").fill(victim);
    await dialog.getByRole("button", { name: "Invite", exact: true }).click();
    await expect(dialog.getByRole("list", { name: "Outcome per address" })).toContainText("Invited");
    await dialog.getByRole("button", { name: "Done" }).click();
    const row = page.getByRole("row").filter({ hasText: victim });
    await expect(row).toContainText(localPart);
    await expect(row).toContainText("Invited");
    await expect(row).not.toContainText("Mallory");
    await page.getByLabel("Search").fill("mallory");
    await expect(page.getByRole("row").filter({ hasText: victim })).toHaveCount(0);
    await page.getByLabel("Search").fill("");

    // The owner of the mailbox, in a second browser, gets in through Forgot password?.
    const victimContext = await browser.newContext({ baseURL, viewport: DESKTOP });
    const owner = await victimContext.newPage();
    await owner.goto("/sign-in");
    await owner.getByRole("link", { name: "Forgot password?" }).click();
    await owner.getByLabel("Email").fill(victim);
    await owner.getByRole("button", { name: "Send me a link" }).click();
    const recovery = await smtp.waitFor(
      (m) => m.to.includes(victim) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    await owner.goto(recovery.links.find((l) => l.includes("/set-password?token=")) ?? "");
    await owner.getByRole("textbox", { name: "New password", exact: true }).fill("vera's own passphrase");
    await owner
      .getByRole("textbox", { name: "Confirm new password", exact: true })
      .fill("vera's own passphrase");
    await owner.getByRole("button", { name: "Save password and sign in" }).click();
    await expect(owner.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();
    const signedOutAt = streams.length;

    // The attacker's page finds out by itself: its live updates end, and it is signed out.
    await expect
      .poll(() => streams.every((s) => s.status !== 200 || s.ended), { timeout: 10_000 })
      .toBe(true);
    await expect(attacker).toHaveURL(/\/sign-in/, { timeout: 15_000 });
    // No stream opens again: whatever the page still asks for is refused.
    await attacker.waitForTimeout(4_000);
    expect(streams.slice(signedOutAt).every((s) => s.status === 401)).toBe(true);
    await attackerContext.close();

    // Nothing the attacker entered is left: the owner's profile is empty and their name is the address's.
    await owner.goto("/profile");
    await expect(owner.getByLabel("Legal first name")).toHaveValue("");
    await expect(owner.getByLabel("Tax ID")).toHaveValue("");
    const me = await (await owner.request.get("/api/me")).json();
    expect(me.user.name).toBe(localPart);

    // The company still sees the address's local part and an Invited contractor, after a reload too.
    await page.reload();
    const again = page.getByRole("row").filter({ hasText: victim });
    await expect(again).toContainText(localPart);
    await expect(again).toContainText("Invited");
    await expect(again).not.toContainText("Mallory");
    await expect(again).not.toContainText("Active");
    await victimContext.close();
  });

  test("an email confirmation link opened in a browser not signed in to the account asks: sign in to keep what you entered, or reset an account you did not make", async ({
    browser,
    smtp,
    baseURL,
  }) => {
    // Someone made an account with each address, somewhere else.
    const made = async (label: string) => {
      const email = uniqueEmail(label);
      const elsewhere = await browser.newContext({ baseURL });
      const res = await elsewhere.request.post("/api/auth/sign-up", {
        data: { accountType: "contractor", email, password: "the maker's password", name: "Maker Name" },
      });
      expect(res.status()).toBe(201);
      await elsewhere.close();
      const mail = await smtp.waitFor(
        (m) => m.to.includes(email) && m.links.some((l) => l.includes("/verify-email?token=")),
      );
      return { email, link: mail.links.find((l) => l.includes("/verify-email?token=")) ?? "" };
    };

    // It was them: they sign in on this browser, come back, and confirm; the account stays as it was.
    const mine = await made("mine");
    const context = await browser.newContext({ baseURL, viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(mine.link);
    await expect(page.getByText(`Did you create the Crewdesk account for ${mine.email}?`)).toBeVisible();
    await page.getByRole("link", { name: "Sign in to confirm" }).click();
    await expect(page.getByLabel("Email")).toHaveValue(mine.email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("the maker's password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(`${baseURL}/verify-email`);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();
    const me = await (await page.request.get("/api/me")).json();
    expect(me.user).toMatchObject({ name: "Maker Name", emailVerified: true });
    await context.close();

    // It was not them: confirming resets the account, and they choose their own password next.
    const theirs = await made("theirs");
    const owner = await (await browser.newContext({ baseURL, viewport: DESKTOP })).newPage();
    await owner.goto(theirs.link);
    await owner.getByRole("button", { name: "It was not me: confirm and reset the account" }).click();
    await expect(owner.getByRole("status")).toContainText(
      "Everything entered before you confirmed it has been removed",
    );
    await owner.getByRole("link", { name: "Choose my password" }).click();
    await expect(owner.getByLabel("Email")).toHaveValue(theirs.email);
    const signIn = await owner.request.post("/api/auth/sign-in", {
      data: { email: theirs.email, password: "the maker's password" },
      headers: { origin: baseURL ?? "" },
    });
    expect(signIn.status()).toBe(401);
    await owner.context().close();
  });

  test("recovery is not consent, but a lost invitation recovered joins the company, and the page says so", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    const ownerEmail = uniqueEmail("owner");
    const signedUp = await page.request.post("/api/auth/sign-up", {
      data: {
        accountType: "company",
        companyName: "Lost Mail Co",
        email: ownerEmail,
        password: "a fine password",
        name: "Olivia Owner",
      },
    });
    expect(signedUp.status()).toBe(201);
    await confirmEmail(page.request, smtp, ownerEmail, baseURL ?? "");
    const companyId = (await (await page.request.get("/api/me")).json()).companies[0].id as string;
    const email = uniqueEmail("lost");
    const invited = await page.request.post(`/api/companies/${companyId}/contractors/invitations`, {
      data: { emails: email },
      headers: { origin: baseURL ?? "" },
    });
    expect(invited.status()).toBe(200);
    await smtp.waitFor((m) => m.to.includes(email));

    // The invitation email is lost: Forgot password? sends a link to the account it made.
    const context = await browser.newContext({ baseURL, viewport: DESKTOP });
    const contractor = await context.newPage();
    await contractor.goto(`/forgot-password?email=${encodeURIComponent(email)}`);
    await contractor.getByRole("button", { name: "Send me a link" }).click();
    const recovery = await smtp.waitFor(
      (m) => m.to.includes(email) && m.subject === "Choose your Crewdesk password",
    );
    await contractor.goto(recovery.links.find((l) => l.includes("/set-password?token=")) ?? "");
    await contractor.getByRole("textbox", { name: "New password", exact: true }).fill("lost and found again");
    await contractor
      .getByRole("textbox", { name: "Confirm new password", exact: true })
      .fill("lost and found again");
    await contractor.getByRole("button", { name: "Save password and sign in" }).click();

    // Landed on the required information, told which company they joined.
    await expect(contractor).toHaveURL(/\/profile\?onboarding=1$/);
    await expect(
      contractor.getByRole("status").filter({ hasText: "You joined Lost Mail Co." }),
    ).toBeVisible();
    await context.close();
  });
});
