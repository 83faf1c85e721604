// The committee's responsibilities and the person a user is, as the people who use them: Bình
// Đại's manager assigns a field to the committee member the leader `binh-dai.leader` is; the
// leader's dashboard shows the field, and no longer once it is removed; a change made by someone
// else first (412) offers the latest, keeping what was typed. Then a new committee member and a
// new user: the manager adds the member, links the user to them (another user's member is refused
// at the picker), assigns a field, and the new user's dashboard shows it. Each screen passes axe;
// the README's pictures of the screen come from here.
import type { Page } from '@playwright/test';
import { adminApi } from './admin-api';
import { expectAccessible } from './a11y';
import { allowConsoleError, baseUrl, expect, shot, test, useServer } from './fixtures';
import { BD_MANAGER, LEADER } from './users';

useServer();

const LEADER_PERSON = 'Huỳnh Thị Kim Loan';

async function openCommittee(page: Page): Promise<void> {
  await page.goto(`${baseUrl()}/units/binh-dai`);
  await page.getByRole('link', { name: 'Phân công phụ trách' }).click();
  await page.getByRole('heading', { level: 1, name: 'Phân công phụ trách' }).waitFor();
  await page.locator('[data-committee]').waitFor();
}

async function leaderFields(page: Page): Promise<string[]> {
  await page.goto(`${baseUrl()}/leader`);
  await page.getByRole('heading', { level: 1, name: 'Việc tôi phụ trách' }).waitFor();
  await page.locator('.charge-list').waitFor();
  return page.locator('.charge-list [data-field]').evaluateAll((items) => items.map((i) => i.getAttribute('data-field') ?? ''));
}

test("a manager assigns a field to the leader's member: the dashboard shows it, then not once removed", async ({ signIn }, testInfo) => {
  const page = await signIn(BD_MANAGER);
  await openCommittee(page);
  const card = page.locator(`[data-person="${LEADER_PERSON}"]`);
  await expect(card).toContainText('Lĩnh vực Kinh tế');
  await expectAccessible(page, testInfo, 'committee');
  await card.getByRole('button', { name: `Thêm phụ trách cho đồng chí ${LEADER_PERSON}` }).click();
  const form = card.locator('[data-charge-form]');
  await expect(form.getByLabel('Lĩnh vực', { exact: true })).toBeFocused();
  // Neither a field nor a unit: said at the field before anything is sent.
  await form.getByRole('button', { name: 'Lưu phụ trách' }).click();
  await expect(form.locator('[data-field-error="field_code"]')).toHaveText('Chọn lĩnh vực hoặc đơn vị phụ trách');
  await form.getByLabel('Lĩnh vực', { exact: true }).selectOption({ label: 'Văn hóa – xã hội' });
  await form.getByLabel('Ghi chú').fill('Chỉ đạo giáo dục, y tế');
  await expect(form.getByLabel('Nhiệm kỳ')).toHaveValue('2020T5');
  await expectAccessible(page, testInfo, 'committee-charge-form');
  await form.getByRole('button', { name: 'Lưu phụ trách' }).click();
  await card.getByText('Đã lưu phụ trách: Lĩnh vực Văn hóa – xã hội.').waitFor();
  const row = card.locator('[data-charge="van-hoa-xa-hoi"]');
  await expect(row).toContainText('Chỉ đạo giáo dục, y tế');
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'committee-desktop', testInfo);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'committee-phone', testInfo, 'phone');

  // The leader signs in: the new field is theirs.
  const leader = await signIn(LEADER);
  expect(await leaderFields(leader)).toEqual(expect.arrayContaining(['kinh-te', 'van-hoa-xa-hoi']));
  await expect(leader.locator('[data-field="van-hoa-xa-hoi"]')).toContainText('Văn hóa – xã hội');

  // Someone else changes it first: 412, the latest offered, the note typed here kept.
  const other = await signIn(BD_MANAGER);
  await openCommittee(other);
  const what = 'Lĩnh vực Văn hóa – xã hội';
  await row.getByRole('button', { name: `Sửa phụ trách: ${what}` }).click();
  const theirs = other.locator(`[data-person="${LEADER_PERSON}"] [data-charge="van-hoa-xa-hoi"]`);
  await theirs.getByRole('button', { name: `Sửa phụ trách: ${what}` }).click();
  await theirs.getByLabel('Ghi chú').fill('Chỉ đạo giáo dục');
  await theirs.getByRole('button', { name: 'Lưu phụ trách' }).click();
  await other.getByText(`Đã lưu phụ trách: ${what}.`).waitFor();
  const edit = row.locator('[data-charge-form]');
  await edit.getByLabel('Ghi chú').fill('Chỉ đạo giáo dục, y tế, văn hóa');
  allowConsoleError(/status of 412/, /\/api\/v1\/responsibilities\/\d+$/);
  await edit.getByRole('button', { name: 'Lưu phụ trách' }).click();
  await expect(edit.locator('[data-stale]')).toContainText('Người khác vừa sửa nội dung này.');
  await edit.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await edit.getByText('Đã tải bản mới nhất').waitFor();
  await expect(edit.getByLabel('Ghi chú'), 'what was typed is kept').toHaveValue('Chỉ đạo giáo dục, y tế, văn hóa');
  await edit.getByRole('button', { name: 'Lưu phụ trách' }).click();
  await card.getByText(`Đã lưu phụ trách: ${what}.`).waitFor();
  await expect(row).toContainText('Chỉ đạo giáo dục, y tế, văn hóa');

  // Removed: gone from the committee and from the leader's dashboard.
  await row.getByRole('button', { name: `Bỏ phụ trách: ${what}` }).click();
  await card.getByText(`Đã bỏ phụ trách: ${what}.`).waitFor();
  await expect(card.locator('[data-charge="van-hoa-xa-hoi"]')).toHaveCount(0);
  const after = await leaderFields(leader);
  expect(after).toContain('kinh-te');
  expect(after).not.toContain('van-hoa-xa-hoi');
});

