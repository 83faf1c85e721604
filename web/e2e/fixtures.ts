// What every browser test shares: a server per spec file on its own copy of the demo database,
// pages signed in as a demo user, console errors failing the test that caused them, keyboard
// helpers and the screenshots the README shows.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page, type TestInfo } from '@playwright/test';
import { binary, screenshots, web } from './paths';
import type { Credentials } from './users';

export { expect };

interface Server {
  base: string;
  process: ChildProcess;
  dir: string;
}

let server: Server | null = null;

// Starts `nqtrack serve` (loopback, a port of the kernel's choosing) on a copy of the demo
// database before the file's first test and stops it after its last. Call at the top of a spec
// file; the tests of the file run in order, one after the other.
export function useServer(): void {
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    server = await startServer();
  });
  test.afterAll(async () => {
    const s = server;
    server = null;
    if (s) await stopServer(s);
  });
}

async function startServer(): Promise<Server> {
  const demo = process.env.NQ_E2E_DEMO_DB;
  if (!demo) throw new Error('NQ_E2E_DEMO_DB is not set: the global set-up did not run');
  const dir = mkdtempSync(join(tmpdir(), 'nqtrack-e2e-serve-'));
  const db = join(dir, 'demo.db');
  for (const suffix of ['', '-wal', '-shm']) if (existsSync(demo + suffix)) copyFileSync(demo + suffix, db + suffix);
  const child = spawn(binary, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web-root', join(web, 'dist')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The request log (level info) is drained; warnings, errors and sanitizer reports are shown.
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (!/^\{"time":"[^"]*","level":"info"/.test(line)) process.stderr.write(`server: ${line}\n`);
  });
  const lines = createInterface({ input: child.stdout! });
  try {
    const first = await new Promise<string>((resolveLine, reject) => {
      const timer = setTimeout(() => reject(new Error('the server printed nothing in 60 s')), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        resolveLine(line);
      });
      child.once('exit', (code) => reject(new Error(`the server exited with ${code} before serving`)));
    });
    const match = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(first);
    if (!match) throw new Error(`unexpected first line from the server: ${first}`);
    lines.on('line', () => {});  // the request log: drained, not shown
    return { base: match[1]!, process: child, dir };
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function stopServer(s: Server): Promise<void> {
  if (s.process.exitCode === null && s.process.signalCode === null) {
    const exited = new Promise((done) => s.process.once('exit', done));
    s.process.kill('SIGTERM');
    const timer = setTimeout(() => s.process.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(s.dir, { recursive: true, force: true });
}

// The address of the file's server.
export function baseUrl(): string {
  if (!server) throw new Error('no server: call useServer() at the top of the spec file');
  return server.base;
}

interface SignInOptions {
  // Called on the login screen before it is filled in.
  atLogin?: (page: Page) => Promise<void>;
}

interface Fixtures {
  // A new page in a context of its own (own cookies), signed in as `user` when the server has login.
  signIn: (user: Credentials, options?: SignInOptions) => Promise<Page>;
  // Console errors and page errors of every page the test opened; the test fails when any.
  consoleErrors: string[];
}

export const test = base.extend<Fixtures>({
  consoleErrors: [
    async ({}, use) => {
      const errors: string[] = [];
      await use(errors);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
  signIn: async ({ browser, consoleErrors }, use, testInfo) => {
    const contexts: BrowserContext[] = [];
    const allowed: { text: RegExp; url: RegExp }[] = [];
    allowList = allowed;
    await use(async (user, options = {}) => {
      const context = await newContext(browser, testInfo);
      contexts.push(context);
      context.on('page', (page) => watch(page, consoleErrors, allowed));
      const page = await context.newPage();
      await signInIfNeeded(page, user, options);
      return page;
    });
    for (const context of contexts) await context.close();
  },
});

let allowList: { text: RegExp; url: RegExp }[] = [];
// Lets a console error through for the rest of the test (e.g. the server's 400 to a form sent empty on purpose).
export function allowConsoleError(text: RegExp, url: RegExp): void {
  allowList.push({ text, url });
}

async function newContext(browser: Browser, testInfo: TestInfo): Promise<BrowserContext> {
  const { viewport, isMobile, hasTouch, deviceScaleFactor, locale, timezoneId } = testInfo.project.use;
  const context = await browser.newContext({ viewport, isMobile, hasTouch, deviceScaleFactor, locale, timezoneId, acceptDownloads: true });
  context.setDefaultTimeout(20_000);
  return context;
}

function watch(page: Page, errors: string[], allowed: { text: RegExp; url: RegExp }[]): void {
  page.on('pageerror', (error) => errors.push(`pageerror on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    // The session answer before signing in (401) or on a server without login yet (404) is
    // part of the protocol; Chromium logs any such response as a failed resource.
    const url = message.location()?.url ?? '';
    if (/Failed to load resource/.test(message.text()) && /\/api\/v1\/session$/.test(url)) return;
    if (allowed.some((a) => a.text.test(message.text()) && a.url.test(url))) return;
    errors.push(`console.error on ${page.url()}: ${message.text()} ${url}`);
  });
}

// Signs in through the login screen when the server has login (404 on /api/v1/session: not yet).
export async function signInIfNeeded(
  page: Page,
  { login, password }: Credentials,
  { atLogin }: SignInOptions = {},
): Promise<'no_login' | 'signed_in'> {
  const response = await fetch(`${baseUrl()}/api/v1/session`);
  if (response.status === 404) return 'no_login';
  await page.goto(`${baseUrl()}/`);
  await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
  await atLogin?.(page);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('.topbar').waitFor();
  return 'signed_in';
}

// Writes docs/screenshots/<name>.png, the README's pictures, from the one project they show
// (the desktop unless told); the other width only checks the screen.
export async function shot(
  target: Page | Locator,
  name: string,
  testInfo: TestInfo,
  project: 'desktop' | 'phone' = 'desktop',
): Promise<void> {
  if (testInfo.project.name !== project) return;
  await target.screenshot({ path: join(screenshots, `${name}.png`) });
}

// Picks a unit in a unit picker: types to narrow the list, then chooses the unit by its code.
export async function pickUnit(scope: Locator, label: string, search: string, code: string): Promise<void> {
  await scope.getByRole('searchbox', { name: new RegExp(`^${label.replace(/[()]/g, '\\$&')}:`) }).fill(search);
  const select = scope.getByLabel(label, { exact: true });
  await expect(select.locator('option', { hasText: `(${code})` })).toHaveCount(1);
  const value = await select.locator('option', { hasText: `(${code})` }).getAttribute('value');
  await select.selectOption(value!);
}

// The date `days` from today in Việt Nam (UTC+7, the tests' time zone), as yyyy-mm-dd.
export function isoInDays(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

// Presses Tab until `locator` has the focus; fails after `limit` presses.
export async function tabTo(page: Page, locator: Locator, limit = 25): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`Tab never reached ${locator}`);
}

// Whether the focused element shows a focus ring (an outline of 2 px or more).
export async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}

export function isPhone(testInfo: TestInfo): boolean {
  return testInfo.project.name === 'phone';
}
