// Tasks with a lead unit and coordinating units, and indicators with their roll-up rules (issue
// #20, set-up screens). Bình Đại's manager gives a task from an item of the district's resolution:
// picks the lead and a coordinating commune with the searchable picker, is stopped without a lead,
// and lands on the duty's page where each unit says "Chủ trì" or "Phối hợp". The administrator
// lists the indicators, creates one (each roll-up rule explained on the form; a code taken is
// refused at the code), edits it while someone else saved first (412: the latest version loaded,
// what was typed kept), and creates one from a target's form, coming back to the document. A
// district's manager reads the indicators and is offered no form. Desktop and phone, axe on each.
import { expectAccessible } from './a11y';
import { allowConsoleError, baseUrl, expect, isoInDays, shot, test, useServer } from './fixtures';
import { BROWSER, type Credentials, MANAGER } from './users';

useServer();

const DEMO_PASSWORD = 'nqtrack-demo-2021';
const BD_MANAGER: Credentials = {
  login: process.env.NQ_UI_BD_MANAGER_LOGIN ?? 'binh-dai.manager',
  password: process.env.NQ_UI_BD_MANAGER_PASSWORD ?? DEMO_PASSWORD,
};

test('the manager gives a task from an item: a lead and a coordinating commune, shown on the duty page', async ({ signIn }, testInfo) => {
  const project = testInfo.project.name;
  const page = await signIn(BD_MANAGER);
  await page.goto(`${baseUrl()}/units/binh-dai`);
  const documents = await page.evaluate(async () =>
    ((await (await fetch('/api/v1/documents')).json()) as { items: { id: number; code: string }[] }).items);
  const resolution = documents.find((d) => d.code === 'nq-hu-binh-dai-2021');
  expect(resolution, "Bình Đại's resolution in the demo").toBeDefined();
  await page.goto(`${baseUrl()}/documents/${resolution!.id}/edit`);
  const row = page.locator('[data-setup-item]').first();
  const itemTitle = (await row.locator('.setup-item-title').textContent())!.trim();
  await expectAccessible(page, testInfo, 'task-items');
  await row.getByRole('link', { name: `Giao chủ trì, phối hợp thực hiện “${itemTitle}”` }).click();
  await page.waitForURL(/\/tasks\/new\?unit=\d+&item=\d+$/);
  await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ có đơn vị chủ trì, phối hợp' }).waitFor();
  const form = page.locator('[data-task-form]');
  await expect(form.locator('[data-serves]')).toContainText(itemTitle);
  await expect(form.getByLabel('Tên nhiệm vụ'), 'the title starts as the item').toHaveValue(itemTitle);
  const title = `Xây dựng kế hoạch thực hiện: ${itemTitle}`;
  await form.getByLabel('Tên nhiệm vụ').fill(title);
  await form.getByLabel('Mã nhiệm vụ').fill(`nv-chu-tri-${project}`);
  await form.getByLabel('Hạn hoàn thành').fill(isoInDays(45));

  // No lead yet: checked before anything is sent.
  await form.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await expect(form.locator('[data-field-error="roles"]')).toHaveText('Chọn ít nhất một đơn vị chủ trì');
  await expect(form.locator('[data-picked]')).toHaveText('Chưa chọn đơn vị nào.');

  // The picker lists the district's subtree; the search ignores diacritics.
  const units = form.locator('[data-task-units]');
  await expect(units.locator('[data-unit="binh-dai"]'), 'the issuer itself may take part').toHaveCount(1);
  await units.getByLabel('Tìm đơn vị').fill('thoi lai');
  await expect(units.locator('li[data-unit]')).toHaveCount(1);
  await units.getByRole('radiogroup', { name: 'Vai trò của Thới Lai' }).getByLabel('Chủ trì').check();
  await units.getByLabel('Tìm đơn vị').fill('phu vang');
  await units.getByRole('radiogroup', { name: 'Vai trò của Phú Vang' }).getByLabel('Phối hợp').check();
  await expect(form.locator('[data-picked]')).toHaveText('Chủ trì: Thới Lai · Phối hợp: Phú Vang');
  // The units chosen stay listed whatever is searched.
  await units.getByLabel('Tìm đơn vị').fill('khong co don vi nay');
  await expect(units.getByText('Không có đơn vị nào khớp “khong co don vi nay”.')).toBeVisible();
  await expect(units.locator('li[data-unit]')).toHaveCount(2);
  await expect(form.locator('[data-field-error="roles"]')).toHaveCount(0);
  await expectAccessible(page, testInfo, 'task-form');
  await shot(page, 'task-new-desktop', testInfo);
  await shot(page, 'task-new-phone', testInfo, 'phone');

  // Saved, the duty's page: 0/2, and each unit's role.
  await form.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await page.waitForURL(/\/obligations\/\d+\?unit=binh-dai$/);
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await expect(page.locator('.obligation-summary .big-fraction')).toHaveText('0/2');
  await expect(page.locator('[data-roles]')).toHaveText('Chủ trì: Thới Lai. Phối hợp: Phú Vang.');
  await expect(page.locator('tr[data-unit="binh-dai-thoi-lai"] td[data-role]')).toHaveText('Chủ trì');
  await expect(page.locator('tr[data-unit="binh-dai-phu-vang"] td[data-role]')).toHaveText('Phối hợp');
  await expect(page.getByRole('columnheader', { name: 'Vai trò' })).toBeVisible();
  await expectAccessible(page, testInfo, 'task-duty');

  // The same code again is refused at the code, and nothing typed is lost.
  await page.goBack();
  await page.waitForURL(/\/tasks\/new/);
  const again = page.locator('[data-task-form]');
  await again.getByLabel('Mã nhiệm vụ').fill(`nv-chu-tri-${project}`);
  await again.getByLabel('Hạn hoàn thành').fill(isoInDays(45));
  await again.locator('[data-task-units]').getByLabel('Tìm đơn vị').fill('thoi lai');
  await again.getByRole('radiogroup', { name: 'Vai trò của Thới Lai' }).getByLabel('Chủ trì').check();
  allowConsoleError(/status of 409/, /\/api\/v1\/obligations$/);
  await again.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
  await expect(again.locator('[data-field-error="code"]')).toBeVisible();
  await expect(again.getByLabel('Mã nhiệm vụ')).toBeFocused();
  await expect(again.locator('[data-picked]')).toHaveText('Chủ trì: Thới Lai · Phối hợp: —');
});

