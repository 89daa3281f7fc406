import { hotp, totpStep } from "../../src/server/account/totp.ts";
import { wcagViolations } from "./audit.ts";
import { expect, test, uniqueEmail } from "./fixtures.ts";
import { apiClient, firstCompanyId, signInPage, signUp, WORLD_PASSWORD } from "./world.ts";

/** The code an authenticator app shows for `secret`, `steps` 30-second steps from now. */
const codeOf = (secret: string, steps = 0) => hotp(secret, totpStep(new Date()) + steps);

test.describe("a company that requires two-step sign-in", () => {
  test("an owner requires it; a manager without it is led to set it up, and the company stays closed until then", async ({
    page,
    browser,
    baseURL,
    database,
  }) => {
    test.setTimeout(120_000);
    const ownerEmail = uniqueEmail("strict-owner");
    const companyName = `Strict ${Date.now()}`;
    const ownerApi = await apiClient(baseURL ?? "");
    await signUp(ownerApi, { accountType: "company", name: "Sam Strict", email: ownerEmail, companyName });
    await ownerApi.post("/api/auth/sign-in", { data: { email: ownerEmail, password: WORLD_PASSWORD } });
    const cid = await firstCompanyId(ownerApi);
    const managerEmail = uniqueEmail("lax-manager");
    const managerApi = await apiClient(baseURL ?? "");
    await signUp(managerApi, { accountType: "contractor", name: "Lee Lax", email: managerEmail });
    await managerApi.post("/api/auth/sign-in", { data: { email: managerEmail, password: WORLD_PASSWORD } });
    const managerId = ((await (await managerApi.get("/api/me")).json()) as { user: { id: string } }).user.id;
    // Another helper's settings page adds members; here the membership is made directly.
    await database.db
      .insertInto("memberships")
      .values({ company_id: cid, user_id: managerId, role: "manager", created_at: new Date().toISOString() })
      .execute();

    // The owner turns their own second step on, then requires it of everyone on the Account page.
    await signInPage(page, ownerEmail);
    const setup = (await (
      await page.request.post("/api/account/two-step/setup", { headers: { origin: baseURL ?? "" } })
    ).json()) as {
      secret: string;
    };
    const confirmed = await page.request.post("/api/account/two-step/confirm", {
      headers: { origin: baseURL ?? "" },
      data: { code: codeOf(setup.secret), currentPassword: WORLD_PASSWORD },
    });
    expect(confirmed.status()).toBe(200);
    await page.goto("/account");
    await page
      .getByRole("switch", { name: `Require two-step sign-in of every member of ${companyName}` })
      // A controlled switch: it turns on once the server said yes.
      .click();
    await expect(page.getByRole("switch", { name: /Require two-step sign-in/ })).toBeChecked();

    // The manager signs in and is led to set it up.
    const managerContext = await browser.newContext();
    const manager = await managerContext.newPage();
    await manager.goto("/sign-in");
    await manager.getByLabel("Email").fill(managerEmail);
    await manager.getByRole("textbox", { name: "Password", exact: true }).fill(WORLD_PASSWORD);
    await manager.getByRole("button", { name: "Sign in" }).click();
    await expect(manager).toHaveURL(/\/account\?setup=two-step$/);
    await expect(
      manager.getByText(`${companyName} asks every member to sign in with a second step`),
    ).toBeVisible();
    expect(await wcagViolations(manager)).toEqual([]);

    // The company's pages stay closed: each leads back to the set-up.
    for (const path of ["overview", "tasks", "contractors"]) {
      await manager.goto(`/companies/${cid}/${path}`);
      await expect(manager).toHaveURL(/\/account\?setup=two-step$/);
    }
    const api = await managerContext.request.get(`/api/companies/${cid}/tasks`);
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { type: string }).type).toBe(
      "https://crewdesk.dev/problems/two-step-required",
    );

    // Set up: the company opens.
    await manager.getByRole("button", { name: "Set up an authenticator app" }).click();
    const secret = (await manager.getByTestId("two-step-secret").textContent()) ?? "";
    await manager.getByLabel("Code from the app").fill(codeOf(secret));
    await manager
      .getByRole("form", { name: "Confirm the authenticator app" })
      .getByLabel("Current password")
      .fill(WORLD_PASSWORD);
    await manager.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await expect(manager.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
    await manager.goto(`/companies/${cid}/tasks`);
    await expect(manager).toHaveURL(new RegExp(`/companies/${cid}/tasks$`));
    await expect(manager.getByRole("heading", { level: 1, name: "Tasks" })).toBeVisible();

    await managerContext.close();
    await ownerApi.dispose();
    await managerApi.dispose();
  });
});

test.describe("deleting a company", () => {
  test("its only owner deletes it from the Account page, then can delete their account", async ({
    page,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const email = uniqueEmail("closing-owner");
    const companyName = `Closing ${Date.now()}`;
    const api = await apiClient(baseURL ?? "");
    await signUp(api, { accountType: "company", name: "Cleo Closing", email, companyName });
    await signInPage(page, email);

    await page.goto("/account");
    const section = page.getByRole("region", { name: "Delete your account" });
    await expect(section.getByText("You are the only owner of this company")).toBeVisible();
    await expect(
      section.getByRole("link", { name: `Make another member owner of ${companyName}` }),
    ).toHaveAttribute("href", /\/companies\/.+\/settings$/);
    await page.screenshot({ path: "test-results/account-gaps-owned-desktop.png", fullPage: true });
    await section.getByRole("button", { name: `Delete company ${companyName}` }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${companyName}` });
    await expect(dialog).toBeVisible();
    expect(await wcagViolations(page)).toEqual([]);

    // The name must be typed exactly.
    await dialog.getByLabel(`Type ${companyName} to confirm`).fill("something else");
    await dialog.getByLabel("Current password").fill(WORLD_PASSWORD);
    await dialog.getByRole("button", { name: `Delete ${companyName}` }).click();
    await expect(dialog.getByText(`Type ${companyName} exactly, to confirm.`)).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: "test-results/account-gaps-dialog-phone.png" });
    await page.setViewportSize({ width: 1280, height: 800 });

    await dialog.getByLabel(`Type ${companyName} to confirm`).fill(companyName);
    await dialog.getByRole("button", { name: `Delete ${companyName}` }).click();
    await expect(page.getByText(`${companyName} was deleted`)).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(section.getByText("You are the only owner of this company")).toBeHidden();

    // Now the account itself can go.
    await section.getByLabel("Current password").fill(WORLD_PASSWORD);
    await section.getByRole("button", { name: "Delete my account" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await api.dispose();
  });
});
