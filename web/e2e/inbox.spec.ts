// Duties given and followed up (issue #20): a province manager gives a duty to all its communes
// (the live count before saving, 0/N after), reminds the units not done (some ticked, then all),
// and a commune's user sees the reminders in "Việc cần làm" with the unread badge in the header,
// opens one, and the badge drops without a reload. The demo's tree is the one after the 2025
// reform (districts dissolved, Thanh Hóa's new communes directly under the province): the
// province manager and the commune user are made through the API before the first test.
import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { adminApi } from './admin-api';
import { allowConsoleError, baseUrl, expect, isoInDays, shot, test, useServer } from './fixtures';
import type { Credentials } from './users';

useServer();

const PASSWORD = 'nqtrack-e2e-2026';
const MANAGER: Credentials = { login: 'thanh-hoa.manager', password: PASSWORD };
const COMMUNE: Credentials = { login: 'co-lung.editor', password: PASSWORD };
const PROVINCE = 'thanh-hoa';
const COMMUNE_UNIT = 'thanh-hoa-co-lung';
const CLOSED_COMMUNE: Credentials = { login: 'lung-cao.editor', password: 'nqtrack-demo-2021' };

test.beforeAll(async () => {
  const api = await adminApi();
  const province = await api<{ id: number }>('GET', `units/${PROVINCE}`);
  const commune = await api<{ id: number }>('GET', `units/${COMMUNE_UNIT}`);
  for (const [who, role, unit, name] of [
    [MANAGER, 'manager', province.id, 'Quản lý Tỉnh ủy Thanh Hóa'],
    [COMMUNE, 'editor', commune.id, 'Nhập liệu Đảng ủy xã Cổ Lũng'],
  ] as const) {
    const user = await api<{ id: number }>('POST', 'users', { login: who.login, name, password: who.password });
    await api('POST', `users/${user.id}/grants`, { role, unit_id: unit, subtree: true });
  }
});

const badge = (page: Page) => page.locator('.topbar .inbox-link');
let dutyUrl = '';

