import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The WCAG 2.0, 2.1 and 2.2 success criteria of levels A and AA, as axe-core tags them. */
export const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export const DESKTOP = { name: "desktop", width: 1280, height: 800 } as const;
export const PHONE = { name: "phone", width: 390, height: 844 } as const;
export type Width = typeof DESKTOP | typeof PHONE;

const SHOTS = path.join("test-results", "screenshots", "pages");
const REPORT = path.join("test-results", "accessibility-report.jsonl");

export interface AxeViolation {
  rule: string;
  impact: string | null;
  help: string;
  /** The elements that break it (the start of their HTML), with axe's summary of what is wrong. */
  where: string[];
}

/**
 * Waits until no transition runs: a notification fading out on its timer would otherwise be measured half
 * transparent, a drawer half open. The app honours reduced motion, so once the page asks for it (as the
 * config's contexts do; one a test opened itself may not) transitions end at once and none starts meanwhile.
 */
async function settled(page: Page): Promise<void> {
  await page.emulateMedia({ reducedMotion: "reduce" });
  // Finite ones: a spinner's endless animation never ends, and changes no colour that axe reads.
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { polling: 100 },
  );
}

/**
 * axe-core's WCAG A/AA rules on the page as it is. Legacy mode runs them in the page itself (and its
 * same-origin frames, the only ones the app has) instead of finishing each run in a new blank page: half the
 * time per check.
 */
function analyze(page: Page) {
  return new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).setLegacyMode().analyze();
}

/** What the page as it is now breaks of WCAG A/AA, as axe-core finds it (none, for a page that passes). */
export async function wcagViolations(page: Page): Promise<AxeViolation[]> {
  await settled(page);
  const results = await analyze(page);
  return results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? null,
    help: v.help,
    where: v.nodes.map((n) => `${n.html.slice(0, 1500)}: ${n.failureSummary ?? ""}`),
  }));
}

export interface StateCheck {
  /** The document title the page must have ("Tasks · Northwind — Crewdesk"). */
  title?: string | RegExp;
}

/**
 * One check of what the page shows now: no WCAG A/AA violation that axe-core finds, nothing wider than the
 * window, no status badge cut, nothing scrolling sideways inside the page at desktop width, the expected
 * title; and a full-page screenshot for people to look at. Problems are collected, so
 * one run lists them all; `expectClean` fails the test if there was any.
 */
export class PageAudit {
  readonly problems: string[] = [];
  constructor(
    private readonly page: Page,
    private readonly width: Width,
  ) {
    mkdirSync(path.join(SHOTS, width.name), { recursive: true });
  }

  async check(name: string, options: StateCheck = {}): Promise<void> {
    const { page } = this;
    // Transitions (drawers, menus, dialogs, notifications) settle before anything is measured.
    await settled(page);
    const where = `${name} at ${this.width.name} width`;

    const widest = await page.evaluate(() => document.documentElement.scrollWidth);
    if (widest > this.width.width) this.problems.push(`${where}: the page is ${widest} px wide`);

    // A status badge is never cut: wholly inside every box around it that clips.
    const cutBadges = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("[data-status]")]
        .filter((badge) => {
          const r = badge.getBoundingClientRect();
          if (r.width === 0) return false;
          if (badge.scrollWidth > badge.clientWidth + 1) return true;
          for (let box = badge.parentElement; box; box = box.parentElement) {
            const style = getComputedStyle(box);
            if (style.overflowX === "visible" && style.overflowY === "visible") continue;
            const b = box.getBoundingClientRect();
            if (r.left < b.left - 1 || r.right > b.right + 1) return true;
          }
          return false;
        })
        .map((badge) => badge.textContent ?? ""),
    );
    if (cutBadges.length > 0) this.problems.push(`${where}: status badges cut: ${cutBadges.join(", ")}`);

    // Text cut with an ellipsis shows in full on hover (its title), and stays whole in the page for screen
    // readers (an ellipsis cuts what is drawn, not the text).
    const cutUnreadable = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>("body *")]
        .filter((el) => {
          const style = getComputedStyle(el);
          const clamped = style.webkitLineClamp !== "none" && style.webkitLineClamp !== "";
          if (style.textOverflow !== "ellipsis" && !clamped) return false;
          const cut =
            el.scrollWidth > el.clientWidth + 1 || (clamped && el.scrollHeight > el.clientHeight + 1);
          if (!cut) return false;
          const text = (el.textContent ?? "").trim();
          const titled = el.closest("[title]")?.getAttribute("title") ?? "";
          return !titled.includes(text);
        })
        .map((el) => (el.textContent ?? "").trim().slice(0, 40)),
    );
    if (cutUnreadable.length > 0)
      this.problems.push(`${where}: cut with no way to read it whole: ${cutUnreadable.join(" | ")}`);

    // Nothing scrolls sideways inside the page at desktop width (a list's table fits its column).
    if (this.width.name === "desktop") {
      const sideways = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("body *")]
          .filter((el) => {
            const { overflowX } = getComputedStyle(el);
            return (overflowX === "auto" || overflowX === "scroll") && el.scrollWidth > el.clientWidth + 1;
          })
          .map((el) => el.getAttribute("aria-label") ?? el.className.toString().slice(0, 40)),
      );
      if (sideways.length > 0)
        this.problems.push(`${where}: scrolls sideways inside: ${sideways.join(", ")}`);
    }

    if (options.title !== undefined) {
      const title = await page.title();
      const matches = typeof options.title === "string" ? title === options.title : options.title.test(title);
      if (!matches) this.problems.push(`${where}: the title is "${title}", not ${String(options.title)}`);
    }

    const results = await analyze(page);
    for (const violation of results.violations) {
      const targets = violation.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(" ")} (${n.any[0]?.message ?? n.failureSummary ?? ""})`)
        .join(" | ");
      this.problems.push(
        `${where}: ${violation.id} (${violation.impact}) on ${violation.nodes.length} element(s): ${violation.help} — ${targets}`,
      );
    }
    appendFileSync(
      REPORT,
      `${JSON.stringify({
        page: name,
        width: this.width.name,
        pixels: widest,
        violations: results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
      })}\n`,
    );
    await page.screenshot({ path: path.join(SHOTS, this.width.name, `${name}.png`), fullPage: true });
  }

  expectClean(): void {
    expect(this.problems, this.problems.join("\n")).toEqual([]);
  }
}
