// The DuckDB peer of the national benchmark (bench/national): loads the generator's CSV files
// into a DuckDB database with 2 threads, builds the closure table, runs each query's SQL (written
// by national_bench) cold once and hot until its count or time budget, and writes the timings
// and the checksum of each answer as JSON.
//   node run.mjs CONFIG.json OUT.json
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { DuckDBInstance, version } from '@duckdb/node-api';

const [configPath, outPath] = process.argv.slice(2);
const config = JSON.parse(readFileSync(configPath, 'utf8'));

const SCHEMA = `
CREATE TABLE units (id INTEGER PRIMARY KEY, parent_id INTEGER, depth INTEGER NOT NULL,
  level INTEGER NOT NULL, code VARCHAR NOT NULL, name VARCHAR NOT NULL);
CREATE TABLE indicators (id INTEGER PRIMARY KEY, code VARCHAR, name VARCHAR, kind INTEGER,
  depth INTEGER, pt INTEGER, numerator_id INTEGER, denominator_id INTEGER);
CREATE TABLE datavalue (indicator_id INTEGER NOT NULL, unit_id INTEGER NOT NULL,
  pt SMALLINT NOT NULL, ps SMALLINT NOT NULL, version SMALLINT NOT NULL, current SMALLINT NOT NULL,
  number INTEGER NOT NULL, entered_day INTEGER NOT NULL);
CREATE TABLE goals (indicator_id INTEGER NOT NULL, unit_id INTEGER NOT NULL, goal BIGINT NOT NULL);
CREATE TABLE obligations (id INTEGER PRIMARY KEY, code VARCHAR, depth INTEGER,
  issued_day INTEGER, due_day INTEGER);
CREATE TABLE assignments (id INTEGER NOT NULL, obligation_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL, status INTEGER NOT NULL, completed_day INTEGER, evidence INTEGER NOT NULL);
CREATE TABLE closure (ancestor_id INTEGER NOT NULL, unit_id INTEGER NOT NULL,
  ancestor_depth INTEGER NOT NULL, unit_depth INTEGER NOT NULL);
`;

// The same statement as kClosureInsert in bench/national/sqlite_peer.h.
const CLOSURE = `INSERT INTO closure (ancestor_id, unit_id, ancestor_depth, unit_depth)
WITH RECURSIVE c(ancestor_id, unit_id, ancestor_depth, unit_depth) AS (
SELECT id, id, depth, depth FROM units UNION ALL
SELECT c.ancestor_id, u.id, c.ancestor_depth, u.depth FROM c JOIN units u ON u.parent_id = c.unit_id)
SELECT ancestor_id, unit_id, ancestor_depth, unit_depth FROM c`;

const TABLES = ['units', 'indicators', 'datavalue', 'goals', 'obligations', 'assignments'];

function millisSince(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function percentile(samples, fraction) {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(Math.max(Math.ceil(fraction * sorted.length), 1), sorted.length);
  return sorted[rank - 1];
}

// The query's one row as the checksum text; interrupted after the configured timeout.
async function checksum(connection, sql) {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, config.timeout_seconds * 1000);
  try {
    const reader = await connection.runAndReadAll(sql);
    const row = reader.getRows()[0];
    return row.map((value) => (value === null ? '0' : value.toString())).join('/');
  } catch (error) {
    if (timedOut) throw new Error(`timeout after ${config.timeout_seconds} s`);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function measure(connection, entry) {
  const timing = { cold_ms: 0, median_ms: 0, p99_ms: 0, hot_runs: 0, checksum: '' };
  try {
    let start = process.hrtime.bigint();
    timing.checksum = await checksum(connection, entry.sql);
    timing.cold_ms = millisSince(start);
    if (timing.cold_ms > entry.budget_seconds * 1000) {
      timing.median_ms = timing.p99_ms = timing.cold_ms;
      return timing;
    }
    const hot = [];
    const budgetStart = process.hrtime.bigint();
    while (hot.length < entry.hot_runs) {
      start = process.hrtime.bigint();
      const again = await checksum(connection, entry.sql);
      hot.push(millisSince(start));
      if (again !== timing.checksum) {
        timing.error = `checksum changed between runs: ${again}`;
        break;
      }
      if (millisSince(budgetStart) > entry.budget_seconds * 1000) break;
    }
    timing.hot_runs = hot.length;
    timing.median_ms = percentile(hot, 0.5);
    timing.p99_ms = percentile(hot, 0.99);
  } catch (error) {
    timing.error = String(error.message ?? error);
  }
  return timing;
}

async function main() {
  rmSync(config.db_path, { force: true });
  rmSync(`${config.db_path}.wal`, { force: true });
  const instance = await DuckDBInstance.create(config.db_path, { threads: String(config.threads) });
  const connection = await instance.connect();
  const load = [];
  let start = process.hrtime.bigint();
  await connection.run(SCHEMA);
  for (const table of TABLES) {
    await connection.run(
      `INSERT INTO ${table} SELECT * FROM read_csv('${config.csv_dir}/${table}.csv', header = true)`);
  }
  load.push({ phase: 'csv load', seconds: millisSince(start) / 1000 });
  start = process.hrtime.bigint();
  await connection.run(CLOSURE);
  load.push({ phase: 'closure', seconds: millisSince(start) / 1000 });
  start = process.hrtime.bigint();
  await connection.run('CHECKPOINT');
  load.push({ phase: 'checkpoint', seconds: millisSince(start) / 1000 });
  console.error(`duckdb: loaded in ${load.reduce((sum, p) => sum + p.seconds, 0).toFixed(1)} s`);

  const results = [];
  for (const entry of config.queries) {
    if (!entry.sql) continue;
    const timing = await measure(connection, entry);
    console.error(`duckdb ${entry.approach} ${entry.query}: cold ${timing.cold_ms.toFixed(2)} ms, ` +
      `median ${timing.median_ms.toFixed(2)} ms, p99 ${timing.p99_ms.toFixed(2)} ms ` +
      `(${timing.hot_runs} hot runs) ${timing.checksum}${timing.error ? ' ERROR ' + timing.error : ''}`);
    results.push({ query: entry.query, approach: entry.approach, timing });
  }
  connection.closeSync();
  instance.closeSync();
  writeFileSync(outPath, JSON.stringify({ version: version(), load, results }));
}

main().catch((error) => {
  console.error(`duckdb: ${error.stack ?? error}`);
  process.exit(1);
});