test('a manager gives a duty to all the communes: the live count before saving, errors at their field, 0/N after', async ({ signIn }, testInfo) => {
  const page = await signIn(MANAGER);
  await page.goto(`${baseUrl()}/units/${PROVINCE}`);
  await page.getByRole('link', { name: 'Giao nhiệm vụ mới' }).click();
  await page.waitForURL(/\/obligations\/new\?unit=thanh-hoa$/);
  const form = page.locator('[data-obligation-form]');
  await page.getByRole('heading', { level: 1, name: 'Giao nhiệm vụ mới' }).waitFor();
  await expect(form.locator('.reach-line')).toHaveText('Chưa có đơn vị nào thuộc diện: hãy chọn loại đơn vị và phạm vi.');
  // No district is left under the province since the 2025 reform: only the kinds found are offered.
  await expect(form.getByLabel('Đảng bộ huyện')).toHaveCount(0);
  // Nothing typed: checked before anything is sent.
  await form.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await expect(form.locator('[data-field-error="title"]')).toHaveText('Không được để trống');
  await expect(form.locator('[data-field-error="kind_ids"]')).toHaveText('Chọn ít nhất một loại đơn vị');
  await expectAccessible(page, testInfo, 'duty-form-errors');

  await form.getByLabel('Tên nhiệm vụ').fill('Tổ chức hội nghị quán triệt Nghị quyết Đại hội XX');
  await form.getByLabel('Mã nhiệm vụ').fill(`quan-triet-${testInfo.project.name}`);
  await form.getByLabel('Hạn hoàn thành').fill(isoInDays(30));
  await form.getByLabel('Đảng bộ xã, thị trấn').check();
  await expect(form.locator('.reach-line')).toHaveText('Sẽ giao cho 7 đơn vị (7 đảng bộ xã, thị trấn)');
  await expect(form.getByRole('alert')).toHaveCount(0);
  // Every level below, agencies too: the count follows.
  await form.getByLabel('Đảng bộ, chi bộ cơ quan, doanh nghiệp').check();
  await form.getByLabel('Mọi cấp trong cây đơn vị').check();
  await expect(form.locator('.reach-line')).toHaveText(/^Sẽ giao cho 29 đơn vị \(/);
  await form.getByLabel('Đảng bộ, chi bộ cơ quan, doanh nghiệp').uncheck();
  await form.getByLabel('Đơn vị trực thuộc').check();
  await expect(form.locator('.reach-line')).toHaveText('Sẽ giao cho 7 đơn vị (7 đảng bộ xã, thị trấn)');
  await expectAccessible(page, testInfo, 'duty-form');
  await shot(page, 'duty-new', testInfo);
  await shot(page, 'duty-new-phone', testInfo, 'phone');

  // A code in use: the server's refusal shows at the code.
  allowConsoleError(/status of 409/, /\/api\/v1\/obligations$/);
  await form.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await page.waitForURL(/\/obligations\/\d+\?unit=thanh-hoa$/);
  dutyUrl = page.url();
  await expect(page.locator('.obligation-summary .big-fraction')).toHaveText('0/7');
  await page.goBack();
  await page.waitForURL(/\/obligations\/new/);
  const again = page.locator('[data-obligation-form]');
  await again.getByLabel('Tên nhiệm vụ').fill('Trùng mã');
  await again.getByLabel('Mã nhiệm vụ').fill(`quan-triet-${testInfo.project.name}`);
  await again.getByLabel('Hạn hoàn thành').fill(isoInDays(30));
  await again.getByLabel('Đảng bộ xã, thị trấn').check();
  await again.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await expect(again.locator('[data-field-error="code"]')).toBeVisible();
  await expect(page).toHaveURL(/\/obligations\/new/);
});

test('the manager reminds the units not done: the ones ticked, then all; a refusal is shown', async ({ signIn }, testInfo) => {
  expect(dutyUrl, 'the duty of the previous test').not.toBe('');
  const page = await signIn(MANAGER);
  await page.goto(dutyUrl);
  const panel = page.locator('[data-remind]');
  await panel.getByRole('heading', { name: 'Nhắc đơn vị chưa thực hiện' }).waitFor();
  await page.getByLabel('Chọn Cổ Lũng để nhắc').check();
  await panel.getByRole('button', { name: 'Nhắc 1 đơn vị đã chọn' }).click();
  await expect(panel.getByRole('status')).toHaveText('Đã nhắc 1 đơn vị.');
  await expect(page.getByLabel('Chọn Cổ Lũng để nhắc')).not.toBeChecked();
  await expectAccessible(page, testInfo, 'duty-remind');
  await shot(page, 'duty-remind', testInfo);

  // The server's problem+json detail, as it says it.
  allowConsoleError(/status of 403/, /\/reminders$/);
  await page.route('**/api/v1/obligations/*/reminders', (route) => route.fulfill({
    status: 403,
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', detail: 'Không có quyền quản lý đơn vị ban hành' }),
  }));
  await panel.getByRole('button', { name: 'Nhắc tất cả 7 đơn vị chưa thực hiện' }).click();
  await expect(panel.getByRole('alert')).toContainText('Không gửi được lời nhắc. Không có quyền quản lý đơn vị ban hành');
  await page.unroute('**/api/v1/obligations/*/reminders');
  await panel.getByRole('button', { name: 'Nhắc tất cả 7 đơn vị chưa thực hiện' }).click();
  await expect(panel.getByRole('status')).toHaveText('Đã nhắc 7 đơn vị.');
});

test('the commune sees the reminders in its inbox with the unread badge; opening one marks it read and the badge drops', async ({ signIn }, testInfo) => {
  expect(dutyUrl, 'the duty of the first test').not.toBe('');
  const page = await signIn(COMMUNE);
  // Reminded twice (ticked, then all): two unread notices on every screen.
  await expect(badge(page).locator('.unread-badge')).toHaveText('2 thông báo chưa đọc');
  await expect(badge(page)).toHaveAccessibleName('Việc cần làm 2 thông báo chưa đọc');
  await badge(page).click();
  await page.getByRole('heading', { level: 1, name: 'Việc cần làm' }).waitFor();
  const notices = page.locator('#notices [data-notice]');
  await expect(notices).toHaveCount(2);
  await expect(page.locator('#notices [data-unread]')).toHaveCount(2);
  await expect(notices.first()).toContainText('Đề nghị hoàn thành nhiệm vụ "Tổ chức hội nghị quán triệt');
  await expect(page.locator('#duties [data-duty]')).toContainText(['Tổ chức hội nghị quán triệt Nghị quyết Đại hội XX']);
  await expect(page.locator('#duties [data-duty]').first()).toContainText('Cổ Lũng');
  await expectAccessible(page, testInfo, 'inbox');
  await shot(page, 'inbox', testInfo);
  await shot(page, 'inbox-phone', testInfo, 'phone');

  // Opening a notice: read, and on to its duty, where the commune may not remind anyone.
  await notices.first().getByRole('button').click();
  await page.waitForURL(/\/obligations\/\d+/);
  await expect(badge(page).locator('.unread-badge')).toHaveText('1 thông báo chưa đọc');
  await expect(page.locator('[data-remind]')).toHaveCount(0);
  await expect(page.getByLabel('Chọn Cổ Lũng để nhắc')).toHaveCount(0);
  await page.goBack();
  await expect(page.locator('#notices [data-unread]')).toHaveCount(1);
  await page.locator('#notices [data-unread]').getByRole('button').click();
  await page.waitForURL(/\/obligations\/\d+/);
  await expect(badge(page).locator('.unread-badge')).toHaveCount(0);
  await expect(badge(page)).toHaveAccessibleName('Việc cần làm');
});

test('a new reminder reaches an open inbox without a reload', async ({ signIn }) => {
  const page = await signIn(COMMUNE);
  await page.goto(`${baseUrl()}/inbox`);
  await page.getByRole('heading', { level: 1, name: 'Việc cần làm' }).waitFor();
  await expect(badge(page).locator('.unread-badge')).toHaveCount(0);
  const manager = await signIn(MANAGER);
  await manager.goto(dutyUrl);
  await manager.getByLabel('Chọn Cổ Lũng để nhắc').check();
  await manager.locator('[data-remind]').getByRole('button', { name: 'Nhắc 1 đơn vị đã chọn' }).click();
  await expect(manager.locator('[data-remind]').getByRole('status')).toHaveText('Đã nhắc 1 đơn vị.');
  await expect(badge(page).locator('.unread-badge')).toHaveText('1 thông báo chưa đọc');
  await expect(page.locator('#notices [data-unread]')).toHaveCount(1);
});

test('an inbox with nothing to do says so; no giving duties without the right', async ({ signIn }, testInfo) => {
  // Lũng Cao merged into a new commune in 2025: its user's inbox is empty today.
  const page = await signIn(CLOSED_COMMUNE);
  await page.goto(`${baseUrl()}/inbox`);
  await expect(page.getByText('Không có việc gì cần làm')).toBeVisible();
  await expect(badge(page).locator('.unread-badge')).toHaveCount(0);
  await expectAccessible(page, testInfo, 'inbox-empty');
  // A commune's editor is no manager: no "new duty" on its unit's page.
  await page.goto(`${baseUrl()}/units/ba-thuoc-lung-cao`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expect(page.getByRole('link', { name: 'Giao nhiệm vụ mới' })).toHaveCount(0);
});
