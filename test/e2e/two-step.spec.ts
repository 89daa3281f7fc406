import { hotp, totpStep } from "../../src/server/account/totp.ts";
import { wcagViolations } from "./audit.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";
import { apiClient, signInPage, signUp, WORLD_PASSWORD } from "./world.ts";

/** The code an authenticator app shows for `secret`, `steps` 30-second steps from now. */
const codeOf = (secret: string, steps = 0) => hotp(secret, totpStep(new Date()) + steps);

test.describe("two-step sign-in", () => {
  test("a person sets up an authenticator, signs in with its code, with a recovery code, and forgets a remembered browser", async ({
    page,
    baseURL,
  }) => {
    // Three sign-ins and three accessibility audits take most of a minute on a loaded machine.
    test.setTimeout(120_000);
    const email = uniqueEmail("careful");
    const api = await apiClient(baseURL ?? "");
    await signUp(api, { accountType: "contractor", name: "Casey Careful", email });
    await signInPage(page, email);

    await page.goto("/account");
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(
      page.getByRole("img", { name: "QR code of the key for your authenticator app" }),
    ).toBeVisible();
    const secret = (await page.getByTestId("two-step-secret").textContent()) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await wcagViolations(page)).toEqual([]);

    await page.getByLabel("Code from the app").fill(codeOf(secret));
    await page
      .getByRole("form", { name: "Confirm the authenticator app" })
      .getByLabel("Current password")
      .fill(WORLD_PASSWORD);
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await expect(codes).toHaveCount(10);
    const recoveryCode = (await codes.first().textContent()) ?? "";
    await expect(page.getByText("10 of 10 recovery codes left")).toBeVisible();

    // Out, and back in with the password, then the app's code (the next step's: this one was just used).
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(WORLD_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Two-step sign-in" })).toBeVisible();
    expect(await wcagViolations(page)).toEqual([]);
    await page.getByLabel("Code").fill(codeOf(secret, 1));
    await page.getByLabel("Remember this browser for 30 days").check();
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();

    // The remembered browser is listed on the Account page; forgetting it brings the second step back.
    await page.goto("/account");
    const devices = page.getByRole("region", { name: "Remembered browsers" });
    await devices.getByRole("button", { name: /^Forget / }).click();
    await expect(devices.getByText("No browser is remembered.")).toBeVisible();

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.getByLabel("Email").fill(email);
    await page.getByRole("textbox", { name: "Password", exact: true }).fill(WORLD_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Two-step sign-in" })).toBeVisible();
    await page.getByLabel("Code").fill(recoveryCode);
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "My tasks" })).toBeVisible();

    await page.goto("/account");
    await expect(page.getByText("9 of 10 recovery codes left")).toBeVisible();
    const history = page.getByRole("region", { name: "Security history" });
    await expect(history.getByText("Signed in with a recovery code")).toBeVisible();
    await expect(history.getByText("Two-step sign-in turned on")).toBeVisible();
    expect(await wcagViolations(page)).toEqual([]);
    await api.dispose();
  });
});
