import type { Page } from "@playwright/test";
import { expect, test, uniqueEmail } from "./fixtures.ts";

// Pictures of the key pages at desktop and phone widths, for people to look at (test-results/screenshots/).
const widths = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

async function shoot(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  expect(overflow, `${name} scrolls sideways`).toBe(false);
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

for (const size of widths) {
  test(`key pages at ${size.name} width`, async ({ page, smtp }) => {
    await page.setViewportSize({ width: size.width, height: size.height });

    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
    await shoot(page, `sign-in-${size.name}`);

    // Keyboard focus must be visible: Tab from the email field to the password's show button.
    await page.getByLabel("Email").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await shoot(page, `sign-in-focus-${size.name}`);

    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your password.")).toBeVisible();
    await shoot(page, `sign-in-errors-${size.name}`);

    await page.goto("/sign-up");
    await page.getByRole("radio", { name: /I want to pay my team/ }).click();
    await shoot(page, `sign-up-${size.name}`);

    const email = uniqueEmail(`shot-${size.name}`);
    const signUp = await page.request.post("/api/auth/sign-up", {
      data: {
        accountType: "company",
        companyName: "Northwind Design Studio",
        email,
        password: "a fine password",
        name: "Alexandra Montgomery-Smith",
      },
    });
    expect(signUp.status()).toBe(201);
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
    await shoot(page, `app-shell-${size.name}`);
    if (size.name === "phone") {
      await page.getByRole("button", { name: "Open navigation" }).click();
      await shoot(page, `app-shell-menu-open-${size.name}`);
    }

    await page.context().clearCookies();
    await page.request.post("/api/auth/password-recovery", { data: { email } });
    const mail = await smtp.waitFor(
      (m) => m.to.includes(email) && m.links.some((l) => l.includes("/set-password?")),
    );
    await page.goto(mail.links.find((l) => l.includes("/set-password?token=")) ?? "");
    await expect(page.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
    await shoot(page, `set-password-${size.name}`);

    await page.goto("/forgot-password");
    await shoot(page, `forgot-password-${size.name}`);
  });
}
