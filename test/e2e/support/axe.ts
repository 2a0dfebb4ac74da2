/**
 * Accessibility checks for the e2e specs: axe-core (through @axe-core/playwright) with the rule
 * sets the app promises (WCAG 2.0 A and AA, WCAG 2.1 AA and axe's best practices), and the
 * languages the app's screens come in.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] as const;

/** The viewport of the smallest supported screen: a 1366×768 laptop (and the booth's touchscreen). */
export const LAPTOP = { width: 1366, height: 768 } as const;

export interface AxeFinding {
  rule: string;
  impact: string | null;
  /** How many elements break the rule. */
  nodes: number;
  /** The first few offending elements, for the failure message. */
  targets: string[];
}

/**
 * Runs axe over the whole page and returns its violations, one line per rule. It first waits for
 * running transitions to end: axe reads colours as painted, and a drawer still fading in is seen
 * through its own overlay. Endless animations (spinners) are not waited for.
 *
 * axe runs in the page itself (legacy mode): the app has no frames, and the default mode opens a
 * blank page for every scan to merge per-frame results, which made a scan three times slower.
 */
export async function axeFindings(page: Page): Promise<AxeFinding[]> {
  await page.waitForFunction(() => {
    // Runs in the page; this config type-checks without the DOM library.
    type Anim = { playState: string; effect: { getComputedTiming(): { iterations?: number } } | null };
    const doc = (globalThis as unknown as { document: { getAnimations(): Anim[] } }).document;
    return doc.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
  });
  const result = await new AxeBuilder({ page }).withTags([...AXE_TAGS]).setLegacyMode(true).analyze();
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? null,
    nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`),
  }));
}

/** Number of offending elements over all rules. */
export function countNodes(findings: readonly AxeFinding[]): number {
  return findings.reduce((n, f) => n + f.nodes, 0);
}
