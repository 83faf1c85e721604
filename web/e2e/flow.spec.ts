// A commune's year, in order, on one server: it enters and submits its 2021 report, the district
// sees it live and accepts it, the report locks; the district's Word report; a value imported
// from a file; a duty done with its evidence; a recommendation raised, answered and closed.
import { allowConsoleError, baseUrl, expect, shot, test, useServer } from './fixtures';
import { expectAccessible } from './a11y';
import { BROWSER, EDITOR, REVIEWER } from './users';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

useServer();

const ENTRY_UNIT = 'ba-thuoc-ban-cong';  // a commune of Bá Thước with no 2021 report in the demo
const IMPORT_UNIT = 'ba-thuoc-lung-niem';  // a commune with no OCOP value for 2021 in the demo
const DISTRICT = 'ba-thuoc';
const OCOP = 'san-pham-ocop';            // summed over communes into the district's target CT2

// The district's overview open in its own tab: its OCOP figure must change without a reload.
async function watchOcop(page: Page) {
  await page.goto(`${baseUrl()}/units/${DISTRICT}`);
  const figure = page.locator('[data-item] .target-current').nth(1);
  await figure.waitFor();
  return { figure, before: (await figure.textContent())?.trim() ?? '' };
}

test('a unit enters a value (validated as typed) and submits its 2021 report; the district sees it without a reload', async ({ signIn }, testInfo) => {
  const watch = await watchOcop(await signIn(REVIEWER));
  expect(watch.before).toMatch(/^6 \/ 15/);
  const page = await signIn(EDITOR);
  await page.goto(`${baseUrl()}/units/${ENTRY_UNIT}`);
  await page.getByRole('link', { name: 'Nhập báo cáo' }).click();
  await page.getByLabel('Chọn kỳ báo cáo').waitFor();
  await expectAccessible(page, testInfo, 'report-picker');
  await page.getByLabel('Chọn kỳ báo cáo').selectOption('2021');
  await page.getByRole('button', { name: 'Xem báo cáo' }).click();
  await page.waitForURL(`${baseUrl()}/units/${ENTRY_UNIT}/report/2021`);
  const field = page.locator(`[data-indicator="${OCOP}"] input`);
  const error = page.locator(`[data-indicator="${OCOP}"] .field-error`);
  await field.fill('abc');
  await error.getByText('Nhập một số').waitFor();
  await field.fill('1,5');
  await error.getByText('Nhập số nguyên').waitFor();
  await field.fill('1');
  await error.waitFor({ state: 'detached' });
  await page.getByLabel('Kết quả đạt được').fill('Sản phẩm mật ong Ban Công được công nhận OCOP 3 sao; hoàn thành kế hoạch năm 2021.');
  await page.getByRole('button', { name: 'Lưu nháp' }).click();
  await page.locator('.notice-ok').getByText('Đã lưu nháp').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'report-entry', testInfo);
  await expectAccessible(page, testInfo, 'report-entry');
  await page.getByRole('button', { name: 'Gửi báo cáo' }).click();
  await page.locator('.notice-ok').getByText('Đã gửi báo cáo').waitFor();
  await page.locator('.page-header [data-status="submitted"]').waitFor();
  await expect(watch.figure, 'OCOP goes 6 → 7 on the open overview').toHaveText(/^7 \/ 15/);
});

