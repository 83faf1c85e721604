// The set-up screens: a district's manager creates a document and its items. Client checks as
// typed, the server's refusals at the field they name, nothing typed lost on a failed save, and
// a 412 (someone else saved first) that offers the latest version and keeps what was typed.
import { expectAccessible } from './a11y';
import { allowConsoleError, baseUrl, expect, test, useServer } from './fixtures';
import { BROWSER } from './users';

useServer();

let documentUrl = '';

test('a manager creates a document: checked as typed, refused at the field, nothing lost, saved', async ({ signIn }, testInfo) => {
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/ba-thuoc`);
  await page.getByRole('link', { name: 'Thêm văn bản' }).click();
  await page.waitForURL(`${baseUrl()}/documents/new?unit=ba-thuoc`);
  const form = page.locator('[data-document-form]');
  await expect(form.getByLabel('Cấp ban hành')).toHaveValue(/\d+/);
  await expect(form.getByLabel('Cấp ban hành').locator('option:checked')).toContainText('Bá Thước');
  await form.getByRole('button', { name: 'Tạo văn bản' }).click();
  await expect(form.locator('[data-field-error="title"]')).toHaveText('Không được để trống');
  await expect(form.getByLabel('Tiêu đề')).toBeFocused();
  await form.getByLabel('Tiêu đề').fill('Kế hoạch thử nghiệm chuyển đổi số giai đoạn 2026 – 2030');
  await form.getByLabel('Loại văn bản').selectOption('plan');
  // After a first attempt every field is checked as it is typed.
  await form.getByLabel('Mã văn bản').fill('Kế hoạch 1');
  await expect(form.locator('[data-field-error="code"]')).toHaveText(/chữ thường không dấu/);
  await form.getByLabel('Mã văn bản').fill('kh-thu-nghiem-2026');
  await form.getByLabel('Số hiệu').fill('15-KH/HU');
  await form.getByLabel('Từ kỳ').fill('2026');
  await form.getByLabel('Đến kỳ').fill('2025');
  await expectAccessible(page, testInfo, 'document-form');
  // The server refuses a span that ends before it starts: its words at "Đến kỳ", the rest kept.
  allowConsoleError(/status of 400/, /\/api\/v1\/documents$/);
  await form.getByRole('button', { name: 'Tạo văn bản' }).click();
  await expect(form.locator('[data-field-error="period_to"]')).toContainText('period_to');
  await expect(form.getByLabel('Đến kỳ')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByLabel('Tiêu đề')).toHaveValue('Kế hoạch thử nghiệm chuyển đổi số giai đoạn 2026 – 2030');
  await expect(form.getByLabel('Số hiệu')).toHaveValue('15-KH/HU');
  await form.getByLabel('Đến kỳ').fill('2030');
  await form.getByRole('button', { name: 'Tạo văn bản' }).click();
  await page.waitForURL(/\/documents\/\d+\/edit$/);
  documentUrl = page.url();
  await page.getByText('Đã tạo văn bản.').waitFor();
  await expect(page.getByLabel('Tiêu đề')).toHaveValue('Kế hoạch thử nghiệm chuyển đổi số giai đoạn 2026 – 2030');
});

test('items: add a goal and targets under it with their measure, reorder them, move one to the top level', async ({ signIn }, testInfo) => {
  expect(documentUrl, 'the document of the previous test').not.toBe('');
  const page = await signIn(BROWSER);
  await page.goto(documentUrl);
  const form = page.locator('[data-item-form]');
  await page.getByText('Văn bản chưa có mục nào.').waitFor();
  await form.getByLabel('Loại mục').selectOption('goal');
  await form.getByLabel('Mã mục').fill('MT-1');
  await form.getByLabel('Nội dung').fill('Phát triển chính quyền số');
  await form.getByRole('button', { name: 'Lưu mục' }).click();
  await page.locator('[data-setup-item="MT-1"]').waitFor();
  // A target needs its indicator, goal and deadline: checked before anything is sent.
  await form.getByLabel('Thuộc mục').selectOption({ label: 'MT-1 Phát triển chính quyền số' });
  await form.getByLabel('Loại mục').selectOption('target');
  await form.getByLabel('Mã mục').fill('CT-1');
  await form.getByLabel('Nội dung').fill('Tỷ lệ hồ sơ trực tuyến toàn trình');
  await form.getByRole('button', { name: 'Lưu mục' }).click();
  await expect(form.locator('[data-field-error="goal"]')).toHaveText('Không được để trống');
  await expect(form.locator('[data-field-error="indicator_id"]')).toHaveText('Không được để trống');
  await expectAccessible(page, testInfo, 'item-form');
  await form.getByLabel('Chỉ số đo').selectOption({ index: 1 });
  await form.getByLabel('Giá trị xuất phát').fill('5');
  await form.getByLabel('Mục tiêu').fill('15');
  await form.getByLabel('Kỳ hạn').fill('2030');
  await form.getByRole('button', { name: 'Lưu mục' }).click();
  await page.locator('[data-setup-item="CT-1"]').waitFor();
  // The next item keeps the parent and kind; only the rest is new.
  await expect(form.getByLabel('Thuộc mục').locator('option:checked')).toContainText('MT-1');
  await form.getByLabel('Mã mục').fill('CT-2');
  await form.getByLabel('Nội dung').fill('Số thủ tục hành chính được số hóa');
  await form.getByLabel('Chỉ số đo').selectOption({ index: 1 });
  await form.getByLabel('Mục tiêu').fill('100');
  await form.getByLabel('Kỳ hạn').fill('2030');
  await form.getByRole('button', { name: 'Lưu mục' }).click();
  await page.locator('[data-setup-item="CT-2"]').waitFor();
  const order = () => page.locator('[data-setup-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-setup-item')));
  await expect.poll(order).toEqual(['MT-1', 'CT-1', 'CT-2']);
  await page.getByRole('button', { name: 'Chuyển “Số thủ tục hành chính được số hóa” lên' }).click();
  await expect.poll(order).toEqual(['MT-1', 'CT-2', 'CT-1']);
  await expectAccessible(page, testInfo, 'items');
  // Edit CT-1: out from under MT-1 to the top level, with a new goal.
  const ct1 = page.locator('[data-setup-item="CT-1"]');
  await expect(ct1).toHaveCSS('padding-inline-start', /^[1-9]/);
  await ct1.getByRole('button', { name: 'Sửa mục “Tỷ lệ hồ sơ trực tuyến toàn trình”' }).click();
  const edit = page.locator('[data-item-form="CT-1"]');
  await expect(edit.getByLabel('Mục tiêu')).toHaveValue('15');
  await expect(edit.getByLabel('Giá trị xuất phát')).toHaveValue('5');
  await edit.getByLabel('Thuộc mục').selectOption({ label: '(cấp cao nhất)' });
  await edit.getByLabel('Mục tiêu').fill('20');
  await edit.getByRole('button', { name: 'Lưu mục' }).click();
  await page.getByText('Đã lưu mục “Tỷ lệ hồ sơ trực tuyến toàn trình”.').waitFor();
  await expect(ct1).toHaveCSS('padding-inline-start', '0px');
  await ct1.getByRole('button', { name: /^Sửa mục/ }).click();
  await expect(page.locator('[data-item-form="CT-1"]').getByLabel('Mục tiêu')).toHaveValue('20');
  // The document's own view shows the new tree.
  await page.getByRole('link', { name: 'Xem văn bản' }).click();
  await page.getByText('Tỷ lệ hồ sơ trực tuyến toàn trình').waitFor();
});

test('someone else saved first (412): the latest version is offered and what was typed is kept', async ({ signIn }) => {
  expect(documentUrl, 'the document of the previous test').not.toBe('');
  const mine = await signIn(BROWSER);
  const theirs = await signIn(BROWSER);
  await mine.goto(documentUrl);
  await theirs.goto(documentUrl);
  const a = mine.locator('[data-document-form]');
  const b = theirs.locator('[data-document-form]');
  await b.getByLabel('Số hiệu').fill('16-KH/HU');
  await b.getByRole('button', { name: 'Lưu văn bản' }).click();
  await b.getByText('Đã lưu văn bản.').waitFor();
  await a.getByLabel('Tiêu đề').fill('Kế hoạch chuyển đổi số giai đoạn 2026 – 2030');
  allowConsoleError(/status of 412/, /\/api\/v1\/documents\/\d+$/);
  await a.getByRole('button', { name: 'Lưu văn bản' }).click();
  const stale = a.locator('[data-stale]');
  await expect(stale).toContainText('Người khác vừa sửa nội dung này.');
  await expect(a.getByLabel('Tiêu đề')).toHaveValue('Kế hoạch chuyển đổi số giai đoạn 2026 – 2030');
  await stale.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await a.getByText('Đã tải bản mới nhất').waitFor();
  await expect(a.getByLabel('Tiêu đề'), 'what was typed is kept').toHaveValue('Kế hoạch chuyển đổi số giai đoạn 2026 – 2030');
  await expect(a.getByLabel('Số hiệu'), "the other's change is loaded").toHaveValue('16-KH/HU');
  await a.getByRole('button', { name: 'Lưu văn bản' }).click();
  await a.getByText('Đã lưu văn bản.').waitFor();
  await mine.reload();
  await expect(mine.getByLabel('Tiêu đề')).toHaveValue('Kế hoạch chuyển đổi số giai đoạn 2026 – 2030');
  await expect(mine.getByLabel('Số hiệu')).toHaveValue('16-KH/HU');
});

test('an item saved by someone else first (412): the latest version is loaded, what was typed kept', async ({ signIn }) => {
  expect(documentUrl, 'the document of the first test').not.toBe('');
  const mine = await signIn(BROWSER);
  const theirs = await signIn(BROWSER);
  for (const page of [mine, theirs]) {
    await page.goto(documentUrl);
    await page.locator('[data-setup-item="CT-2"]').getByRole('button', { name: /^Sửa mục/ }).click();
  }
  const a = mine.locator('[data-item-form="CT-2"]');
  const b = theirs.locator('[data-item-form="CT-2"]');
  await b.getByLabel('Nội dung').fill('Số thủ tục hành chính được số hóa toàn bộ');
  await b.getByRole('button', { name: 'Lưu mục' }).click();
  await theirs.getByText('Đã lưu mục “Số thủ tục hành chính được số hóa toàn bộ”.').waitFor();
  await a.getByLabel('Giá trị xuất phát').fill('40');
  allowConsoleError(/status of 412/, /\/api\/v1\/items\/\d+$/);
  await a.getByRole('button', { name: 'Lưu mục' }).click();
  await expect(a.locator('[data-stale]')).toContainText('Người khác vừa sửa nội dung này.');
  await a.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await expect(a.getByLabel('Nội dung'), "the other's change is loaded").toHaveValue('Số thủ tục hành chính được số hóa toàn bộ');
  await expect(a.getByLabel('Giá trị xuất phát'), 'what was typed is kept').toHaveValue('40');
  await a.getByRole('button', { name: 'Lưu mục' }).click();
  await mine.getByText('Đã lưu mục “Số thủ tục hành chính được số hóa toàn bộ”.').waitFor();
});
