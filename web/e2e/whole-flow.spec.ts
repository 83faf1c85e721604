// A resolution run from the browser, start to finish, each step by the person who does it (issue
// #20, "What must show"): Bình Đại's manager creates a resolution with a goal and a target in the
// economy field and gives a duty serving the target to all the district's communes open today
// (0/N, N the count the form announced); creates two commune editors and grants them their
// commune; the first editor finds the duty in the inbox and enters the evidence while the
// manager's duty page turns to 1/N without a reload; the manager reminds the rest and the
// reminder reaches the second commune's inbox, not the first; the committee member in charge of
// the economy finds the duty on her dashboard; the audit lists each change with who made it.
// Every screen passes axe, at desktop and phone width.
import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { baseUrl, expect, isoInDays, pickUnit, test, useServer } from './fixtures';
import { BROWSER, type Credentials, LEADER } from './users';

useServer();

const DISTRICT = 'binh-dai';
const DEMO_PASSWORD = 'nqtrack-demo-2021';
const MANAGER: Credentials = { login: process.env.NQ_UI_BD_MANAGER_LOGIN ?? 'binh-dai.manager', password: process.env.NQ_UI_BD_MANAGER_PASSWORD ?? DEMO_PASSWORD };
const PASSWORD = 'mat-khau-xa-2026-moi';
// The two communes whose editors the manager creates: the first reports, the second is reminded.
const COMMUNES = [
  { unit: 'binh-dai-thoi-lai', search: 'thoi lai', short: 'Thới Lai', name: 'Trần Văn Lợi' },
  { unit: 'binh-dai-phu-vang', search: 'phu vang', short: 'Phú Vang', name: 'Lê Thị Ngọc' },
] as const;

const login = (commune: (typeof COMMUNES)[number], project: string) => `${commune.unit.slice('binh-dai-'.length)}.nl-${project}`;
const editor = (i: 0 | 1, project: string): Credentials => ({ login: login(COMMUNES[i], project), password: PASSWORD });

const TITLE = 'Tổ chức hội nghị triển khai nghị quyết về kinh tế số';
let dutyUrl = '';
let dutyCode = '';
let reach = 0;

const fraction = (page: Page) => page.locator('.obligation-summary .big-fraction');

