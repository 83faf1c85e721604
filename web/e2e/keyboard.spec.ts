// Keyboard: Tab reaches every interactive element of each main screen (and the document and duty editors) in turn, and each shows a
// focus ring when it has the focus (WCAG 2.4.7). Nothing here writes.
import type { Page } from '@playwright/test';
import { baseUrl, expect, test, useServer } from './fixtures';
import { BROWSER } from './users';

useServer();

// Tabs from the top of the page until the focus comes back round (or `limit` presses); returns
// the elements that had the focus without a visible ring.
async function tabThrough(page: Page, limit = 200): Promise<{ stops: number; unringed: string[] }> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const seen = new Set<string>();
  const unringed: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const state = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const path: string[] = [];
      for (let n: Element | null = el; n && n !== document.body; n = n.parentElement) {
        path.unshift(`${n.tagName.toLowerCase()}${n.id ? `#${n.id}` : ''}:nth-child(${[...(n.parentElement?.children ?? [])].indexOf(n) + 1})`);
      }
      const style = getComputedStyle(el);
      const ringed = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      const label = `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      return { path: path.join('>'), ringed, label };
    });
    if (!state) continue;
    if (seen.has(state.path)) break;
    seen.add(state.path);
    if (!state.ringed) unringed.push(state.label);
  }
  return { stops: seen.size, unringed };
}

const SCREENS: [string, string, string][] = [
  ['unit tree', '/units', 'h1'],
  ['overview', '/units/ba-thuoc', '[data-obligation] .big-fraction'],
  ['recommendations', '/units/ba-thuoc/recommendations', '#incoming'],
  ['report picker', '/units/ba-thuoc-ban-cong/report', 'select'],
  ['subordinate reports', '/units/ba-thuoc/reports/2021', 'table'],
  ['document editor', '/documents/1/edit', '[data-item-form="new"]'],
  ['inbox', '/inbox', 'h1'],
  ['new duty form', '/obligations/new?unit=thanh-hoa', '[data-obligation-form] input[type="checkbox"]'],
  ['people', '/people', '[data-people-list]'],
  ['user', '/people/1', '[data-token-form]'],
  ['audit', '/audit', '[data-audit-rows]'],
  ['task form', '/tasks/new?unit=binh-dai', '[data-task-units] input[type="radio"]'],
  ['indicators', '/indicators', 'tr[data-indicator]'],
  ['indicator form', '/indicators/new', '[data-indicator-form] input[type="radio"]'],
];

for (const [name, path, ready] of SCREENS) {
  test(`keyboard: every interactive element of the ${name} shows a focus ring`, async ({ signIn }) => {
    const page = await signIn(BROWSER);
    await page.goto(`${baseUrl()}${path}`);
    await page.locator(ready).first().waitFor();
    const { stops, unringed } = await tabThrough(page);
    expect(stops, 'Tab reaches the interactive elements').toBeGreaterThan(3);
    expect(unringed, 'focused without a visible ring').toEqual([]);
  });
}

test('keyboard: every interactive element of a duty and of a target shows a focus ring', async ({ signIn }) => {
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/ba-thuoc`);
  await page.locator('[data-obligation="ba-thuoc-so-ket-6-thang-2021"] .who-has-not').click();
  await page.locator('table.assignments tbody tr').first().waitFor();
  let result = await tabThrough(page);
  expect(result.unringed, 'duty: focused without a visible ring').toEqual([]);
  await page.goto(`${baseUrl()}/units/ba-thuoc`);
  await page.locator('.target-row a').first().click();
  await page.waitForURL(/\/targets\/\d+/);
  await page.locator('[data-figure="current"]').waitFor();
  result = await tabThrough(page);
  expect(result.unringed, 'target: focused without a visible ring').toEqual([]);
});

test('keyboard: the cascade screen is worked by keyboard, every stop with a focus ring', async ({ signIn }) => {
  const page = await signIn(BROWSER);
  const docs = (await page.evaluate(() => fetch('/api/v1/documents').then((r) => r.json()))) as { items: { id: number; code: string }[] };
  const upper = docs.items.find((d) => d.code === 'nq-tu-ben-tre-2021')!;
  const lower = docs.items.find((d) => d.code === 'nq-hu-thanh-phu-2021')!;
  await page.goto(`${baseUrl()}/documents/${upper.id}/cascade?lower=${lower.id}`);
  await page.locator('[data-cascade-check]').waitFor();
  const { stops, unringed } = await tabThrough(page);
  expect(stops, 'Tab reaches the interactive elements').toBeGreaterThan(20);
  expect(unringed, 'focused without a visible ring').toEqual([]);
  // A missing target's form opens from the keyboard and takes the focus in turn.
  const missing = page.locator('[data-cascade-target="CT11"]');
  await missing.getByRole('button', { name: 'Không áp dụng' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(missing.getByLabel('Lý do không áp dụng')).toBeFocused();
});