test('the administrator lists the indicators and creates one, each roll-up rule explained; a code taken is refused at the code', async ({ signIn }, testInfo) => {
  const project = testInfo.project.name;
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/ba-thuoc`);
  await page.getByRole('navigation', { name: /./ }).getByRole('link', { name: 'Chỉ số' }).click();
  await page.waitForURL(`${baseUrl()}/indicators`);
  await page.getByRole('heading', { level: 1, name: 'Chỉ số và cách tổng hợp' }).waitFor();
  const rows = page.locator('tr[data-indicator]');
  await expect(rows.first()).toBeVisible();
  const taken = (await rows.first().getAttribute('data-indicator'))!;
  await page.getByLabel('Tìm chỉ số').fill(taken);
  await expect(page.locator(`tr[data-indicator="${taken}"]`)).toBeVisible();
  await expectAccessible(page, testInfo, 'indicators');
  await page.getByLabel('Tìm chỉ số').fill('');
  await shot(page, 'indicators-desktop', testInfo);
  await shot(page, 'indicators-phone', testInfo, 'phone');

  await page.getByRole('link', { name: 'Tạo chỉ số mới' }).click();
  await page.waitForURL(`${baseUrl()}/indicators/new`);
  const form = page.locator('[data-indicator-form]');
  await form.getByRole('button', { name: 'Tạo chỉ số' }).click();
  await expect(form.locator('[data-field-error="name"]')).toHaveText('Không được để trống');
  await expect(form.getByLabel('Tên chỉ số')).toBeFocused();
  // Every rule is offered with what it does.
  const units = form.locator('[data-rules="unit_aggregation"]');
  await expect(units.getByRole('radio')).toHaveCount(6);
  await expect(units).toContainText('Đếm các đơn vị trả lời “có”');
  await expect(form.locator('[data-rules="time_aggregation"]').getByRole('radio')).toHaveCount(3);
  await form.getByLabel('Tên chỉ số').fill(`Tỷ lệ chi bộ sinh hoạt chuyên đề (${project})`);
  await form.getByLabel('Mã chỉ số').fill(taken);
  await form.getByLabel('Đơn vị tính').fill('%');
  await form.getByLabel('Số chữ số thập phân').fill('1');
  await form.getByLabel('Kiểu giá trị').selectOption('percent');
  await form.getByLabel('Kỳ báo cáo').selectOption('half');
  await units.getByRole('radio', { name: /^Trung bình/ }).check();
  await form.locator('[data-rules="time_aggregation"]').getByRole('radio', { name: /^Lấy kỳ gần nhất/ }).check();
  // A computed indicator needs both sides.
  await form.getByLabel(/^Chỉ số tính từ hai chỉ số khác/).check();
  await form.getByRole('button', { name: 'Tạo chỉ số' }).click();
  await expect(form.locator('[data-field-error="numerator_id"]')).toHaveText('Không được để trống');
  await form.getByLabel(/^Chỉ số tính từ hai chỉ số khác/).uncheck();
  await expectAccessible(page, testInfo, 'indicator-form');
  await shot(page, 'indicator-form-desktop', testInfo);
  await shot(page, 'indicator-form-phone', testInfo, 'phone');
  allowConsoleError(/status of 409/, /\/api\/v1\/indicators$/);
  await form.getByRole('button', { name: 'Tạo chỉ số' }).click();
  await expect(form.locator('[data-field-error="code"]')).toBeVisible();
  await expect(form.getByLabel('Mã chỉ số')).toBeFocused();
  await expect(form.getByLabel('Đơn vị tính'), 'nothing typed is lost').toHaveValue('%');
  await form.getByLabel('Mã chỉ số').fill(`ty-le-chi-bo-chuyen-de-${project}`);
  await form.getByRole('button', { name: 'Tạo chỉ số' }).click();
  await page.waitForURL(/\/indicators\/\d+$/);
  await page.getByText('Đã tạo chỉ số.').waitFor();
  const saved = page.locator('[data-indicator-form]');
  await expect(saved.getByLabel('Kỳ báo cáo')).toHaveValue('half');
  await expect(saved.locator('[data-rules="unit_aggregation"]').getByRole('radio', { name: /^Trung bình/ })).toBeChecked();
  await page.getByRole('link', { name: 'Danh sách chỉ số' }).click();
  await expect(page.locator(`tr[data-indicator="ty-le-chi-bo-chuyen-de-${project}"]`)).toContainText('Trung bình');
});

test('an indicator saved by someone else first (412): the latest version is loaded, what was typed kept', async ({ signIn }, testInfo) => {
  const code = `ty-le-chi-bo-chuyen-de-${testInfo.project.name}`;
  const mine = await signIn(BROWSER);
  const theirs = await signIn(BROWSER);
  for (const page of [mine, theirs]) {
    await page.goto(`${baseUrl()}/indicators`);
    await page.locator(`tr[data-indicator="${code}"]`).getByRole('link').click();
    await page.waitForURL(/\/indicators\/\d+$/);
  }
  const a = mine.locator('[data-indicator-form]');
  const b = theirs.locator('[data-indicator-form]');
  await b.getByLabel('Đơn vị tính').fill('% chi bộ');
  await b.getByRole('button', { name: 'Lưu chỉ số' }).click();
  await theirs.getByText('Đã lưu chỉ số.').waitFor();
  await a.getByLabel('Tên chỉ số').fill('Tỷ lệ chi bộ sinh hoạt chuyên đề hằng quý');
  allowConsoleError(/status of 412/, /\/api\/v1\/indicators\/\d+$/);
  await a.getByRole('button', { name: 'Lưu chỉ số' }).click();
  await expect(a.locator('[data-stale]')).toContainText('Người khác vừa sửa nội dung này.');
  await expect(a.getByLabel('Tên chỉ số')).toHaveValue('Tỷ lệ chi bộ sinh hoạt chuyên đề hằng quý');
  await a.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await mine.getByText('Đã tải bản mới nhất').waitFor();
  await expect(a.getByLabel('Tên chỉ số'), 'what was typed is kept').toHaveValue('Tỷ lệ chi bộ sinh hoạt chuyên đề hằng quý');
  await expect(a.getByLabel('Đơn vị tính'), "the other's change is loaded").toHaveValue('% chi bộ');
  await a.getByRole('button', { name: 'Lưu chỉ số' }).click();
  await mine.getByText('Đã lưu chỉ số.').waitFor();
  await mine.reload();
  await expect(mine.getByLabel('Tên chỉ số')).toHaveValue('Tỷ lệ chi bộ sinh hoạt chuyên đề hằng quý');
  await expect(mine.getByLabel('Đơn vị tính')).toHaveValue('% chi bộ');
});

test("a target's form links to a new indicator and the new one is offered back on the document", async ({ signIn }, testInfo) => {
  const project = testInfo.project.name;
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/binh-dai`);
  const documents = await page.evaluate(async () =>
    ((await (await fetch('/api/v1/documents')).json()) as { items: { id: number; code: string }[] }).items);
  const resolution = documents.find((d) => d.code === 'nq-hu-binh-dai-2021')!;
  await page.goto(`${baseUrl()}/documents/${resolution.id}/edit`);
  const item = page.locator('[data-item-form="new"]');
  await item.getByLabel('Loại mục').selectOption('target');
  await item.getByRole('link', { name: 'Tạo chỉ số mới' }).click();
  await page.waitForURL(`${baseUrl()}/indicators/new?document=${resolution.id}`);
  const form = page.locator('[data-indicator-form]');
  const name = `Số hộ dùng ví điện tử (${project})`;
  await form.getByLabel('Tên chỉ số').fill(name);
  await form.getByLabel('Mã chỉ số').fill(`so-ho-vi-dien-tu-${project}`);
  await form.getByLabel('Đơn vị tính').fill('hộ');
  await form.getByRole('button', { name: 'Tạo chỉ số' }).click();
  await page.waitForURL(`${baseUrl()}/documents/${resolution.id}/edit`);
  await expect(page.locator('[data-item-form="new"]').getByLabel('Chỉ số đo').locator('option', { hasText: name })).toHaveCount(1);
});

test("a district's manager reads the indicators and is offered no form", async ({ signIn }, testInfo) => {
  const page = await signIn(MANAGER);
  await page.goto(`${baseUrl()}/indicators`);
  await page.getByRole('heading', { level: 1, name: 'Chỉ số và cách tổng hợp' }).waitFor();
  await expect(page.locator('tr[data-indicator]').first()).toBeVisible();
  await expect(page.getByText('Chỉ quản trị viên toàn hệ thống được thêm, sửa chỉ số.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Tạo chỉ số mới' })).toHaveCount(0);
  await expectAccessible(page, testInfo, 'indicators-read-only');
  await page.goto(`${baseUrl()}/indicators/new`);
  await expect(page.getByText('Chỉ quản trị viên toàn hệ thống được thêm, sửa chỉ số.')).toBeVisible();
  await expect(page.locator('[data-indicator-form]')).toHaveCount(0);
});
