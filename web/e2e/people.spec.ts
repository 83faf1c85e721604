// People and rights, and the audit, as the people who use them: an administrator creates a
// commune editor with a role and finds them; a district's manager tries to grant more than they
// hold and is refused at the role field, nothing written; API tokens made (the secret shown
// once, working at once) and revoked (refused at once); a locked sign-in released; the audit
// filtered, showing each change as "field: old → new" and the refused attempt, and downloaded as
// CSV. Each screen passes axe; the README's pictures come from here.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { allowConsoleError, baseUrl, expect, pickUnit, shot, test, useServer } from './fixtures';
import { BROWSER, MANAGER } from './users';

useServer();

const PASSWORD = 'mat-khau-ban-dau-2026';

async function openUser(page: Page, login: string): Promise<void> {
  await page.goto(`${baseUrl()}/people?q=${encodeURIComponent(login)}`);
  await page.locator(`[data-user="${login}"]`).getByRole('link').click();
  await page.waitForURL(/\/people\/\d+$/);
}

test('an administrator creates a commune editor with a role over the commune and finds them', async ({ signIn }, testInfo) => {
  const login = `lung-cao.vp-${testInfo.project.name}`;
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units`);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Người dùng' }).click();
  await page.getByRole('heading', { level: 1, name: 'Người dùng và phân quyền' }).waitFor();
  await page.locator('[data-people-list]').waitFor();
  await expectAccessible(page, testInfo, 'people');
  await page.getByRole('button', { name: 'Thêm người dùng' }).click();
  const form = page.locator('[data-new-user]');
  // Checked before anything is sent.
  await form.getByRole('button', { name: 'Tạo người dùng' }).click();
  await expect(form.locator('[data-field-error="name"]')).toHaveText('Không được để trống');
  await expect(form.getByLabel('Họ và tên')).toBeFocused();
  await form.getByLabel('Họ và tên').fill('Lò Thị Hiền');
  await form.getByLabel('Tên đăng nhập').fill('Lò Hiền');
  await form.getByLabel('Thư điện tử').fill('hien.lo@lungcao.bathuoc.vn');
  await form.getByLabel('Mật khẩu ban đầu').fill('ngắn');
  await form.getByLabel('Vai trò').selectOption({ label: 'Nhập liệu' });
  await pickUnit(form, 'Đơn vị', 'lung cao', 'ba-thuoc-lung-cao');
  await form.getByRole('button', { name: 'Tạo người dùng' }).click();
  await expect(form.locator('[data-field-error="login"]')).toContainText('chữ thường không dấu');
  await expect(form.locator('[data-field-error="password"]')).toHaveText('Mật khẩu cần ít nhất 12 ký tự');
  await form.getByLabel('Tên đăng nhập').fill(login);
  await form.getByLabel('Mật khẩu ban đầu').fill(PASSWORD);
  await expectAccessible(page, testInfo, 'people-new');
  await form.getByRole('button', { name: 'Tạo người dùng' }).click();
  await page.waitForURL(/\/people\/\d+$/);
  await page.getByText('Đã tạo người dùng “Lò Thị Hiền”.').waitFor();
  await expect(page.locator('[data-grants] li')).toHaveCount(1);
  await expect(page.locator('[data-grants] li')).toContainText('Nhập liệu — Lũng Cao');
  await expectAccessible(page, testInfo, 'user');
  await shot(page, 'user-desktop', testInfo);
  await shot(page, 'user-phone', testInfo, 'phone');
  // Found in the list by a part of the name, without diacritics.
  await page.getByRole('link', { name: 'Danh sách người dùng' }).click();
  await page.getByLabel('Tìm người dùng').fill('hien');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(page.locator(`[data-user="${login}"]`)).toContainText('Nhập liệu · Lũng Cao');
  await shot(page, 'people-desktop', testInfo);
  await shot(page, 'people-phone', testInfo, 'phone');
  // The new editor signs in and enters data for Lũng Cao.
  const response = await fetch(`${baseUrl()}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const session = await response.json() as { user: { grants: { role: string }[] } };
  expect(session.user.grants.map((g) => g.role)).toEqual(['editor']);
});

