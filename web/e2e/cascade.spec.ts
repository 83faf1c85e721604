// The cascade as the two managers live it, on the demo's Bến Tre: the province's 2021 resolution
// has 24 targets; Thạnh Phú concretized 22, declared CT04 not applicable and forgot CT11. Thạnh
// Phú's manager opens the set-up screen from the province's document, creates a target of the
// district's own resolution already linked to CT11, unlinks CT24 and declares it not applicable
// instead; the check above the list follows each step without a reload, and the province
// manager's page, open beside it, shows Thạnh Phú's column change by itself (a live query). Each
// screen passes axe; the README's pictures of the screen come from here.
import type { Page } from '@playwright/test';
import { adminApi } from './admin-api';
import { expectAccessible } from './a11y';
import { baseUrl, expect, shot, test, useServer } from './fixtures';

useServer();

const PASSWORD = 'mat-khau-ban-dau-2026';

interface Row { id: number; code: string }

// The managers of the province and of Thạnh Phú (the demo has neither), and the two documents.
async function setUp() {
  const call = await adminApi();
  const unit = (code: string) => call<{ id: number }>('GET', `units/${code}`);
  const [province, district] = [await unit('ben-tre'), await unit('thanh-phu')];
  for (const [login, name, unitId] of [
    ['ben-tre.manager', 'Võ Thị Hồng (Văn phòng Tỉnh ủy Bến Tre)', province.id],
    ['thanh-phu.manager', 'Lê Văn Tâm (Văn phòng Huyện ủy Thạnh Phú)', district.id],
  ] as const) {
    await call('POST', 'users', { login, name, password: PASSWORD, grant: { role: 'manager', unit_id: unitId } });
  }
  const document = async (unitId: number, code: string) =>
    (await call<{ items: Row[] }>('GET', `documents?issuer_unit_id=${unitId}`)).items.find((d) => d.code === code)!.id;
  return { upper: await document(province.id, 'nq-tu-ben-tre-2021'), lower: await document(district.id, 'nq-hu-thanh-phu-2021') };
}

const cell = (page: Page, target: string) => page.locator(`[data-cascade-matrix] tr[data-target="${target}"] td[data-unit="thanh-phu"]`);
const column = (page: Page) => page.locator('[data-cascade-matrix] thead th[data-unit="thanh-phu"]');
// Scrolls the page so that `selector` starts just below the sticky top bar.
async function scrollTo(page: Page, selector: string): Promise<void> {
  await page.locator(selector).evaluate((el) => {
    const bar = document.querySelector('.topbar')?.getBoundingClientRect().height ?? 0;
    window.scrollTo(0, el === document.body ? 0 : el.getBoundingClientRect().top + window.scrollY - bar - 8);
  });
}
const row = (page: Page, target: string) => page.locator(`[data-cascade-target="${target}"]`);

