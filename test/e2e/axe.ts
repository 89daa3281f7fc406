import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
const WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

export interface AxeViolation {
  rule: string;
  impact: string | null;
  help: string;
  /** The elements that break it (the start of their HTML), with axe's summary of what is wrong. */
  where: string[];
}

/**
 * Runs axe-core on the page as it is now and returns what breaks WCAG 2.2 AA (none, for a page that passes).
 * Evaluated through the browser's debugging protocol, so the app's Content-Security-Policy stays as it is.
 */
export async function wcagViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: AxeRunner }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? null,
      help: v.help,
      where: v.nodes.map((n) => `${n.html.slice(0, 1500)}: ${n.failureSummary ?? ""}`),
    }));
  }, WCAG_AA);
}

/** What this helper reads of axe-core's API inside the page. */
interface AxeRunner {
  run(
    context: Document,
    options: { runOnly: { type: "tag"; values: string[] } },
  ): Promise<{
    violations: Array<{
      id: string;
      impact?: string | null;
      help: string;
      nodes: Array<{ html: string; failureSummary?: string }>;
    }>;
  }>;
}