test('a manager cannot grant above their own role: refused at the role field, nothing written', async ({ signIn }, testInfo) => {
  const page = await signIn(MANAGER);
  // The manager sees the users of Bá Thước only.
  await page.goto(`${baseUrl()}/people`);
  await page.locator('[data-people-list]').waitFor();
  await expect(page.locator('[data-user="ba-thuoc.editor"]')).toHaveCount(1);
  await expect(page.locator('[data-user="thanh-son.manager"]')).toHaveCount(0);
  await openUser(page, 'ba-thuoc.editor');
  const grants = page.locator('[data-grants] li');
  await grants.first().waitFor();
  const before = await grants.count();
  const form = page.locator('[data-grant-form]');
  await form.getByLabel('Vai trò').selectOption({ label: 'Quản trị' });
  await pickUnit(form, 'Đơn vị', 'lung cao', 'ba-thuoc-lung-cao');
  allowConsoleError(/status of 403/, /\/api\/v1\/users\/\d+\/grants$/);
  await form.getByRole('button', { name: 'Cấp quyền' }).click();
  await expect(form.locator('[data-field-error="role"]')).toHaveText('Vai trò này cao hơn vai trò bạn đang giữ tại đơn vị đó: bạn không cấp được. Không có gì được ghi.');
  await expect(form.getByLabel('Vai trò')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, testInfo, 'user-grant-refused');
  await shot(page.locator('#user-grants'), 'grant-refused', testInfo);
  await page.reload();
  await page.locator('[data-grants]').waitFor();
  await expect(grants, 'nothing was written').toHaveCount(before);
  // A role they hold is given.
  await form.getByLabel('Vai trò').selectOption({ label: 'Xem' });
  await pickUnit(form, 'Đơn vị', 'lung cao', 'ba-thuoc-lung-cao');
  await form.getByRole('button', { name: 'Cấp quyền' }).click();
  await page.getByText(/^Đã cấp quyền Xem tại Lũng Cao/).waitFor();
  await expect(grants).toHaveCount(before + 1);
  // A new user above their role: refused at the role, and no such user.
  await page.goto(`${baseUrl()}/people`);
  await page.getByRole('button', { name: 'Thêm người dùng' }).click();
  const add = page.locator('[data-new-user]');
  const login = `qt-${testInfo.project.name}`;
  await add.getByLabel('Họ và tên').fill('Người quản trị');
  await add.getByLabel('Tên đăng nhập').fill(login);
  await add.getByLabel('Mật khẩu ban đầu').fill(PASSWORD);
  await add.getByLabel('Vai trò').selectOption({ label: 'Quản trị' });
  await pickUnit(add, 'Đơn vị', 'ba thuoc', 'ba-thuoc');
  allowConsoleError(/status of 403/, /\/api\/v1\/users$/);
  await add.getByRole('button', { name: 'Tạo người dùng' }).click();
  await expect(add.locator('[data-field-error="role"]')).toContainText('cao hơn vai trò bạn đang giữ');
  await expect(add.getByLabel('Họ và tên'), 'what was typed is kept').toHaveValue('Người quản trị');
  const users = await page.evaluate(async (q) => (await fetch(`/api/v1/users?q=${q}`)).json(), login) as { count: number };
  expect(users.count).toBe(0);
});

