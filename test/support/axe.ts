/**
 * An accessibility audit of the page shown, with axe-core in the real browser: the rules of every
 * tag, experimental ones too (label-content-name-mismatch is one), and the violations people are
 * hurt by most (impact serious or critical), as one readable line each for the assertion message.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';

const AXE_PATH = path.resolve('node_modules/axe-core/axe.min.js');

export type AxeFinding = { rule: string; impact: string; help: string; targets: string[] };

type AxeResult = {
  violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
};

/**
 * Injects axe-core (once per document) and runs it on the whole page. The script tag is inline,
 * which the site's CSP forbids: the context must be made with `bypassCSP: true`.
 */
export async function auditPage(page: Page): Promise<AxeFinding[]> {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.addScriptTag({ path: AXE_PATH });
  const result = await page.evaluate(async () => {
    // axe-core's global, injected above; typed here by hand to keep the page's types free of it.
    const axe = (
      window as unknown as {
        axe: { getRules(tags: string[]): { ruleId: string }[]; run(context: Document, options: object): Promise<unknown> };
      }
    ).axe;
    const experimental = Object.fromEntries(axe.getRules(['experimental']).map((rule) => [rule.ruleId, { enabled: true }]));
    return axe.run(document, { rules: experimental, resultTypes: ['violations'] });
  });
  const { violations } = result as AxeResult; // axe.run's documented result shape
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? '',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
}

/** "rule (impact, n): help — target; target", one line per finding. */
export function describeFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map(
      (finding) =>
        `${finding.rule} (${finding.impact}, ${finding.targets.length}): ${finding.help} — ${finding.targets.slice(0, 5).join('; ')}`,
    )
    .join('\n');
}