test('the manager creates a resolution, a target in the economy field and a duty for every commune open today: 0/N', async ({ signIn }, testInfo) => {
  const project = testInfo.project.name;
  const page = await signIn(MANAGER);
  await page.goto(`${baseUrl()}/units/${DISTRICT}`);
  await page.getByRole('link', { name: 'Thêm văn bản' }).click();
  await page.waitForURL(`${baseUrl()}/documents/new?unit=${DISTRICT}`);
  const doc = page.locator('[data-document-form]');
  await expect(doc.getByLabel('Cấp ban hành').locator('option:checked')).toContainText('Bình Đại');
  await doc.getByLabel('Tiêu đề').fill(`Nghị quyết về phát triển kinh tế số huyện Bình Đại (${project})`);
  await doc.getByLabel('Loại văn bản').selectOption('resolution');
  await doc.getByLabel('Mã văn bản').fill(`nq-kinh-te-so-${project}`);
  await doc.getByLabel('Số hiệu').fill('09-NQ/HU');
  await doc.getByLabel('Từ kỳ').fill('2026');
  await doc.getByLabel('Đến kỳ').fill('2030');
  await expectAccessible(page, testInfo, 'flow-document-form');
  await doc.getByRole('button', { name: 'Tạo văn bản' }).click();
  await page.waitForURL(/\/documents\/\d+\/edit$/);
  await page.getByText('Đã tạo văn bản.').waitFor();

  // A goal, and a target under it, both in the economy field.
  const form = page.locator('[data-item-form="new"]');
  await form.getByLabel('Loại mục').selectOption('goal');
  await form.getByLabel('Mã mục').fill('MT-1');
  await form.getByLabel('Nội dung').fill('Phát triển kinh tế số');
  await form.getByLabel('Lĩnh vực').selectOption({ label: 'Kinh tế' });
  await form.getByRole('button', { name: 'Lưu mục' }).click();
  await page.locator('[data-setup-item="MT-1"]').waitFor();
  await form.getByLabel('Thuộc mục').selectOption({ label: 'MT-1 Phát triển kinh tế số' });
  await form.getByLabel('Loại mục').selectOption('target');
  await form.getByLabel('Mã mục').fill('CT-1');
  await form.getByLabel('Nội dung').fill('Tỷ lệ hộ dân có tài khoản thanh toán điện tử');
  await expect(form.getByLabel('Lĩnh vực').locator('option:checked'), 'the field is kept for the next item').toHaveText('Kinh tế');
  await form.getByLabel('Chỉ số đo').selectOption({ index: 1 });
  await form.getByLabel('Giá trị xuất phát').fill('40');
  await form.getByLabel('Mục tiêu').fill('80');
  await form.getByLabel('Kỳ hạn').fill('2030');
  await form.getByRole('button', { name: 'Lưu mục' }).click();
  await page.locator('[data-setup-item="CT-1"]').waitFor();
  await expectAccessible(page, testInfo, 'flow-items');
  // Saved with its field: the edit form shows it back after a reload.
  await page.reload();
  await page.locator('[data-setup-item="CT-1"]').getByRole('button', { name: /^Sửa mục/ }).click();
  await expect(page.locator('[data-item-form="CT-1"]').getByLabel('Lĩnh vực').locator('option:checked')).toHaveText('Kinh tế');

  // The duty serving the target, for the communes open in the district today.
  await page.getByRole('link', { name: 'Giao nhiệm vụ thực hiện “Tỷ lệ hộ dân có tài khoản thanh toán điện tử”' }).click();
  await page.waitForURL(/\/obligations\/new\?unit=\d+&item=\d+$/);
  await page.getByRole('heading', { level: 1, name: 'Giao nhiệm vụ mới' }).waitFor();
  const duty = page.locator('[data-obligation-form]');
  await expect(duty.locator('[data-serves]')).toContainText('CT-1 Tỷ lệ hộ dân có tài khoản thanh toán điện tử');
  dutyCode = `trien-khai-kinh-te-so-${project}`;
  await duty.getByLabel('Tên nhiệm vụ').fill(TITLE);
  await duty.getByLabel('Mã nhiệm vụ').fill(dutyCode);
  await expect(duty.getByLabel('Ngày giao')).toHaveValue(isoInDays(0));
  await duty.getByLabel('Hạn hoàn thành').fill(isoInDays(30));
  await duty.getByLabel('Đảng bộ xã, thị trấn').check();
  await duty.getByLabel('Đơn vị trực thuộc').check();
  const line = duty.locator('.reach-line');
  await expect(line).toHaveText(/^Sẽ giao cho (\d+) đơn vị \(\1 đảng bộ xã, thị trấn\)$/);
  reach = Number(await line.getAttribute('data-reach'));
  // What the server counts: the district's communes open today, each of them.
  const open = await page.evaluate(async () =>
    ((await (await fetch('/api/v1/units/binh-dai')).json()) as { children: { kind_id: number }[] }).children);
  const communeKind = await duty.getByLabel('Đảng bộ xã, thị trấn').getAttribute('value');
  expect(reach).toBeGreaterThan(1);
  expect(reach, 'every commune open today').toBe(open.filter((u) => String(u.kind_id) === communeKind).length);
  await expectAccessible(page, testInfo, 'flow-duty-form');
  await duty.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await page.waitForURL(/\/obligations\/\d+\?unit=binh-dai$/);
  dutyUrl = page.url();
  await expect(fraction(page)).toHaveText(`0/${reach}`);
  await expect(page.locator('table.assignments tbody tr')).toHaveCount(reach);
  await expectAccessible(page, testInfo, 'flow-duty');
});

test('the manager creates an editor for each of two communes and grants them their commune', async ({ signIn }, testInfo) => {
  const page = await signIn(MANAGER);
  for (const [i, commune] of COMMUNES.entries()) {
    const who = login(commune, testInfo.project.name);
    await page.goto(`${baseUrl()}/people`);
    await page.locator('[data-people-list]').waitFor();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const form = page.locator('[data-new-user]');
    await form.getByLabel('Họ và tên').fill(commune.name);
    await form.getByLabel('Tên đăng nhập').fill(who);
    await form.getByLabel('Mật khẩu ban đầu').fill(PASSWORD);
    await form.getByLabel('Vai trò').selectOption({ label: 'Nhập liệu' });
    await pickUnit(form, 'Đơn vị', commune.search, commune.unit);
    if (i === 0) await expectAccessible(page, testInfo, 'flow-new-user');
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    await page.waitForURL(/\/people\/\d+$/);
    await page.getByText(`Đã tạo người dùng “${commune.name}”.`).waitFor();
    await expect(page.locator('[data-grants] li')).toHaveCount(1);
    await expect(page.locator('[data-grants] li')).toContainText(`Nhập liệu — ${commune.short}`);
    if (i === 0) await expectAccessible(page, testInfo, 'flow-user');
  }
});

