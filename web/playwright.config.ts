// The browser tests (e2e/*.spec.ts): @playwright/test driving Debian's Chromium (never a
// downloaded browser) against real `nqtrack serve` processes, each spec file on its own copy of a
// demo database made once (e2e/global-setup.ts). Every test runs on a desktop screen and on a
// 390 px touch phone unless it is about one width. Traces and screenshots are kept for failures
// under test-results/ (git-ignored, or NQ_E2E_OUTPUT).
//
// Environment: NQ_BINARY (default build/debug/src/cli/nqtrack, from the repository root),
// NQ_CHROMIUM (default /usr/bin/chromium), NQ_SCREENSHOTS (default docs/screenshots),
// NQ_E2E_WORKERS (default 1), the demo users of e2e/users.ts.
import { defineConfig } from '@playwright/test';

const chromium = {
  browserName: 'chromium' as const,
  launchOptions: {
    executablePath: process.env.NQ_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  },
};

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.NQ_E2E_OUTPUT ?? 'test-results',
  globalSetup: './e2e/global-setup.ts',
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  workers: Number(process.env.NQ_E2E_WORKERS ?? 1),
  timeout: 90_000,
  globalTimeout: 20 * 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? 'test-results/results.json' }]],
  use: {
    ...chromium,
    headless: true,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    acceptDownloads: true,
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 } },
  ],
});
