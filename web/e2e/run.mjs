// Browser tests of the web UI against a real server: starts `nqtrack serve` on a fresh demo
// database (loopback, a port of the kernel's choosing), drives Debian's Chromium headless with
// playwright-core through the main paths, writes screenshots of the main screens to
// docs/screenshots/, and always stops the server and the browser.
//
// Environment: NQ_BINARY (default build/debug/src/cli/nqtrack), NQ_SCREENSHOTS (default
// docs/screenshots), NQ_CHROMIUM (default /usr/bin/chromium); when the server has login:
// NQ_UI_LOGIN / NQ_UI_PASSWORD (a user who enters the commune's report and raises, answers and
// closes recommendations; default the demo's ba-thuoc.editor) and NQ_UI_REVIEWER_LOGIN /
// NQ_UI_REVIEWER_PASSWORD (a user who reviews it; default the demo's ba-thuoc.reviewer) and
// NQ_UI_BROWSER_LOGIN / NQ_UI_BROWSER_PASSWORD (a user who reads all three districts for the
// browsing paths; default the demo's admin).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const web = resolve(here, '..');
const repo = resolve(web, '..');
const binary = resolve(repo, process.env.NQ_BINARY ?? 'build/debug/src/cli/nqtrack');
const shots = resolve(repo, process.env.NQ_SCREENSHOTS ?? 'docs/screenshots');
const chromiumPath = process.env.NQ_CHROMIUM ?? '/usr/bin/chromium';
const ENTRY_UNIT = 'ba-thuoc-ban-cong';  // a commune of Bá Thước with no 2021 report in the demo
const DISTRICT = 'ba-thuoc';
const OCOP = 'san-pham-ocop';            // summed over communes into the district's target CT2
const WAIT = 20_000;                     // longest wait for anything to appear
const WATCHDOG_MS = 8 * 60_000;          // the whole run
const DEMO_PASSWORD = 'nqtrack-demo-2021';  // every demo user's (README, "The demo")
const USER = { login: process.env.NQ_UI_LOGIN ?? 'ba-thuoc.editor', password: process.env.NQ_UI_PASSWORD ?? DEMO_PASSWORD };
const BROWSER = {
  login: process.env.NQ_UI_BROWSER_LOGIN ?? 'admin',
  password: process.env.NQ_UI_BROWSER_PASSWORD ?? DEMO_PASSWORD,
};
const REVIEWER = {
  login: process.env.NQ_UI_REVIEWER_LOGIN ?? 'ba-thuoc.reviewer',
  password: process.env.NQ_UI_REVIEWER_PASSWORD ?? DEMO_PASSWORD,
};

// The API routes the UI calls; each must be in the server's OpenAPI document.
const ROUTES = [
  'GET /units', 'GET /units/{id}', 'GET /unit-kinds', 'GET /documents/{id}/tree', 'GET /rollups/coverage',
  'GET /views/overview', 'GET /views/target', 'GET /views/obligation', 'GET /views/report-form', 'GET /views/reports',
  'GET /reports', 'POST /reports', 'PATCH /reports/{id}', 'POST /reports/{id}/transitions', 'POST /values',
  'GET /recommendations', 'POST /recommendations', 'POST /recommendations/{id}/answer',
  'POST /recommendations/{id}/close', 'GET /comments', 'POST /comments',
  'GET /exports/report.docx', 'GET /exports/report.xlsx', 'GET /exports/template.xlsx', 'POST /imports/values.xlsx',
  'POST /imports/values.csv', 'POST /imports/datavaluesets', 'GET /jobs/{id}', 'DELETE /jobs/{id}', 'PATCH /assignments/{id}',
  'POST /exports/report.docx', 'POST /exports/report.xlsx', 'POST /exports/values.csv', 'POST /exports/datavaluesets',
  'GET /jobs/{id}/file', 'GET /exports/units-template.xlsx', 'POST /imports/units.xlsx',
  'GET /exports/evidence-template.xlsx', 'POST /imports/evidence.xlsx',
];
const IMPORT_UNIT = 'ba-thuoc-lung-niem';  // a commune with no OCOP value for 2021 in the demo

const results = [];
const consoleErrors = [];
let server = null;
let browser = null;
let tmp = null;
let expectRefusedAssignment = false;

function log(message) {
  process.stdout.write(`e2e: ${message}\n`);
}

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    log(`FAIL ${name}: ${error instanceof Error ? error.stack ?? error.message : error}`);
    throw error;
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