test('the first commune finds the duty in its inbox and enters the evidence; the open duty page turns to 1/N', async ({ signIn }, testInfo) => {
  expect(dutyUrl, 'the duty of the first test').not.toBe('');
  const manager = await signIn(MANAGER);
  await manager.goto(dutyUrl);
  await expect(fraction(manager)).toHaveText(`0/${reach}`);

  const page = await signIn(editor(0, testInfo.project.name));
  await page.goto(`${baseUrl()}/inbox`);
  await page.getByRole('heading', { level: 1, name: 'Việc cần làm' }).waitFor();
  const item = page.locator('#duties [data-duty]').filter({ hasText: TITLE });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText(COMMUNES[0].short);
  await expectAccessible(page, testInfo, 'flow-inbox');
  await item.getByRole('link', { name: TITLE }).click();
  await page.waitForURL(/\/obligations\/\d+\?unit=binh-dai-thoi-lai$/);
  const row = page.locator(`table.assignments tbody tr[data-unit="${COMMUNES[0].unit}"]`);
  await row.getByRole('button', { name: `Báo cáo hoàn thành: ${COMMUNES[0].short}` }).click();
  const form = page.locator(`[data-evidence-form="${COMMUNES[0].unit}"]`);
  await form.waitFor();
  await form.getByLabel('Ngày hoàn thành').fill(isoInDays(0));
  await form.getByLabel('Số văn bản').fill('15-BC/ĐU');
  await form.getByLabel('Ngày văn bản').fill(isoInDays(0));
  await form.getByLabel('Thành phần 1').fill('cán bộ, đảng viên');
  await form.getByLabel('Số người 1').fill('42');
  await form.getByLabel('Ghi chú').fill('Hội nghị triển khai nghị quyết về kinh tế số');
  await expectAccessible(page, testInfo, 'flow-evidence-form');
  await form.getByRole('button', { name: 'Lưu hoàn thành' }).click();
  await page.locator('.notice-ok').getByText(`Đã ghi nhận hoàn thành cho ${COMMUNES[0].short}.`).waitFor();

  // The manager's page, open all along, follows without a reload.
  await expect(fraction(manager)).toHaveText(`1/${reach}`);
  await expectAccessible(manager, testInfo, 'flow-duty-done');
});

test('the manager reminds all the units not done; the reminder reaches the second commune, not the first', async ({ signIn }, testInfo) => {
  expect(dutyUrl, 'the duty of the first test').not.toBe('');
  const page = await signIn(MANAGER);
  await page.goto(dutyUrl);
  const panel = page.locator('[data-remind]');
  await panel.getByRole('heading', { name: 'Nhắc đơn vị chưa thực hiện' }).waitFor();
  await panel.getByRole('button', { name: `Nhắc tất cả ${reach - 1} đơn vị chưa thực hiện` }).click();
  await expect(panel.getByRole('status')).toHaveText(`Đã nhắc ${reach - 1} đơn vị.`);
  await expectAccessible(page, testInfo, 'flow-remind');

  const second = await signIn(editor(1, testInfo.project.name));
  await expect(second.locator('.topbar .inbox-link .unread-badge')).toHaveText('1 thông báo chưa đọc');
  await second.goto(`${baseUrl()}/inbox`);
  const notice = second.locator('#notices [data-notice]');
  await expect(notice).toHaveCount(1);
  await expect(notice).toContainText(`Đề nghị hoàn thành nhiệm vụ "${TITLE}"`);
  await expect(second.locator('#duties [data-duty]').filter({ hasText: TITLE })).toContainText(COMMUNES[1].short);
  await expectAccessible(second, testInfo, 'flow-reminded-inbox');

  // The commune that has reported is not reminded.
  const first = await signIn(editor(0, testInfo.project.name));
  await first.goto(`${baseUrl()}/inbox`);
  await first.getByRole('heading', { level: 1, name: 'Việc cần làm' }).waitFor();
  await expect(first.locator('#notices [data-notice]')).toHaveCount(0);
  await expect(first.locator('.topbar .inbox-link .unread-badge')).toHaveCount(0);
});

