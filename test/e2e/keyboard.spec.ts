import type { Locator, Page } from "@playwright/test";
import { expect, test, uniqueEmail } from "./fixtures.ts";
import { apiClient, createTask, firstCompanyId, invite, signInPage, signUp } from "./world.ts";

/** A company with `contractors` invited contractors and one draft task, and its owner signed in on `page`. */
async function companyWith(page: Page, baseURL: string, contractors = 1) {
  const owner = await apiClient(baseURL);
  const email = uniqueEmail("keys");
  await signUp(owner, { accountType: "company", companyName: "Keyboard Works", name: "Kim Keys", email });
  const cid = await firstCompanyId(owner);
  const stamp = email.slice(email.indexOf(".") + 1, email.indexOf("@"));
  const addresses = Array.from(
    { length: contractors },
    (_, i) => `Person ${String(i + 1).padStart(2, "0")} <person${i + 1}.${stamp}@example.com>`,
  );
  await invite(owner, cid, addresses.join("\n"));
  const taskId = await createTask(owner, cid, { title: "Keyboard task", amount: "100" });
  await owner.dispose();
  await signInPage(page, email);
  return { cid, taskId };
}

/** The focused element, described for assertions. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      text: (el?.getAttribute("aria-label") || el?.textContent || "").trim(),
      tag: el?.tagName ?? "",
    };
  });
}

/** Presses Tab `presses` times and checks after each that the focus is still inside `container`. */
async function expectTabStaysIn(page: Page, container: Locator, presses: number, key = "Tab") {
  for (let i = 0; i < presses; i++) {
    await page.keyboard.press(key);
    const inside = await container.evaluate((el) => el.contains(document.activeElement));
    expect(inside, `focus left the container after ${i + 1} presses of ${key}`).toBe(true);
  }
}

/** The focus ring of the focused element: an outline at least 2 px wide, not "none". */
async function expectVisibleFocus(locator: Locator) {
  await expect(locator).toBeFocused();
  const ring = await locator.evaluate((el) => {
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: Number.parseFloat(style.outlineWidth) };
  });
  expect(ring.style).not.toBe("none");
  expect(ring.width).toBeGreaterThanOrEqual(2);
}