test('a district manager concretizes the province’s targets and the province sees it live', async ({ signIn }, testInfo) => {
  test.setTimeout(180_000);  // two managers, a dozen steps each
  const { upper, lower } = await setUp();

  // The province's manager: Thạnh Phú's column (the second) shows CT11 missing.
  const province = await signIn({ login: 'ben-tre.manager', password: PASSWORD });
  await province.goto(`${baseUrl()}/documents/${upper}`);
  await province.locator('[data-cascade-matrix]').waitFor();
  await expect(column(province)).toContainText('Thạnh Phú 22/23');
  await expect(cell(province, 'CT11')).toHaveAttribute('data-cover', 'missing');
  await expect(cell(province, 'CT24')).toHaveAttribute('data-cover', 'covered');
  await expect(cell(province, 'CT04')).toHaveAttribute('data-cover', 'not_applicable');
  await expectAccessible(province, testInfo, 'cascade-matrix');
  // The province's manager may concretize for its districts too: the way there is offered.
  await expect(province.getByRole('link', { name: /^Cụ thể hóa văn bản/ })).toBeVisible();

  // Thạnh Phú's manager opens the set-up screen from the district's own resolution.
  const district = await signIn({ login: 'thanh-phu.manager', password: PASSWORD });
  // The province's resolution as the district reads it: the issuer is named from the document
  // itself, since the district does not read the province's unit (a failed request would fail
  // this test through its console).
  await district.goto(`${baseUrl()}/documents/${upper}`);
  await expect(district.getByRole('navigation', { name: 'Đường dẫn đơn vị' })).toContainText('Bến Tre');
  await expect(district.locator('.facts')).toContainText('Bến Tre');
  await district.goto(`${baseUrl()}/documents/${lower}`);
  await district.getByRole('link', { name: /^Cụ thể hóa văn bản “Nghị quyết Tỉnh ủy Bến Tre/ }).click();
  await district.waitForURL(`${baseUrl()}/documents/${upper}/cascade?lower=${lower}`);
  await expect(district.getByLabel('Văn bản của đơn vị')).toHaveValue(/\d+/);
  await expect(district.getByLabel('Văn bản của đơn vị').locator('option:checked')).toContainText('Thạnh Phú');
  const check = district.locator('[data-cascade-check]');
  await expect(check).toContainText('22/23 chỉ tiêu đã cụ thể hóa');
  await expect(check).toContainText('1 không áp dụng · 1 còn thiếu · tổng 24 chỉ tiêu');
  await expect(row(district, 'CT11').locator('[data-cover]')).toHaveText('Còn thiếu');
  await expectAccessible(district, testInfo, 'cascade');

  // (i) A new target of the district's resolution, prefilled from the province's, linked up.
  await row(district, 'CT11').getByRole('button', { name: 'Tạo chỉ tiêu mới' }).click();
  const create = district.locator('[data-cascade-form="create"]');
  await expect(create.getByLabel('Nội dung')).toHaveValue('Tỷ lệ đô thị hóa đạt 24%');
  await expect(create.getByLabel('Mã mục')).toHaveValue('CT11');
  await create.getByLabel('Nội dung').fill('');
  await create.getByRole('button', { name: 'Tạo và liên kết' }).click();
  await expect(create.locator('[data-field-error="title"]')).toHaveText('Không được để trống');
  await expect(check).toContainText('22/23');
  await create.getByLabel('Nội dung').fill('Tỷ lệ đô thị hóa của huyện đạt 12%');
  await create.getByLabel('Cách cụ thể hóa').selectOption({ label: 'vận dụng' });
  await expectAccessible(district, testInfo, 'cascade-create');
  await create.getByRole('button', { name: 'Tạo và liên kết' }).click();
  await district.getByText('Đã tạo “Tỷ lệ đô thị hóa của huyện đạt 12%” và liên kết với CT11.').waitFor();
  await expect(check).toContainText('23/23 chỉ tiêu đã cụ thể hóa');
  await expect(check).toContainText('Đã đủ');
  await expect(row(district, 'CT11').locator('[data-cover]')).toHaveText('Đã cụ thể hóa');
  await expect(row(district, 'CT11')).toContainText('Tỷ lệ đô thị hóa của huyện đạt 12%');

  // (iv) CT24 is the province's to carry out: unlinked, it is missing again…
  await row(district, 'CT24').getByRole('button', { name: 'Bỏ liên kết CT24 với CT24' }).click();
  await district.getByText('Đã bỏ liên kết với CT24.').waitFor();
  await expect(check).toContainText('22/23 chỉ tiêu đã cụ thể hóa');
  await expect(row(district, 'CT24').locator('[data-cover]')).toHaveText('Còn thiếu');
  await scrollTo(district, 'body');
  await shot(district, 'cascade-desktop', testInfo);

  // (iii) …and declared not applicable, with the reason (none: refused before anything is sent).
  await row(district, 'CT24').getByRole('button', { name: 'Không áp dụng' }).click();
  const declare = district.locator('[data-cascade-form="declare"]');
  await declare.getByRole('button', { name: 'Khai báo không áp dụng' }).click();
  await expect(declare.locator('[data-field-error="reason"]')).toHaveText('Không được để trống');
  await expect(declare.getByLabel('Lý do không áp dụng')).toBeFocused();
  await declare.getByLabel('Lý do không áp dụng').fill('Huyện không tuyển quân riêng năm 2021');
  await declare.getByRole('button', { name: 'Khai báo không áp dụng' }).click();
  await district.getByText('Đã khai báo CT24 không áp dụng.').waitFor();
  await expect(check).toContainText('22/22 chỉ tiêu đã cụ thể hóa');
  await expect(check).toContainText('2 không áp dụng · 0 còn thiếu');
  await expect(row(district, 'CT24')).toContainText('Huyện không tuyển quân riêng năm 2021');
  await expectAccessible(district, testInfo, 'cascade-done');
  await scrollTo(district, 'body');
  await shot(district, 'cascade-phone', testInfo, 'phone');

  // The province's page, never reloaded, follows.
  await expect(cell(province, 'CT11')).toHaveAttribute('data-cover', 'covered');
  await expect(cell(province, 'CT24')).toHaveAttribute('data-cover', 'not_applicable');
  await expect(column(province)).toContainText('Thạnh Phú 22/22');
  await scrollTo(province, '#cascade-matrix');
  await shot(province, 'cascade-matrix', testInfo);
});