test("the leader in charge of the economy finds the duty among her field's duties", async ({ signIn }, testInfo) => {
  expect(dutyCode, 'the duty of the first test').not.toBe('');
  const page = await signIn(LEADER);
  await page.waitForURL(`${baseUrl()}/leader`);
  await page.getByRole('heading', { level: 1, name: 'Việc tôi phụ trách' }).waitFor();
  await expect(page.locator('[data-field="kinh-te"]')).toContainText('Kinh tế');
  const duty = page.locator(`#leader-duties .inbox-list > li[data-duty="${dutyCode}"]`);
  await expect(duty.locator('.inbox-title')).toHaveText(TITLE);
  await expect(duty).toContainText(`1/${reach} đơn vị đã hoàn thành`);
  // There because of its field: the target it serves is in the economy.
  const view = (await page.evaluate(() => fetch('/api/v1/views/leader').then((r) => r.json()))) as { duties: { code: string; field_code: string }[] };
  expect(view.duties.find((d) => d.code === dutyCode)?.field_code).toBe('kinh-te');
  await duty.locator('summary').click();
  await expect(duty.locator('.figure-list > li')).toHaveCount(reach - 1);
  await expect(duty.locator(`.figure-list > li[data-unit="${COMMUNES[0].unit}"]`)).toHaveCount(0);
  await expectAccessible(page, testInfo, 'flow-leader');
});

test('the audit lists each change with who made it', async ({ signIn }, testInfo) => {
  const project = testInfo.project.name;
  const page = await signIn(MANAGER);
  await page.goto(`${baseUrl()}/audit`);
  await page.locator('[data-audit-rows]').waitFor();
  const filters = page.locator('[data-audit-filters]');
  const rows = page.locator('[data-audit-row]');
  const show = async (actor: string, entity: string) => {
    await filters.getByLabel('Người thực hiện (tên đăng nhập)').fill(actor);
    await filters.getByLabel('Loại dữ liệu').selectOption({ label: entity });
    await filters.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('actor') === actor);
    await rows.first().waitFor();
    for (const name of await rows.locator('.audit-row-head strong').allTextContents()) expect(name).toBe(actor);
  };
  const row = (action: string, entity: string, text: string) =>
    page.locator(`[data-audit-row][data-action="${action}"][data-entity="${entity}"]`).filter({ hasText: text });

  await show(MANAGER.login, 'Văn bản');
  await expect(row('create', 'document', `nq-kinh-te-so-${project}`)).toHaveCount(1);
  await expectAccessible(page, testInfo, 'flow-audit');
  await show(MANAGER.login, 'Mục văn bản');
  await expect(row('create', 'item', 'Tỷ lệ hộ dân có tài khoản thanh toán điện tử')).toHaveCount(1);
  await expect(row('create', 'item', 'Phát triển kinh tế số')).toHaveCount(1);
  await show(MANAGER.login, 'Nhiệm vụ');
  await expect(row('create', 'obligation', dutyCode)).toHaveCount(1);
  await show(MANAGER.login, 'Người dùng');
  for (const commune of COMMUNES) await expect(row('grant', 'user', commune.short).locator('[data-change="role"]')).toHaveText(['role: editor']);
  await show(MANAGER.login, 'Lời nhắc, thông báo');
  await expect(row('create', 'notice', TITLE)).toHaveCount(reach - 1);
  await show(editor(0, project).login, 'Nhiệm vụ của đơn vị');
  await expect(row('update', 'assignment', '15-BC/ĐU')).toHaveCount(1);
  await expectAccessible(page, testInfo, 'flow-audit-evidence');

  // A new user belongs to no unit until granted one: their creation is in the administrator's
  // audit (all rows), with the manager who made them.
  const admin = await signIn(BROWSER);
  await admin.goto(`${baseUrl()}/audit?actor=${MANAGER.login}&entity=user`);
  for (const commune of COMMUNES) {
    await expect(admin.locator('[data-audit-row][data-action="create"][data-entity="user"]').filter({ hasText: login(commune, project) })).toHaveCount(1);
  }
  for (const name of await admin.locator('[data-audit-row] .audit-row-head strong').allTextContents()) expect(name).toBe(MANAGER.login);
});