test('the reviewer accepts the report; the roll-up changes without a reload', async ({ signIn }, testInfo) => {
  const watch = await signIn(REVIEWER);
  await watch.goto(`${baseUrl()}/units/${DISTRICT}`);
  await watch.locator('[data-period="2021"]').waitFor();
  const review = await signIn(REVIEWER);
  await review.goto(`${baseUrl()}/units/${DISTRICT}`);
  await review.locator('[data-period="2021"] a').click();
  await review.waitForURL(`${baseUrl()}/units/${DISTRICT}/reports/2021`);
  await review.locator(`tr[data-unit="${ENTRY_UNIT}"] a`).waitFor();
  await expectAccessible(review, testInfo, 'subordinate-reports');
  await review.locator(`tr[data-unit="${ENTRY_UNIT}"] a`).click();
  await review.waitForURL(`${baseUrl()}/units/${ENTRY_UNIT}/report/2021`);
  await review.getByLabel('Ý kiến của cấp duyệt').fill('Đã kiểm tra, số liệu khớp với hồ sơ.');
  await review.evaluate(() => window.scrollTo(0, 0));
  await shot(review, 'report-review', testInfo);
  await expectAccessible(review, testInfo, 'report-review');
  await review.getByRole('button', { name: 'Duyệt báo cáo' }).click();
  await review.locator('.notice-locked').waitFor();
  await watch.locator('[data-period="2021"] .report-accepted').getByText('1/43 đã duyệt').waitFor();
  await shot(watch, 'overview-after-review', testInfo);
});

test('the accepted report is locked for the unit', async ({ signIn }, testInfo) => {
  const page = await signIn(EDITOR);
  await page.goto(`${baseUrl()}/units/${ENTRY_UNIT}/report/2021`);
  await page.locator('.notice-locked').waitFor();
  await expect(page.getByRole('button', { name: 'Gửi báo cáo' }), 'a locked report cannot be submitted').toHaveCount(0);
  await expect(page.locator(`[data-indicator="${OCOP}"]`), 'the locked value is shown').toHaveText('1 sản phẩm');
  await expectAccessible(page, testInfo, 'report-locked');
});