async function startServer() {
  tmp = mkdtempSync(join(tmpdir(), 'nqtrack-e2e-'));
  const db = join(tmp, 'demo.db');
  const demo = spawnSync(binary, ['demo', '--db', db], { encoding: 'utf8', timeout: 120_000 });
  if (demo.status !== 0) throw new Error(`${binary} demo failed: ${demo.stderr || demo.stdout || demo.error}`);
  server = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-root', join(web, 'dist')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr.on('data', (chunk) => process.stderr.write(`server: ${chunk}`));
  const lines = createInterface({ input: server.stdout });
  const first = await new Promise((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed nothing in 60 s')), 60_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolveLine(line);
    });
    server.once('exit', (code) => reject(new Error(`the server exited with ${code} before serving`)));
  });
  const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(first);
  if (!match) throw new Error(`unexpected first line from the server: ${first}`);
  lines.on('line', (line) => log(`server: ${line}`));
  return match[1];
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((done) => server.once('exit', done));
  server.kill('SIGTERM');
  const timer = setTimeout(() => server.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

async function cleanup() {
  await browser?.close().catch(() => {});
  browser = null;
  await stopServer().catch(() => {});
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  tmp = null;
}

// A context (own cookies) with console errors and page errors recorded.
async function newContext(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', acceptDownloads: true, ...options });
  context.setDefaultTimeout(WAIT);
  context.on('page', watch);
  return context;
}

function watch(page) {
  page.on('pageerror', (error) => consoleErrors.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The session answer before signing in (401) or on a server without login yet (404) is
    // part of the protocol; Chromium logs any such response as a failed resource.
    const url = message.location()?.url ?? '';
    if (/Failed to load resource/.test(message.text()) && /\/api\/v1\/session$/.test(url)) return;
    // The evidence step sends an empty completion on purpose: the server's 400 is the answer.
    if (expectRefusedAssignment && /status of 400/.test(message.text()) && /\/api\/v1\/assignments\/\d+$/.test(url)) return;
    consoleErrors.push(`console.error on ${page.url()}: ${message.text()} ${url}`);
  });
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

// Signs in through the login screen when the server has login (404 on /api/v1/session: not yet).
async function signInIfNeeded(page, base, { login, password }) {
  const response = await fetch(`${base}/api/v1/session`);
  if (response.status === 404) return 'no_login';
  await page.goto(`${base}/`);
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await shot(page, 'login');
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('.topbar').waitFor();
  return 'signed_in';
}

// Presses Tab until `locator` has the focus; fails after `limit` presses.
async function tabTo(page, locator, limit = 25) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${locator}`);
}

async function focusIsVisible(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const base = await startServer();
  log(`server at ${base}`);
  // launch() gives Chromium a fresh temporary --user-data-dir of its own and removes it on close
  // (it refuses the flag itself); each context below has its own cookies on top of that.
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });

  await step('every API route the UI calls is in the OpenAPI document', async () => {
    const doc = await (await fetch(`${base}/api/v1/openapi.json`)).json();
    const missing = ROUTES.filter((route) => {
      const [method, path] = route.split(' ');
      return !doc.paths?.[path]?.[method.toLowerCase()] && !doc.paths?.[`/api/v1${path}`]?.[method.toLowerCase()];
    });
    expect(missing.length === 0, `missing from openapi.json: ${missing.join(', ')}`);
  });

  const unitContext = await newContext();
  const unitPage = await unitContext.newPage();
  const reviewerContext = await newContext();
  const reviewerPage = await reviewerContext.newPage();
  const browserContext = await newContext();
  const page = await browserContext.newPage();
  const loginMode = await signInIfNeeded(page, base, BROWSER);
  if (loginMode === 'signed_in') {
    await signInIfNeeded(unitPage, base, USER);
    await signInIfNeeded(reviewerPage, base, REVIEWER);
  }
  log(loginMode === 'no_login' ? 'the server has no login yet: continuing without it'
    : `signed in as ${BROWSER.login} (browses), ${USER.login} (enters) and ${REVIEWER.login} (reviews)`);
  await step('keyboard only: Tab to the search, type "ba thuoc", Enter opens Bá Thước', async () => {
    await page.goto(`${base}/units`);
    await page.getByRole('heading', { level: 1, name: 'Cây đơn vị' }).waitFor();
    const search = page.locator('#unit-search');
    await tabTo(page, search);
    expect(await focusIsVisible(page), 'the focused search field shows no focus ring');
    await page.keyboard.type('ba thuoc');
    await page.getByRole('option', { name: /Đảng bộ huyện Bá Thước/ }).waitFor();
    await shot(page, 'unit-search');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/units/${DISTRICT}`);
    await page.getByRole('heading', { level: 1, name: 'Đảng bộ huyện Bá Thước' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName === 'H1'), 'focus did not move to the new page heading');
  });

  await step('the overview shows 43/43 with 21 + 22', async () => {
    const card = page.locator('[data-obligation="ba-thuoc-quan-triet-dh23"]');
    await card.waitFor();
    expect((await card.locator('.big-fraction').textContent())?.trim() === '43/43', 'no 43/43 on the dissemination duty');
    expect((await card.locator('.kind-split').textContent())?.trim() === '(21 + 22)', 'no (21 + 22) breakdown');
    expect(await card.getByText('21/21').count() === 1 && await card.getByText('22/22').count() === 1, 'no 21/21 and 22/22 by kind');
    await page.locator('[data-item] .target-current').first().waitFor();
    await shot(page, 'overview-desktop');
  });

  await step('keyboard: "who has not" opens the 8 units behind 35/43, exported as CSV', async () => {
    const link = page.locator('[data-obligation="ba-thuoc-so-ket-6-thang-2021"] .who-has-not');
    expect((await link.textContent())?.includes('(8)'), 'the half-year review should have 8 units not done');
    await link.focus();
    expect(await focusIsVisible(page), 'the focused link shows no focus ring');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/obligations\/\d+\?.*filter=not_done/);
    await page.locator('table.assignments tbody tr').first().waitFor();
    const rows = await page.locator('table.assignments tbody tr').count();
    expect(rows === 8, `expected 8 units that have not, got ${rows}`);
    expect(await page.locator('table.assignments [data-status="overdue"]').count() === 8, 'the 8 should be red: overdue');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Xuất bảng (CSV)' }).click()]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF"Đơn vị"'), 'the CSV lacks its BOM or header');
    expect(csv.trim().split('\r\n').length === 9, 'the CSV should hold a header and 8 rows');
    await page.getByRole('button', { name: /Ai chưa hoàn thành/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('table.assignments tbody tr').length === 43);
    await shot(page, 'obligation');
  });

  await step("Thanh Sơn's new-rural target shows its chart", async () => {
    const search = page.locator('#unit-search');
    await search.focus();
    await page.keyboard.type('thanh son');
    await page.getByRole('option', { name: /Đảng bộ huyện Thanh Sơn/ }).waitFor();
    const first = await page.getByRole('option').first().textContent();
    expect(first?.includes('Đảng bộ huyện Thanh Sơn'), `the district should rank first, got ${first}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/units/thanh-son`);
    // The server's clock reads after the target's 2025 deadline: the overview judges it at the
    // deadline (no value for 2025 yet, with the last known value), not by a projection, and
    // says beside the figure which structure it uses.
    const row = page.locator('.target-row', { has: page.getByRole('link', { name: /CT-NTM/ }) });
    await row.waitFor();
    const rowText = await row.textContent();
    expect(rowText?.includes('Đã hết hạn, chưa có số liệu năm 2025; số liệu gần nhất 7/9 (năm 2024)'),
      `the target past its deadline should be judged at it, got ${rowText}`);
    expect(!rowText?.includes('Dự báo'), `a target past its deadline is not projected, got ${rowText}`);
    expect(rowText?.includes('theo địa giới hành chính ngày 31/12/2024'),
      `the target's figure should name the structure it uses, got ${rowText}`);
    await page.getByRole('link', { name: /CT-NTM/ }).click();
    await page.waitForURL(/\/targets\/\d+/);
    const canvas = page.locator('[data-chart="target"] canvas');
    await canvas.waitFor();
    const painted = await canvas.evaluate((el) => {
      const c = el;
      if (c.width < 100 || c.height < 100) return false;
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 3; i < data.length; i += 4 * 16) if (data[i] > 0) ink++;
      return ink > 100;
    });
    expect(painted, 'the chart canvas is blank');
    const current = await page.locator('[data-figure="current"]').textContent();
    expect(current?.startsWith('7'), `Thanh Sơn should have 7 new-rural communes now, got ${current}`);
    expect(current?.includes('theo địa giới hành chính ngày 31/12/2024'),
      `the current figure should name the structure it uses, got ${current}`);
    const status = await page.locator('.status-line').textContent();
    expect(status?.includes('Đã hết hạn, chưa có số liệu năm 2025'),
      `the target screen should judge the target at its deadline, got ${status}`);
    expect(await page.locator('#by-unit tbody tr').count() > 20, 'the table by subordinate unit is missing');
    await shot(page, 'target-chart');
  });

  await step('the document view shows the province 24 → district 20 cascade', async () => {
    const docs = await page.evaluate(() => fetch('/api/v1/documents').then((r) => r.json()));
    const district = docs?.items?.find((d) => d.code === 'nq-hu-binh-dai-2021');
    expect(district, 'the Bình Đại 2021 resolution is missing from the demo');
    await page.goto(`${base}/documents/${district.id}`);
    await page.locator('.coverage-summary').first().waitFor();
    const summary = await page.locator('.coverage-summary').first().textContent();
    expect(/\/24/.test(summary ?? ''), `coverage should count the province's 24 targets: ${summary}`);
    await shot(page, 'document');
  });

  // The district overview stays open in its own tab: its figures must change without a reload.
  const watchPage = await reviewerContext.newPage();
  await watchPage.goto(`${base}/units/${DISTRICT}`);
  const ocopTarget = watchPage.locator('[data-item] .target-current').nth(1);
  await ocopTarget.waitFor();
  const ocopBefore = (await ocopTarget.textContent())?.trim();

  await step('a unit enters a value (validated as typed) and submits its 2021 report', async () => {
    await unitPage.goto(`${base}/units/${ENTRY_UNIT}`);
    await unitPage.getByRole('link', { name: 'Nhập báo cáo' }).click();
    await unitPage.getByLabel('Chọn kỳ báo cáo').selectOption('2021');
    await unitPage.getByRole('button', { name: 'Xem báo cáo' }).click();
    await unitPage.waitForURL(`${base}/units/${ENTRY_UNIT}/report/2021`);
    const field = unitPage.locator(`[data-indicator="${OCOP}"] input`);
    await field.fill('abc');
    await unitPage.locator(`[data-indicator="${OCOP}"] .field-error`).getByText('Nhập một số').waitFor();
    await field.fill('1,5');
    await unitPage.locator(`[data-indicator="${OCOP}"] .field-error`).getByText('Nhập số nguyên').waitFor();
    await field.fill('1');
    await unitPage.locator(`[data-indicator="${OCOP}"] .field-error`).waitFor({ state: 'detached' });
    await unitPage.getByLabel('Kết quả đạt được').fill(
      'Sản phẩm mật ong Ban Công được công nhận OCOP 3 sao; hoàn thành kế hoạch năm 2021.');
    await unitPage.getByRole('button', { name: 'Lưu nháp' }).click();
    await unitPage.locator('.notice-ok').getByText('Đã lưu nháp').waitFor();
    await unitPage.evaluate(() => window.scrollTo(0, 0));
    await shot(unitPage, 'report-entry');
    await unitPage.getByRole('button', { name: 'Gửi báo cáo' }).click();
    await unitPage.locator('.notice-ok').getByText('Đã gửi báo cáo').waitFor();
    await unitPage.locator('.page-header [data-status="submitted"]').waitFor();
  });

  await step('the district overview shows the new value without a reload', async () => {
    await watchPage.waitForFunction(
      ([selector, before]) => {
        const el = document.querySelectorAll(selector)[1];
        return el && el.textContent.trim() !== before;
      },
      ['[data-item] .target-current', ocopBefore],
      { timeout: WAIT },
    );
    const after = (await ocopTarget.textContent())?.trim();
    expect(ocopBefore?.startsWith('6 / 15') && after?.startsWith('7 / 15'), `OCOP should go 6 → 7, went ${ocopBefore} → ${after}`);
  });

  await step('the reviewer accepts the report; the roll-up changes without a reload', async () => {
    const review = reviewerPage;
    await review.goto(`${base}/units/${DISTRICT}`);
    await review.locator('[data-period="2021"] a').click();
    await review.waitForURL(`${base}/units/${DISTRICT}/reports/2021`);
    await review.locator(`tr[data-unit="${ENTRY_UNIT}"] a`).click();
    await review.waitForURL(`${base}/units/${ENTRY_UNIT}/report/2021`);
    await review.getByLabel('Ý kiến của cấp duyệt').fill('Đã kiểm tra, số liệu khớp với hồ sơ.');
    await review.evaluate(() => window.scrollTo(0, 0));
    await shot(review, 'report-review');
    await review.getByRole('button', { name: 'Duyệt báo cáo' }).click();
    await review.locator('.notice-locked').waitFor();
    await watchPage.locator('[data-period="2021"] .report-accepted').getByText('1/43 đã duyệt').waitFor({ timeout: WAIT });
    await shot(watchPage, 'overview-after-review');
  });

  await step('the accepted report is locked for the unit', async () => {
    await unitPage.reload();
    await unitPage.locator('.notice-locked').waitFor();
    expect(await unitPage.getByRole('button', { name: 'Gửi báo cáo' }).count() === 0, 'a locked report can still be submitted');
    expect(await unitPage.locator(`[data-indicator="${OCOP}"]`).textContent() === '1 sản phẩm', 'the locked value is not shown');
  });

  await step('the Word report of Bá Thước is made as an export job and downloads as a .docx', async () => {
    await page.goto(`${base}/units/${DISTRICT}`);
    await page.getByLabel('Kỳ của tệp').selectOption('2021Q1');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      page.getByRole('button', { name: 'Tải báo cáo Word' }).click(),
    ]);
    expect(download.suggestedFilename().endsWith('.docx'), `unexpected name ${download.suggestedFilename()}`);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 2).toString('latin1') === 'PK', 'the .docx is not a zip');
    expect(bytes.length > 2000, `the .docx is only ${bytes.length} bytes`);
    expect(bytes.includes('word/document.xml'), 'the .docx has no word/document.xml');
    await page.locator('[data-downloads] [role="status"]').getByText(/Đã tải xuống tệp/).waitFor();
    // The job's progress stays on screen, full, naming its last phase.
    await page.locator('[data-downloads] [data-job-state="done"] [data-progress="100"]').waitFor();
    await page.locator('[data-downloads] [data-phase="writing"]').getByText('Ghi tệp').waitFor();
  });

  await step('a unit editor imports a CSV as a job: progress reaches 100% and the figure changes', async () => {
    const before = (await ocopTarget.textContent())?.trim();
    await unitPage.goto(`${base}/units/${IMPORT_UNIT}`);
    const csv = `indicator_code,unit_code,period,value,comment\r\n${OCOP},${IMPORT_UNIT},2021,2,Nhập từ tệp CSV\r\n`;
    await unitPage.getByLabel('Chọn tệp số liệu').setInputFiles({ name: 'so-lieu.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await unitPage.getByRole('button', { name: 'Nhập số liệu từ tệp' }).click();
    await unitPage.locator('[data-import] [data-progress="100"]').waitFor();
    await unitPage.locator('[data-import] .notice-ok').getByText('Đã ghi 1 giá trị').waitFor();
    const progress = await unitPage.locator('[data-import] [role="progressbar"]').getAttribute('aria-valuenow');
    expect(progress === '100', `the progress bar shows ${progress}`);
    await unitPage.locator('[data-import]').scrollIntoViewIfNeeded();
    await unitPage.locator('#files').screenshot({ path: join(shots, 'import-progress.png') });
    await watchPage.waitForFunction(
      ([selector, previous]) => {
        const el = document.querySelectorAll(selector)[1];
        return el && el.textContent.trim() !== previous;
      },
      ['[data-item] .target-current', before],
      { timeout: WAIT },
    );
    const after = (await ocopTarget.textContent())?.trim();
    expect(after?.startsWith('9 / 15'), `OCOP should go ${before} → 9 / 15, went to ${after}`);
  });

  await step('a unit editor marks an assignment done with evidence', async () => {
    const overview = await unitPage.evaluate((unit) => fetch(`/api/v1/views/overview?unit_id=${unit}`).then((r) => r.json()), DISTRICT);
    const duty = overview.obligations.find((o) => o.code === 'ba-thuoc-so-ket-6-thang-2021');
    expect(duty, 'the half-year review duty is missing');
    await unitPage.goto(`${base}/obligations/${duty.obligation_id}?unit=${DISTRICT}&filter=not_done`);
    const rows = unitPage.locator('table.assignments tbody tr');
    await rows.first().waitFor();
    const notDone = await rows.count();
    const first = rows.first();
    const unitCode = await first.getAttribute('data-unit');
    await first.getByRole('button', { name: /Báo cáo hoàn thành/ }).click();
    const form = unitPage.locator(`[data-evidence-form="${unitCode}"]`);
    await form.waitFor();
    expect(await unitPage.evaluate(() => document.activeElement?.tagName === 'H3'), 'focus did not move to the form');
    await form.getByLabel('Số văn bản').fill('');
    await form.getByLabel('Thành phần 1').fill('');
    await form.getByLabel('Số người 1').fill('');
    expectRefusedAssignment = true;
    await form.getByRole('button', { name: 'Lưu hoàn thành' }).click();
    await form.locator('[data-field-error="evidence"]').waitFor();
    await form.getByLabel('Ngày hoàn thành').fill('2021-07-20');
    await form.getByLabel('Số văn bản').fill('12-BC/ĐU');
    await form.getByLabel('Ngày văn bản').fill('2021-07-20');
    await form.getByLabel('Thành phần 1').fill('cán bộ, đảng viên');
    await form.getByLabel('Số người 1').fill('35');
    await form.getByLabel('Ghi chú').fill('Hội nghị sơ kết 6 tháng đầu năm 2021');
    await form.getByRole('button', { name: 'Lưu hoàn thành' }).click();
    await unitPage.locator('.notice-ok').getByText('Đã ghi nhận hoàn thành').waitFor();
    expectRefusedAssignment = false;
    await unitPage.waitForFunction((n) => document.querySelectorAll('table.assignments tbody tr').length === n - 1, notDone);
  });

  await step('recommendations: raise, answer, close', async () => {
    await unitPage.goto(`${base}/units/${ENTRY_UNIT}/recommendations`);
    await unitPage.getByLabel('Tiêu đề').fill('Hỗ trợ xây dựng nhãn hiệu mật ong Ban Công');
    await unitPage.getByLabel('Nội dung đề xuất').fill('Đề nghị huyện hỗ trợ kinh phí đăng ký nhãn hiệu tập thể.');
    await unitPage.getByRole('button', { name: 'Gửi kiến nghị' }).click();
    await unitPage.locator('.notice-ok').getByText('Đã gửi kiến nghị').waitFor();
    await unitPage.locator('#outgoing').getByText('Hỗ trợ xây dựng nhãn hiệu mật ong Ban Công').waitFor();
    // The district answers: managing for the district (the browsing user may).
    await page.goto(`${base}/units/${DISTRICT}/recommendations`);
    const item = page.locator('#incoming li', { hasText: 'nhãn hiệu mật ong' });
    await item.getByLabel('Nội dung trả lời').fill('Huyện bố trí kinh phí trong kế hoạch năm 2022.');
    await item.getByRole('button', { name: 'Gửi trả lời' }).click();
    await item.locator('[data-status="answered"]').waitFor();
    await shot(page, 'recommendations');
    await unitPage.goto(`${base}/units/${ENTRY_UNIT}/recommendations`);
    const mine = unitPage.locator('#outgoing li', { hasText: 'nhãn hiệu mật ong' });
    await mine.getByRole('button', { name: /Đóng kiến nghị/ }).click();
    await mine.locator('[data-status="closed"]').waitFor();
  });

  await step('English toggle and back', async () => {
    await page.goto(`${base}/units/${DISTRICT}`);
    await page.getByRole('button', { name: 'Chuyển sang tiếng Anh' }).click();
    await page.getByRole('heading', { name: 'Resolution targets' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang) === 'en', 'html lang is not en');
    await page.getByRole('button', { name: 'Switch to Vietnamese' }).click();
    await page.getByRole('heading', { name: 'Chỉ tiêu Nghị quyết' }).waitFor();
  });

  await step('the overview works on a phone screen', async () => {
    const phone = await newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    if (loginMode === 'signed_in') await signInIfNeeded(await phone.newPage(), base, BROWSER);
    const small = phone.pages()[0] ?? await phone.newPage();
    await small.goto(`${base}/units/${DISTRICT}`);
    await small.locator('[data-obligation="ba-thuoc-quan-triet-dh23"] .big-fraction').waitFor();
    const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 1, `the page is ${overflow}px wider than the phone`);
    await shot(small, 'overview-phone');
    await phone.close();
  });

  await step('no console errors', async () => {
    expect(consoleErrors.length === 0, `\n  ${consoleErrors.join('\n  ')}`);
  });
}

const watchdog = setTimeout(() => {
  log(`FAIL the run took longer than ${WATCHDOG_MS / 1000} s`);
  cleanup().finally(() => process.exit(1));
}, WATCHDOG_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => cleanup().finally(() => process.exit(130)));
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  if (!results.some((r) => !r.ok)) log(`FAIL setup: ${error instanceof Error ? error.stack ?? error.message : error}`);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
const passed = results.filter((r) => r.ok).length;
const failures = results.length - passed + (failed && results.every((r) => r.ok) ? 1 : 0);
console.log(`e2e: ${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
