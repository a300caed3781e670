// axe-core in the page under test: injects the library and runs the WCAG 2.1 A/AA rules
// (plus best practices). Returns the violations worth failing a test on: serious and
// critical ones, with their target elements, in a readable form.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
let source: string | null = null;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export async function axeViolations(page: Page, opts: { include?: string; minImpact?: 'serious' | 'moderate' } = {}): Promise<AxeViolation[]> {
  source ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, which the page's CSP does not govern (a
  // script tag with inline content would be refused by it, as it should).
  if (!(await page.evaluate(() => Boolean((globalThis as any).axe)))) await page.evaluate(source);
  const result = await page.evaluate(async (include: string | null) => {
    const axe = (globalThis as any).axe;
    const r = await axe.run(include ? { include: [include] } : (globalThis as any).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      targets: v.nodes.map((n: any) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`),
    }));
  }, opts.include ?? null);
  const levels = opts.minImpact === 'moderate' ? ['moderate', 'serious', 'critical'] : ['serious', 'critical'];
  return (result as AxeViolation[]).filter((v) => v.impact !== null && levels.includes(v.impact));
}

/** One line per violation, for assertion messages. */
export function describeViolations(vs: AxeViolation[]): string {
  return vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}`).join('\n');
}
