// The app's addresses as a user meets them: a shared link opened signed out leads through the
// sign-in to the page it names; a link in the app moves the focus to the new page's heading and
// keeps the "as of" date; Back and Forward walk the pages; an address the app does not have
// shows the page that says so. Nothing here writes.
import { baseUrl, expect, test, useServer } from './fixtures';
import { BROWSER } from './users';

useServer();

test('a shared link opened signed out shows the sign-in, then the page it names', async ({ page }) => {
  const response = await fetch(`${baseUrl()}/api/v1/session`);
  test.skip(response.status === 404, 'the server has no sign-in');
  await page.goto(`${baseUrl()}/units/ba-thuoc/tree?as_of=2021-12-31`);
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(BROWSER.login);
  await page.getByLabel('Mật khẩu').fill(BROWSER.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await expect(page.locator('.breadcrumbs')).toContainText('Bá Thước');
  expect(page.url()).toBe(`${baseUrl()}/units/ba-thuoc/tree?as_of=2021-12-31`);
});

test('links keep the date, move the focus to the heading; Back and Forward walk the pages', async ({ signIn }) => {
  const page = await signIn(BROWSER);
  await page.goto(`${baseUrl()}/units/ba-thuoc/tree?as_of=2021-12-31`);
  const row = page.locator('.unit-row-name').first();
  const code = (await row.getAttribute('href'))!.match(/^\/units\/([^/?]+)\?as_of=2021-12-31$/)?.[1];
  expect(code, 'the row links to the unit on the same date').toBeTruthy();
  await row.click();
  await page.waitForURL(`${baseUrl()}/units/${code}?as_of=2021-12-31`);
  await expect(page.locator('h1')).toBeFocused();
  // Only links to the unit itself say they lead to the current page, not the tree or the units above it.
  await expect(page.locator(`a[aria-current="page"]:not([href="/units/${code}?as_of=2021-12-31"])`)).toHaveCount(0);
  await expect(page.locator('.breadcrumbs [aria-current="page"]')).toHaveCount(1);

  await page.locator('nav.breadcrumbs').getByRole('link', { name: 'Cây đơn vị' }).click();
  await page.waitForURL(`${baseUrl()}/units`);
  await expect(page.locator('h1')).toBeFocused();

  await page.goBack();
  await page.waitForURL(`${baseUrl()}/units/${code}?as_of=2021-12-31`);
  await expect(page.locator('.breadcrumbs [aria-current="page"]')).toHaveCount(1);
  await page.goBack();
  await page.waitForURL(`${baseUrl()}/units/ba-thuoc/tree?as_of=2021-12-31`);
  await expect(page.locator('.breadcrumbs')).toContainText('Bá Thước');
  await page.goForward();
  await page.waitForURL(`${baseUrl()}/units/${code}?as_of=2021-12-31`);
  await expect(page.locator('.breadcrumbs [aria-current="page"]')).toHaveCount(1);
});

test('an address the app does not have says so and offers the unit tree', async ({ signIn }) => {
  const page = await signIn(BROWSER);
  for (const path of ['/no-such-page', '/targets/abc', '/units/ba-thuoc/nothing-here']) {
    await page.goto(`${baseUrl()}${path}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }), path).toBeVisible();
  }
  await page.locator('main').getByRole('link', { name: 'Cây đơn vị' }).click();
  await page.waitForURL(`${baseUrl()}/units`);
  await expect(page.locator('h1')).toBeFocused();
});
