import fs from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** The WCAG 2.0, 2.1 and 2.2 A and AA rules axe-core checks automatically. */
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each offending element: its selector and the start of its markup. */
  targets: string[];
}

interface AxeWindow {
  axe: {
    run(
      context: Document,
      options: { runOnly: { type: "tag"; values: string[] } },
    ): Promise<{
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
      }>;
    }>;
  };
}

/**
 * Runs axe-core on the page as it stands and answers its WCAG A/AA violations. The engine is evaluated in
 * the page through the browser's protocol, which the app's Content-Security-Policy leaves alone.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as AxeWindow;
    const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map(
        (n) => `${n.target.map(String).join(" ")} ${n.html.slice(0, 160)} ${n.failureSummary ?? ""}`,
      ),
    }));
  }, WCAG_TAGS);
}