test('the Word report of Bá Thước is made as an export job and downloads as a .docx', async ({ signIn }) => {
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/${DISTRICT}`);
  await page.getByLabel('Kỳ của tệp').selectOption('2021Q1');
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Tải báo cáo Word' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.docx$/);
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 2).toString('latin1'), 'the .docx is a zip').toBe('PK');
  expect(bytes.length).toBeGreaterThan(2000);
  expect(bytes.includes('word/document.xml'), 'the .docx has word/document.xml').toBe(true);
  await page.locator('[data-downloads] [role="status"]').getByText(/Đã tải xuống tệp/).waitFor();
  // The job's progress stays on screen, full, naming its last phase.
  await page.locator('[data-downloads] [data-job-state="done"] [data-progress="100"]').waitFor();
  await page.locator('[data-downloads] [data-phase="writing"]').getByText('Ghi tệp').waitFor();
});

test('a unit editor imports a CSV as a job: progress reaches 100% and the figure changes', async ({ signIn }, testInfo) => {
  const watch = await watchOcop(await signIn(REVIEWER));
  expect(watch.before).toMatch(/^7 \/ 15/);
  const page = await signIn(EDITOR);
  await page.goto(`${baseUrl()}/units/${IMPORT_UNIT}`);
  const csv = `indicator_code,unit_code,period,value,comment\r\n${OCOP},${IMPORT_UNIT},2021,2,Nhập từ tệp CSV\r\n`;
  await page.getByLabel('Chọn tệp số liệu').setInputFiles({ name: 'so-lieu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Nhập số liệu từ tệp' }).click();
  await page.locator('[data-import] [data-progress="100"]').waitFor();
  await page.locator('[data-import] .notice-ok').getByText('Đã ghi 1 giá trị').waitFor();
  await expect(page.locator('[data-import] [role="progressbar"]')).toHaveAttribute('aria-valuenow', '100');
  await page.locator('[data-import]').scrollIntoViewIfNeeded();
  await shot(page.locator('#files'), 'import-progress', testInfo);
  await expectAccessible(page, testInfo, 'import-progress');
  await expect(watch.figure, 'OCOP goes 7 → 9 on the open overview').toHaveText(/^9 \/ 15/);
});

test('a unit editor marks an assignment done with evidence', async ({ signIn }, testInfo) => {
  const page = await signIn(EDITOR);
  const overview = (await page.evaluate(
    (unit) => fetch(`/api/v1/views/overview?unit_id=${unit}`).then((r) => r.json()),
    DISTRICT,
  )) as { obligations: { code: string; obligation_id: number }[] };
  const duty = overview.obligations.find((o) => o.code === 'ba-thuoc-so-ket-6-thang-2021');
  expect(duty, 'the half-year review duty').toBeTruthy();
  await page.goto(`${baseUrl()}/obligations/${duty!.obligation_id}?unit=${DISTRICT}&filter=not_done`);
  const rows = page.locator('table.assignments tbody tr');
  await rows.first().waitFor();
  const notDone = await rows.count();
  const first = rows.first();
  const unitCode = await first.getAttribute('data-unit');
  await first.getByRole('button', { name: /Báo cáo hoàn thành/ }).click();
  const form = page.locator(`[data-evidence-form="${unitCode}"]`);
  await form.waitFor();
  expect(await page.evaluate(() => document.activeElement?.tagName), 'focus moves to the form').toBe('H3');
  await form.getByLabel('Số văn bản').fill('');
  await form.getByLabel('Thành phần 1').fill('');
  await form.getByLabel('Số người 1').fill('');
  // The empty completion is sent on purpose: the server's 400 is the answer.
  allowConsoleError(/status of 400/, /\/api\/v1\/assignments\/\d+$/);
  await form.getByRole('button', { name: 'Lưu hoàn thành' }).click();
  await form.locator('[data-field-error="evidence"]').waitFor();
  await expectAccessible(page, testInfo, 'evidence-form');
  await form.getByLabel('Ngày hoàn thành').fill('2021-07-20');
  await form.getByLabel('Số văn bản').fill('12-BC/ĐU');
  await form.getByLabel('Ngày văn bản').fill('2021-07-20');
  await form.getByLabel('Thành phần 1').fill('cán bộ, đảng viên');
  await form.getByLabel('Số người 1').fill('35');
  await form.getByLabel('Ghi chú').fill('Hội nghị sơ kết 6 tháng đầu năm 2021');
  await form.getByRole('button', { name: 'Lưu hoàn thành' }).click();
  await page.locator('.notice-ok').getByText('Đã ghi nhận hoàn thành').waitFor();
  await expect(rows).toHaveCount(notDone - 1);
});

test('recommendations: raise, answer, close', async ({ signIn }, testInfo) => {
  const unit = await signIn(EDITOR);
  await unit.goto(`${baseUrl()}/units/${ENTRY_UNIT}/recommendations`);
  await unit.getByLabel('Tiêu đề').fill('Hỗ trợ xây dựng nhãn hiệu mật ong Ban Công');
  await unit.getByLabel('Nội dung đề xuất').fill('Đề nghị huyện hỗ trợ kinh phí đăng ký nhãn hiệu tập thể.');
  await unit.getByRole('button', { name: 'Gửi kiến nghị' }).click();
  await unit.locator('.notice-ok').getByText('Đã gửi kiến nghị').waitFor();
  await unit.locator('#outgoing').getByText('Hỗ trợ xây dựng nhãn hiệu mật ong Ban Công').waitFor();
  // The district answers: managing for the district (the browsing user may).
  const district = await signIn(BROWSER);
  await district.goto(`${baseUrl()}/units/${DISTRICT}/recommendations`);
  const item = district.locator('#incoming li', { hasText: 'nhãn hiệu mật ong' });
  await item.getByLabel('Nội dung trả lời').fill('Huyện bố trí kinh phí trong kế hoạch năm 2022.');
  await item.getByRole('button', { name: 'Gửi trả lời' }).click();
  await item.locator('[data-status="answered"]').waitFor();
  await shot(district, 'recommendations', testInfo);
  await expectAccessible(district, testInfo, 'recommendations');
  await unit.goto(`${baseUrl()}/units/${ENTRY_UNIT}/recommendations`);
  const mine = unit.locator('#outgoing li', { hasText: 'nhãn hiệu mật ong' });
  await mine.getByRole('button', { name: /Đóng kiến nghị/ }).click();
  await mine.locator('[data-status="closed"]').waitFor();
});
