// How the units did, and the leader's dashboard (issue #20). The district's table of Bình Đại
// for 2021 as the demo tells it — 24 organisations did the dissemination, 2 of them late; of the
// 20 communes' 40 half-year reports 18 were sent, 15 on time; 19 of 24 values entered — sorted,
// a figure opened to its rows, downloaded as Excel. Then the committee member in charge of the
// economy signs in, lands on their dashboard and finds a duty of their field with its units.
import { readFileSync } from 'node:fs';
import { adminApi } from './admin-api';
import { expectAccessible } from './a11y';
import { baseUrl, expect, focusIsVisible, isoInDays, shot, tabTo, test, useServer } from './fixtures';
import { BROWSER, LEADER } from './users';

useServer();

const TABLE = '/units/binh-dai/performance/2021';

test('the units table: totals, sorted by a column, a figure opened, the Excel file', async ({ signIn }, testInfo) => {
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/binh-dai`);
  await page.getByRole('link', { name: 'Kết quả các đơn vị trực thuộc' }).click();
  await page.waitForURL(/\/units\/binh-dai\/performance$/);
  await page.getByRole('heading', { level: 1, name: /^Kết quả các đơn vị — Năm \d{4}$/ }).waitFor();
  await page.goto(`${baseUrl()}${TABLE}`);
  await page.getByRole('heading', { level: 1, name: 'Kết quả các đơn vị — Năm 2021' }).waitFor();
  const table = page.locator('.performance-table');
  await expect(table.locator('tbody > tr[data-unit]')).toHaveCount(24);
  await expect(table.locator('tr[data-totals] td')).toHaveText(['24/24', '22/24', '18/40', '15/40', '19/24']);
  await expectAccessible(page, testInfo, 'units-performance');
  await shot(page, 'units-performance', testInfo);
  await shot(page, 'units-performance-phone', testInfo, 'phone');

  // By reports sent, by keyboard: the two communes that sent nothing first; again, the other way.
  const sent = table.locator('button[data-sort="reports_submitted"]');
  await sent.focus();
  expect(await focusIsVisible(page), 'the focused column header shows a focus ring').toBe(true);
  await page.keyboard.press('Enter');
  await expect(table.locator('th[aria-sort="ascending"]')).toContainText('Báo cáo đã gửi');
  await expect(table.locator('tbody > tr[data-unit]').nth(0)).toHaveAttribute('data-unit', 'binh-dai-loc-thuan');
  await expect(table.locator('tbody > tr[data-unit]').nth(1)).toHaveAttribute('data-unit', 'binh-dai-thanh-phuoc');
  await page.keyboard.press('Enter');
  await expect(table.locator('th[aria-sort="descending"]')).toContainText('Báo cáo đã gửi');
  // The agencies report under no regime of the district: last either way.
  await expect(table.locator('tbody > tr[data-unit]').last()).toHaveAttribute('data-unit', /binh-dai-(co-quan|quan-su|cong-an|trung-tam)/);

  // Thừa Đức did its duty late: "0/1 on time" opens the duty with its dates.
  const thuaDuc = table.locator('tr[data-unit="binh-dai-thua-duc"]');
  const onTime = thuaDuc.locator('button[data-figure="duties_on_time"]');
  await expect(onTime).toHaveText('0/1');
  await onTime.click();
  await expect(onTime).toHaveAttribute('aria-expanded', 'true');
  const rows = table.locator('tr.figure-rows');
  await expect(rows.locator('[data-duty="binh-dai-quan-triet-nq-2021"] [data-timeliness]')).toHaveText('Trễ hạn');
  await expect(rows).toContainText('22/03/2021');
  // Its reports: the first half-year on time within the extension, the second overdue.
  await thuaDuc.locator('button[data-figure="reports_submitted"]').click();
  await expect(rows.locator('[data-timeliness]')).toHaveText(['Đúng hạn', 'Quá hạn']);
  await expectAccessible(page, testInfo, 'units-performance-open');
  // Back to the duty, then closed again.
  await onTime.click();
  await expect(onTime).toHaveAttribute('aria-expanded', 'true');
  await onTime.click();
  await expect(onTime).toHaveAttribute('aria-expanded', 'false');
  await expect(rows).toHaveCount(0);

  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-xlsx]').click()]);
  expect(download.suggestedFilename()).toBe('ket-qua-don-vi-binh-dai-2021.xlsx');
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 2).toString('latin1'), 'an xlsx is a zip archive').toBe('PK');
  expect(bytes.length).toBeGreaterThan(2000);
  const fit = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(fit, 'the page is no wider than the screen (the table scrolls in its frame)').toBeLessThanOrEqual(1);
});

test('the leader signs in to their dashboard and finds a duty of their field', async ({ signIn }, testInfo) => {
  // A duty of Bình Đại serving its economic target CT01 (the field "kinh-te").
  const api = await adminApi();
  const documents = await api<{ items: { id: number; code: string }[] }>('GET', 'documents');
  const resolution = documents.items.find((d) => d.code === 'nq-hu-binh-dai-2021')!;
  const items = await api<{ items: { id: number; code: string }[] }>('GET', `items?document_id=${resolution.id}`);
  const item = items.items.find((i) => i.code === 'CT01')!.id;
  const district = await api<{ id: number }>('GET', 'units/binh-dai');
  const title = `Rà soát giải pháp tăng trưởng GRDP (${testInfo.project.name})`;
  await api('POST', 'obligations', {
    code: `binh-dai-grdp-${testInfo.project.name}`, title, issuer_unit_id: district.id, item_id: item,
    issued_on: isoInDays(-1), due_on: isoInDays(10),
  });

  const page = await signIn(LEADER);
  await page.waitForURL(`${baseUrl()}/leader`);
  await page.getByRole('heading', { level: 1, name: 'Việc tôi phụ trách' }).waitFor();
  await expect(page.locator('[data-field="kinh-te"]')).toContainText('Kinh tế');
  const duty = page.locator(`#leader-duties .inbox-list > li[data-duty="binh-dai-grdp-${testInfo.project.name}"]`);
  await expect(duty.locator('.inbox-title')).toHaveText(title);
  await expect(duty).toContainText('0/24 đơn vị đã hoàn thành');
  const summary = duty.locator('summary');
  await tabTo(page, summary, 60);
  expect(await focusIsVisible(page), 'the focused summary shows a focus ring').toBe(true);
  await page.keyboard.press('Enter');
  await expect(duty.locator('.figure-list > li')).toHaveCount(24);
  await expect(duty.locator('.figure-list > li[data-unit="binh-dai-thua-duc"] a')).toHaveText('Thừa Đức');
  await expect(duty.locator('.figure-list [data-timeliness]').first()).toHaveText('Chưa đến hạn');
  await expect(page.locator('#leader-targets [data-target]').first()).toBeVisible();
  await expectAccessible(page, testInfo, 'leader');
  await shot(page, 'leader-desktop', testInfo);
  await shot(page, 'leader-phone', testInfo, 'phone');
  const fit = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(fit, 'the page is no wider than the screen').toBeLessThanOrEqual(1);
});
