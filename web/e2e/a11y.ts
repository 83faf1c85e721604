// The accessibility check every screen passes: axe-core's WCAG 2.1 A and AA rules, no serious or
// critical violation. Every finding is attached to the test's report (axe-<screen>.json) and
// counted in an annotation; a failure does not stop the rest of the test (expect.soft).
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect } from './fixtures';

export async function expectAccessible(page: Page, testInfo: TestInfo, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  testInfo.annotations.push({
    type: 'axe',
    description: `${screen}: ${serious.length} serious or critical, ${results.violations.length} in all`,
  });
  if (results.violations.length) {
    if (process.env.NQ_AXE === 'report') console.log(`axe ${testInfo.project.name} ${screen}: ${serious.map((v) => `${v.id} ${v.nodes.length}× ${v.nodes.slice(0, 6).map((n) => n.target.join(' ')).join(', ')}`).join('; ')}`);
    await testInfo.attach(`axe-${screen}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
  }
  const described = serious.map(
    (v) => `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`,
  );
  // NQ_AXE=report lists the findings (annotations, attachments) without failing: for surveys.
  if (process.env.NQ_AXE === 'report') return;
  expect.soft(described, `axe: serious or critical violations on ${screen}`).toEqual([]);
}