test('someone else changed the user first (412): the latest is offered, what was typed kept', async ({ signIn }) => {
  const mine = await signIn(BROWSER);
  const theirs = await signIn(BROWSER);
  for (const page of [mine, theirs]) await openUser(page, 'ba-thuoc.reviewer');
  const a = mine.locator('[data-user-form]');
  const b = theirs.locator('[data-user-form]');
  await b.getByLabel('Thư điện tử').fill('hung.truong@bathuoc.vn');
  await b.getByRole('button', { name: 'Lưu thông tin' }).click();
  await b.getByText('Đã lưu thông tin người dùng.').waitFor();
  await a.getByLabel('Họ và tên').fill('Trương Văn Hùng (Phó Văn phòng)');
  allowConsoleError(/status of 412/, /\/api\/v1\/users\/\d+$/);
  await a.getByRole('button', { name: 'Lưu thông tin' }).click();
  const stale = a.locator('[data-stale]');
  await expect(stale).toContainText('Người khác vừa sửa nội dung này.');
  await stale.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await a.getByText('Đã tải bản mới nhất').waitFor();
  await expect(a.getByLabel('Họ và tên'), 'what was typed is kept').toHaveValue('Trương Văn Hùng (Phó Văn phòng)');
  await expect(a.getByLabel('Thư điện tử'), "the other's change is loaded").toHaveValue('hung.truong@bathuoc.vn');
  await a.getByRole('button', { name: 'Lưu thông tin' }).click();
  await a.getByText('Đã lưu thông tin người dùng.').waitFor();
  await mine.reload();
  await expect(mine.getByLabel('Họ và tên')).toHaveValue('Trương Văn Hùng (Phó Văn phòng)');
  await expect(mine.getByLabel('Thư điện tử')).toHaveValue('hung.truong@bathuoc.vn');
});

test('an API token: made and shown once, working at once; revoked, refused at once', async ({ signIn }, testInfo) => {
  const page = await signIn(BROWSER);
  await openUser(page, 'ba-thuoc.viewer');
  const form = page.locator('[data-token-form]');
  const name = `Kho dữ liệu tỉnh ${testInfo.project.name}`;
  await form.getByRole('button', { name: 'Tạo mã API' }).click();
  await expect(form.locator('[data-field-error="name"]')).toHaveText('Không được để trống');
  await form.getByLabel('Tên hệ thống dùng mã').fill(name);
  await form.getByRole('button', { name: 'Tạo mã API' }).click();
  const secret = page.locator('[data-token-secret] code');
  await expect(secret).toHaveText(/^nqt_/);
  const token = (await secret.textContent())!;
  const asToken = () => fetch(`${baseUrl()}/api/v1/session`, { headers: { Authorization: `Bearer ${token}` } });
  expect((await asToken()).status).toBe(200);
  await expectAccessible(page, testInfo, 'user-tokens');
  const row = page.locator(`[data-token="${name}"]`);
  await row.getByRole('button', { name: `Thu hồi mã API “${name}”` }).click();
  await page.getByText(`Đã thu hồi mã API “${name}”.`).waitFor();
  await expect(row).toContainText('Đã thu hồi');
  expect((await asToken()).status).toBe(401);
  // Once shown, never again: reloaded, the page lists the token without its secret.
  await page.reload();
  await expect(page.locator(`[data-token="${name}"]`)).toContainText('Đã thu hồi');
  await expect(page.locator('[data-token-secret]')).toHaveCount(0);
});

