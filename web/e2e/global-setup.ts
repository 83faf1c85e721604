// Makes the demo database once for the whole run (`nqtrack demo`, in a temporary folder); each
// spec file's server works on its own copy of it (e2e/fixtures.ts), so no file sees another's
// writes. Returns the teardown that removes the folder.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, screenshots, web } from './paths';

export default function globalSetup(): () => void {
  if (!existsSync(join(web, 'dist', 'index.html'))) throw new Error('web/dist is not built: run `npm run build` in web/ first');
  mkdirSync(screenshots, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'nqtrack-e2e-'));
  const db = join(tmp, 'demo.db');
  const demo = spawnSync(binary, ['demo', '--db', db], { encoding: 'utf8', timeout: 180_000 });
  if (demo.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`${binary} demo failed: ${demo.stderr || demo.stdout || demo.error}`);
  }
  process.env.NQ_E2E_DEMO_DB = db;
  return () => rmSync(tmp, { recursive: true, force: true });
}