test.describe("the keyboard alone", () => {
  test("a field with an error keeps a visible focus ring, like every control", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Sign in" }).click();
    const email = page.getByRole("textbox", { name: "Email" });
    await expect(email).toHaveAttribute("aria-invalid", "true");
    await email.focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    await expectVisibleFocus(email);
    await page.keyboard.press("Tab");
    await expectVisibleFocus(page.getByRole("textbox", { name: "Password" }));
  });

  test("after a navigation the focus is on the new page's heading, and the tab is named after the page", async ({
    page,
    baseURL,
  }) => {
    await companyWith(page, baseURL ?? "");
    await page.goto("/");
    await expect(page).toHaveTitle("Overview · Keyboard Works — Crewdesk");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Tasks" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Tasks" })).toBeFocused();
    await expect(page).toHaveTitle("Tasks · Keyboard Works — Crewdesk");
    // Tab goes on from the top of the new page: its first control is Import, then Add.
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Import", exact: true })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("button", { name: "Add", exact: true })).toBeFocused();
  });

  test("the account menu focuses its first item, moves with the arrows, and Tab closes it back to its button", async ({
    page,
    baseURL,
  }) => {
    await companyWith(page, baseURL ?? "");
    await page.goto("/");
    const button = page.getByRole("button", { name: "Account: Kim Keys" });
    await button.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Account" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menuitem", { name: "Sign out" })).toBeFocused();
    await page.keyboard.press("Tab");
    await expect(page.getByRole("menu")).toBeHidden();
    await expect(button).toBeFocused();

    // Enter on an item follows it.
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Account" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  });

  test("a row's menu focuses Resend invitation, and its Remove dialog keeps the focus and gives it back", async ({
    page,
    baseURL,
  }) => {
    await companyWith(page, baseURL ?? "");
    await page.goto("/");
    await page
      .getByRole("navigation", { name: "Main navigation" })
      .getByRole("link", { name: "Contractors" })
      .click();
    const actions = page.getByRole("button", { name: /^Actions for person1\./ });
    await actions.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menuitem", { name: "Resend invitation" })).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(page.getByRole("menuitem", { name: "Remove" })).toBeFocused();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: /^Remove Person 01/ });
    await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
    await expectTabStaysIn(page, dialog, 6);
    await expectTabStaysIn(page, dialog, 6, "Shift+Tab");
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(actions).toBeFocused();
  });

  test("the task form keeps the focus inside, keeps Save in view, and gives the focus back to Add", async ({
    page,
    baseURL,
  }) => {
    const { cid } = await companyWith(page, baseURL ?? "");
    await page.goto(`/companies/${cid}/tasks`);
    const add = page.getByRole("button", { name: "Add", exact: true });
    await add.focus();
    await page.keyboard.press("Enter");
    const form = page.getByRole("dialog", { name: "Add task" });
    await expect(form.getByLabel("Title")).toBeFocused();
    // The footer stays in view at 1280×800, whatever the fields below the fold.
    await expect(form.getByRole("button", { name: "Send to contractor" })).toBeInViewport();
    await expect(form.getByRole("button", { name: "Save draft" })).toBeInViewport();
    await expectTabStaysIn(page, form, 16);
    await page.keyboard.press("Escape");
    await expect(form).toBeHidden();
    await expect(add).toBeFocused();
  });

  test("the contractor picker opens, chooses and says so from the keyboard, with Invite a new contractor always in view", async ({
    page,
    baseURL,
  }) => {
    const { cid } = await companyWith(page, baseURL ?? "", 25);
    await page.goto(`/companies/${cid}/tasks`);
    await page.getByRole("button", { name: "Add", exact: true }).click();
    const form = page.getByRole("dialog", { name: "Add task" });
    await form.getByLabel("Title").fill("Picked by keyboard");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    const picker = form.getByRole("combobox", { name: "Contractor" });
    await expect(picker).toBeFocused();
    await expect(picker).toHaveAttribute("aria-expanded", "true");
    await expect(picker).toHaveAttribute("aria-controls", /.+/);
    const list = page.getByRole("listbox", { name: "Contractor matches" });
    await expect(list.getByRole("option")).toHaveCount(21);
    // Twenty matches scroll; the invitation stays at the bottom of the list, in view.
    await expect(list.getByRole("option", { name: "Invite a new contractor" })).toBeInViewport({ ratio: 1 });

    await page.keyboard.type("person 07");
    await expect(list.getByRole("option")).toHaveCount(2);
    await expect(list.getByRole("option", { name: /Person 07/ })).toBeVisible();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await expect(picker).toHaveValue("Person 07");
    await expect(picker).toHaveAttribute("aria-expanded", "false");

    // ArrowDown opens the list again; Escape closes the list, not the form.
    await page.keyboard.press("ArrowDown");
    await expect(picker).toHaveAttribute("aria-expanded", "true");
    await page.keyboard.press("Escape");
    await expect(picker).toHaveAttribute("aria-expanded", "false");
    await expect(form).toBeVisible();
  });

  test("a task drawer keeps the focus inside, closes with Escape and gives the focus back to the task's link", async ({
    page,
    baseURL,
  }) => {
    const { cid } = await companyWith(page, baseURL ?? "");
    await page.goto(`/companies/${cid}/tasks`);
    const link = page.getByRole("link", { name: "Keyboard task" });
    await link.focus();
    await page.keyboard.press("Enter");
    const drawer = page.getByRole("dialog", { name: /Keyboard task/ });
    await expect(drawer).toBeVisible();
    await expect(page).toHaveTitle("#1 Keyboard task · Tasks · Keyboard Works — Crewdesk");
    await expectTabStaysIn(page, drawer, 10);
    await page.keyboard.press("Escape");
    await expect(drawer).toBeHidden();
    await expect(link).toBeFocused();
    await expect(page).toHaveTitle("Tasks · Keyboard Works — Crewdesk");
  });

  test("on a phone the navigation drawer takes the focus, keeps it, and Escape gives it back to the menu button", async ({
    page,
    baseURL,
  }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await companyWith(page, baseURL ?? "");
    await page.goto("/");
    const burger = page.getByRole("button", { name: "Open navigation" });
    await burger.focus();
    await page.keyboard.press("Enter");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await expect(nav.getByRole("link", { name: "Overview" })).toBeFocused();
    // Every Tab stop is in the drawer or its Close button: nothing hidden under it.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press("Tab");
      const where = await page.evaluate(() => {
        const el = document.activeElement;
        const inNav = Boolean(el?.closest("#app-navigation"));
        const isBurger = el?.getAttribute("aria-controls") === "app-navigation";
        return inNav || isBurger || el === document.body;
      });
      expect(where, `Tab ${i + 1} left the open navigation`).toBe(true);
    }
    await page.keyboard.press("Escape");
    await expect(nav.getByRole("link", { name: "Tasks" })).not.toBeInViewport();
    await expect(page.getByRole("button", { name: "Open navigation" })).toBeFocused();
    expect((await focused(page)).tag).toBe("BUTTON");
  });
});
