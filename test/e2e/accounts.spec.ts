import { expect, test, uniqueEmail } from "./fixtures.ts";

test.describe("accounts", () => {
  test("a company signs up, signs out, and gets back in through the emailed Forgot password? link", async ({
    page,
    smtp,
    baseURL,
  }) => {
    const email = uniqueEmail("owner");

    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByRole("link", { name: "Create an account" }).click();

    await page.getByRole("radio", { name: /I want to pay my team/ }).click();
    await page.getByLabel("Company name").fill("Acme Studio");
    await page.getByLabel("Your name").fill("Olivia Owner");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("first correct horse");
    await page.getByRole("button", { name: "Create account" }).click();

    await expect(page).toHaveURL(/\/companies\/[^/]+\/overview$/);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await expect(page.getByText("Acme Studio")).toBeVisible();

    // The owner confirms their address from the emailed link, signed in: what they entered stays theirs
    // (an account never confirmed would start again from its address when recovered).
    const confirmation = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/verify-email?token=")),
    );
    await page.goto(confirmation.links.find((l) => l.includes("/verify-email?token=")) ?? "");
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();
    await page.getByRole("link", { name: "Continue to Crewdesk" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

    await page.getByRole("button", { name: "Account: Olivia Owner" }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);

    await page.getByRole("link", { name: "Forgot password?" }).click();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Send me a link" }).click();
    await expect(page.getByRole("status")).toContainText(`If ${email} has a Crewdesk account`);

    const mail = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/set-password?token=")),
    );
    const link = mail.links.find((l) => l.includes("/set-password?token="));
    expect(link?.startsWith(`${baseURL}/set-password?token=`)).toBe(true);

    await page.goto(link ?? "");
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    // The token left the address bar as soon as the page opened.
    expect(page.url()).toBe(`${baseURL}/set-password`);
    await expect(page.getByText(email)).toBeVisible();

    await page.getByRole("textbox", { name: "New password", exact: true }).fill("second correct horse");
    await page
      .getByRole("textbox", { name: "Confirm new password", exact: true })
      .fill("second correct horse");
    await page.getByRole("button", { name: "Save password and sign in" }).click();

    await expect(page).toHaveURL(/\/companies\/[^/]+\/overview$/);
    await expect(page.getByRole("button", { name: "Account: Olivia Owner" })).toBeVisible();

    // The link worked once: opened again, it says so and offers a new one.
    await page.goto(link ?? "");
    await expect(
      page.getByRole("heading", { name: "This link has already been used or has expired" }),
    ).toBeVisible();
    await expect(page.getByRole("link", { name: "Request a new link" })).toBeVisible();
  });

  test("a page left open in another browser is signed out within seconds of a password change, untouched", async ({
    page,
    browser,
    smtp,
    baseURL,
  }) => {
    const email = uniqueEmail("twobrowsers");
    const signedUp = await page.request.post("/api/auth/sign-up", {
      data: {
        accountType: "company",
        companyName: "Two Browsers Co",
        email,
        password: "a fine password",
        name: "Tess",
      },
    });
    expect(signedUp.status()).toBe(201);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

    // Elsewhere, the owner of the mailbox sets a new password through Forgot password?.
    const elsewhere = await browser.newContext({ baseURL });
    try {
      const other = await elsewhere.newPage();
      await other.goto("/sign-in");
      await other.getByRole("link", { name: "Forgot password?" }).click();
      await other.getByLabel("Email").fill(email);
      await other.getByRole("button", { name: "Send me a link" }).click();
      const mail = await smtp.waitFor(
        (m) => m.to.includes(email) && m.links.some((l) => l.includes("/set-password?token=")),
      );
      await other.goto(mail.links.find((l) => l.includes("/set-password?token=")) ?? "");
      await other.getByRole("textbox", { name: "New password", exact: true }).fill("a new correct horse");
      await other
        .getByRole("textbox", { name: "Confirm new password", exact: true })
        .fill("a new correct horse");
      await other.getByRole("button", { name: "Save password and sign in" }).click();
      await expect(other.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

      // The first page's live connection ended with its session: it finds out by itself and asks to sign in.
      await expect(page).toHaveURL(/\/sign-in/, { timeout: 15_000 });
    } finally {
      await elsewhere.close();
    }
  });

  test("a wrong password gets the one generic message, and the right one returns to the page asked for", async ({
    page,
  }) => {
    const email = uniqueEmail("back");
    const signUp = await page.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email, password: "a fine password", name: "Carl Contractor" },
    });
    expect(signUp.status()).toBe(201);
    await page.context().clearCookies();

    await page.goto("/profile");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile$/);

    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    const unknown = await page.getByRole("alert").textContent();
    expect(unknown).toBeTruthy();

    // The same words for an address that has no account.
    await page.getByLabel("Email").fill(uniqueEmail("nobody"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toHaveText(unknown ?? "");

    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("a fine password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByRole("heading", { level: 1, name: "Profile" })).toBeVisible();
  });

  test("a contractor signs up to get paid and lands on My tasks", async ({ page }) => {
    await page.goto("/sign-up");
    await page.getByRole("radio", { name: /I want to get paid/ }).click();
    await expect(page.getByLabel("Company name")).toHaveCount(0);
    await page.getByLabel("Your name").fill("Carla Contractor");
    await page.getByLabel("Email").fill(uniqueEmail("carla"));
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("short");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Use at least 8 characters.")).toBeVisible();

    await page.getByRole("textbox", { name: "Password", exact: true }).fill("long enough now");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page).toHaveURL(/\/my\/tasks$/);
    await expect(page.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link")).toHaveText([
      "My tasks",
      "Profile",
    ]);
  });

  test("signing up with an address that has an account offers to sign in instead", async ({ page }) => {
    const email = uniqueEmail("twice");
    await page.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email, password: "a fine password", name: "Tess Twice" },
    });
    await page.context().clearCookies();
    await page.goto("/sign-up?as=contractor");
    await page.getByLabel("Your name").fill("Tess Twice");
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill("another fine password");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("alert")).toContainText("This email already has an account");
    await page.getByRole("alert").getByRole("link", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/sign-in\?email=/);
    await expect(page.getByLabel("Email")).toHaveValue(email);
  });

  test("signed-in users opening the sign-in page go home", async ({ page }) => {
    const signUp = await page.request.post("/api/auth/sign-up", {
      data: {
        accountType: "company",
        companyName: "Home Co",
        email: uniqueEmail("home"),
        password: "a fine password",
        name: "Hugo Home",
      },
    });
    expect(signUp.status()).toBe(201);
    await page.goto("/sign-in");
    await expect(page).toHaveURL(/\/companies\/[^/]+\/overview$/);
  });

  test("an email confirmation link is confirmed by the button, not by opening it", async ({
    page,
    smtp,
    baseURL,
  }) => {
    const email = uniqueEmail("verify");
    await page.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email, password: "a fine password", name: "Vera Verify" },
    });
    const mail = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/verify-email?")),
    );
    const link = mail.links.find((l) => l.includes("/verify-email?token=")) ?? "";

    await page.goto(link);
    expect(page.url()).toBe(`${baseURL}/verify-email`);
    await expect(page.getByText(email)).toBeVisible();
    const me = await page.request.get("/api/me");
    expect((await me.json()).user.emailVerified).toBe(false);

    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();
    const after = await page.request.get("/api/me");
    expect((await after.json()).user.emailVerified).toBe(true);
  });

  test("a lost confirmation email is sent again from the banner, and the new link confirms", async ({
    page,
    smtp,
  }) => {
    const email = uniqueEmail("again");
    await page.request.post("/api/auth/sign-up", {
      data: { accountType: "contractor", email, password: "a fine password", name: "Ana Again" },
    });
    await smtp.waitFor((m) => m.to.includes(email) && m.links.some((l) => l.includes("/verify-email?")));
    await page.goto("/");
    await expect(page.getByText("Confirm your email address")).toBeVisible();
    await page.getByRole("button", { name: "Send the link again" }).click();
    await expect(page.getByRole("status").getByText(`A new link is on its way to ${email}`)).toBeVisible();
    await expect
      .poll(() => smtp.mails.filter((m) => m.to.includes(email) && /verify-email/.test(m.text)).length)
      .toBe(2);
    const latest = smtp.mails.filter((m) => m.to.includes(email)).at(-1);
    const link = latest?.links.find((l) => l.includes("/verify-email?token=")) ?? "";
    await page.goto(link);
    await page.getByRole("button", { name: "Confirm my email" }).click();
    await expect(page.getByRole("heading", { name: "Your email address is confirmed" })).toBeVisible();
  });
});
