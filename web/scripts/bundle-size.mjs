// Reports the compressed size of the JavaScript the first page loads: every script and
// modulepreload that dist/index.html names, gzipped at level 9. Fails when it passes the budget.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const first = new Set();
for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)) {
  first.add(match[1]);
}
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);
let firstTotal = 0;
for (const file of first) {
  const size = gz(file);
  firstTotal += size;
  console.log(`  ${file}: ${kb(size)} kB gz`);
}
const all = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const lazy = all.filter((f) => !first.has(`assets/${f}`));
const lazyTotal = lazy.reduce((sum, f) => sum + gz(`assets/${f}`), 0);
console.log(`first page JavaScript: ${kb(firstTotal)} kB gz (budget ${BUDGET_KB} kB) in ${first.size} file(s)`);
console.log(`loaded on demand (charts): ${kb(lazyTotal)} kB gz in ${lazy.length} file(s)`);
if (first.size === 0) {
  console.error('bundle-size: index.html names no script');
  process.exit(1);
}
if (firstTotal > BUDGET_KB * 1024) {
  console.error(`bundle-size: first page JavaScript is over the ${BUDGET_KB} kB budget`);
  process.exit(1);
}