test('a new committee member and their user: linked by the manager, one user per member, the field on their dashboard', async ({ signIn }, testInfo) => {
  const suffix = testInfo.project.name;
  const login = `binh-dai.uv-${suffix}`;
  const password = 'mat-khau-uy-vien-2026';
  const name = suffix === 'phone' ? 'Lê Thị Tâm' : 'Võ Văn Tâm';
  const api = await adminApi();
  const unit = await api<{ id: number }>('GET', 'units/binh-dai');
  await api('POST', 'users', { login, name, password, grant: { role: 'viewer', unit_id: unit.id } });

  const page = await signIn(BD_MANAGER);
  await openCommittee(page);
  await page.getByRole('button', { name: 'Thêm cấp ủy viên' }).click();
  const add = page.locator('[data-person-form]');
  await add.getByRole('button', { name: 'Thêm', exact: true }).click();
  await expect(add.locator('[data-field-error="name"]')).toHaveText('Không được để trống');
  await add.getByLabel('Họ và tên').fill(name);
  await add.getByLabel('Chức vụ').fill('Ủy viên Ban Thường vụ Huyện ủy');
  await add.getByRole('button', { name: 'Thêm', exact: true }).click();
  await page.getByText(`Đã thêm đồng chí ${name}.`).waitFor();
  const card = page.locator(`[data-person="${name}"]`);
  await expect(card).toContainText('Chưa được phân công phụ trách.');
  await card.getByRole('button', { name: `Thêm phụ trách cho đồng chí ${name}` }).click();
  const form = card.locator('[data-charge-form]');
  await form.getByLabel('Lĩnh vực', { exact: true }).selectOption({ label: 'Xây dựng Đảng, hệ thống chính trị' });
  await form.getByRole('button', { name: 'Lưu phụ trách' }).click();
  await card.getByText('Đã lưu phụ trách: Lĩnh vực Xây dựng Đảng, hệ thống chính trị.').waitFor();

  // The user page: nobody yet; the leader's member is refused (another user is her); the new one taken.
  await page.goto(`${baseUrl()}/people?q=${encodeURIComponent(login)}`);
  await page.locator(`[data-user="${login}"]`).getByRole('link').click();
  await page.waitForURL(/\/people\/\d+$/);
  const section = page.locator('#user-person');
  await expect(section.locator('[data-user-person]')).toHaveText('Người dùng này chưa gắn với cấp ủy viên nào.');
  const link = section.locator('[data-person-link]');
  await link.getByLabel('Tìm cấp ủy viên').fill('kim loan');
  await link.getByLabel('Cấp ủy viên', { exact: true }).selectOption({ label: `${LEADER_PERSON} — Phó Bí thư Huyện ủy, Chủ tịch Ủy ban nhân dân huyện Bình Đại` });
  allowConsoleError(/status of 409/, /\/api\/v1\/users\/\d+$/);
  await link.getByRole('button', { name: 'Lưu', exact: true }).click();
  await expect(link.locator('[data-field-error="person_id"]')).toContainText('binh-dai.leader');
  await expect(link.getByLabel('Cấp ủy viên', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await link.getByLabel('Tìm cấp ủy viên').fill('tam');
  await link.getByLabel('Cấp ủy viên', { exact: true }).selectOption({ label: `${name} — Ủy viên Ban Thường vụ Huyện ủy` });
  await link.getByRole('button', { name: 'Lưu', exact: true }).click();
  await section.getByText(`Đã lưu: người dùng này là ${name}.`).waitFor();
  await expect(section.locator('[data-user-person]')).toHaveText(`Người dùng này là: ${name} — Ủy viên Ban Thường vụ Huyện ủy`);
  await expectAccessible(page, testInfo, 'user-person');
  await shot(section, 'user-person', testInfo);
  // The user's details saved after it: the version moved on without a conflict.
  await page.locator('[data-user-form]').getByRole('button', { name: 'Lưu thông tin' }).click();
  await page.getByText('Đã lưu thông tin người dùng.').waitFor();

  // The new member signs in and lands on their dashboard, with their field.
  const member = await signIn({ login, password });
  await member.waitForURL(/\/leader$/);
  expect(await leaderFields(member)).toEqual(['xay-dung-dang']);
});