test('a locked sign-in is released by an administrator', async ({ signIn }, testInfo) => {
  const login = 'lung-cao.viewer';
  const attempt = (password: string) => fetch(`${baseUrl()}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }),
  });
  // Wrong passwords until the account is locked for this address.
  let status = 0;
  for (let i = 0; i < 12 && status !== 429; i++) status = (await attempt(`sai-mat-khau-${i}`)).status;
  expect(status).toBe(429);
  expect((await attempt('nqtrack-demo-2021')).status, 'locked even with the right password').toBe(429);
  const page = await signIn(BROWSER);
  await openUser(page, login);
  await page.getByRole('button', { name: 'Mở khóa đăng nhập' }).click();
  await page.getByText('Đã mở khóa đăng nhập.').waitFor();
  await expectAccessible(page, testInfo, 'user-unlock');
  expect((await attempt('nqtrack-demo-2021')).status).toBe(200);
});

test('the audit: filtered by person and data, each change as old → new, refused attempts, CSV', async ({ signIn }, testInfo) => {
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units`);
  await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Nhật ký' }).click();
  await page.getByRole('heading', { level: 1, name: 'Nhật ký thay đổi' }).waitFor();
  await page.locator('[data-audit-rows]').waitFor();
  await expectAccessible(page, testInfo, 'audit');
  const filters = page.locator('[data-audit-filters]');
  await filters.getByLabel('Người thực hiện (tên đăng nhập)').fill('admin');
  await filters.getByLabel('Loại dữ liệu').selectOption({ label: 'Người dùng' });
  await filters.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL(/actor=admin/);
  // The user created in the first test, with what it was given.
  const created = page.locator('[data-audit-row][data-action="create"][data-entity="user"]').filter({ hasText: `lung-cao.vp-${testInfo.project.name}` });
  await expect(created).toHaveCount(1);
  await expect(created.locator('[data-change="name"]')).toHaveText('name: Lò Thị Hiền');
  const rows = page.locator('[data-audit-row]');
  for (const actor of await rows.locator('.audit-row-head strong').allTextContents()) expect(actor).toBe('admin');
  await shot(page, 'audit-desktop', testInfo);
  await shot(page, 'audit-phone', testInfo, 'phone');
  // The CSV of the same rows: UTF-8 with a byte order mark, the rows' ids in the same order.
  const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-audit-row')));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải CSV' }).click()]);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8').slice(1);
  expect(text.startsWith('id,at,actor,address,action,entity,')).toBe(true);
  const csvIds = text.split('\r\n').slice(1).filter((l) => /^\d+,/.test(l)).map((l) => l.split(',')[0]);
  expect(csvIds).toEqual(ids);
  expect(text).toContain(`lung-cao.vp-${testInfo.project.name}`);
  await page.getByText('Đã tải audit.csv.').waitFor();
  // The refused attempts: the manager's role above their own, shown to the administrator.
  await filters.getByRole('button', { name: 'Bỏ lọc' }).click();
  await filters.getByLabel('Chỉ các lần bị từ chối').check();
  await filters.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL(/action=denied/);
  const denied = page.locator('[data-audit-row][data-action="denied"]').filter({ hasText: 'ba-thuoc.manager' });
  await expect(denied.first()).toContainText('administrator');
  await expectAccessible(page, testInfo, 'audit-denied');
  // Older rows page by page, newest first, none twice.
  await filters.getByRole('button', { name: 'Bỏ lọc' }).click();
  await expect(rows).toHaveCount(50);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await expect(rows).toHaveCount(100);
  const all = (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-audit-row')))));
  expect(all).toEqual([...all].sort((x, y) => y - x));
  expect(new Set(all).size).toBe(100);
});

test('a manager reads the audit of their district only, without the refused attempts', async ({ signIn }, testInfo) => {
  const page = await signIn(MANAGER);
  await page.goto(`${baseUrl()}/audit`);
  await page.locator('[data-audit-rows]').waitFor();
  await expect(page.getByLabel('Chỉ các lần bị từ chối')).toHaveCount(0);
  await expect(page.locator('[data-audit-row][data-action="denied"]')).toHaveCount(0);
  // The role they gave in Lũng Cao is there, with the unit.
  await pickUnit(page.locator('[data-audit-filters]'), 'Đơn vị (cả trực thuộc)', 'lung cao', 'ba-thuoc-lung-cao');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL(/unit_id=\d+/);
  const given = page.locator('[data-audit-row][data-action="grant"]').filter({ hasText: 'ba-thuoc.manager' });
  await expect(given.first()).toContainText('Lũng Cao');
  await expect(given.first().locator('[data-change="role"]')).toHaveText('role: viewer');
  // The creation of the Lũng Cao editor (with a role over Lũng Cao) is the commune's row too.
  await expect(page.locator('[data-audit-row][data-action="create"][data-entity="user"]')
    .filter({ hasText: `lung-cao.vp-${testInfo.project.name}` })).toHaveCount(1);
  await expectAccessible(page, testInfo, 'audit-manager');
});
