// The contract test: every answer the API test suites recorded (tests/api/server_fixture.cc with
// NQ_API_RECORD) is checked against the OpenAPI document's schema for its route, status and media
// type. A status the route does not declare, a media type it does not answer, or a body that
// does not validate fails.
//
//   node web/scripts/api-contract.mjs <nqtrack binary> <folder of *.jsonl recordings>
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [nqtrack, folder] = process.argv.slice(2);
if (!nqtrack || !folder) {
  console.error('usage: api-contract.mjs <nqtrack> <recordings folder>');
  process.exit(2);
}

const document = JSON.parse(execFileSync(nqtrack, ['openapi'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
// The components as one schema the others refer to ("openapi#/components/schemas/Unit").
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: document.components });
const anchored = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi#/components/'));

function resolve(node) {
  if (node && typeof node.$ref === 'string' && node.$ref.startsWith('#/components/')) {
    const [, , section, name] = node.$ref.split('/');
    return document.components[section][name];
  }
  return node;
}

let recordings;
try {
  recordings = readdirSync(folder).filter((name) => name.endsWith('.jsonl'));
} catch {
  recordings = [];
}
if (recordings.length === 0) {
  console.error(`api_contract: no recorded answers in ${folder} (run api_test_postgres and reorg_api_test_postgres)`);
  process.exit(1);
}

const validators = new Map();
const failures = [];
const exercised = new Set();
let checked = 0;
for (const name of recordings) {
  for (const line of readFileSync(join(folder, name), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const answer = JSON.parse(line);
    const where = `${answer.method} ${answer.pattern} → ${answer.status}`;
    const operation = document.paths[answer.pattern.replace(/^\/api\/v1/, '')]?.[answer.method.toLowerCase()];
    if (!operation) {
      failures.push(`${where}: the document has no such operation`);
      continue;
    }
    exercised.add(`${answer.method} ${answer.pattern}`);
    const response = resolve(operation.responses[String(answer.status)] ?? operation.responses.default);
    if (!response) {
      failures.push(`${where}: status not declared`);
      continue;
    }
    checked += 1;
    const type = (answer.type ?? '').split(';')[0].trim();
    const content = response.content ?? {};
    const mediaType = Object.keys(content).find((key) => key.split(';')[0].trim() === type);
    if (mediaType === undefined) {
      failures.push(`${where}: media type ${type} not declared (declared: ${Object.keys(content).join(', ') || 'none'})`);
      continue;
    }
    if (!('body' in answer) || content[mediaType].schema?.format === 'binary') continue;
    if (answer.unparsed) {
      failures.push(`${where}: the body is not JSON`);
      continue;
    }
    const key = `${answer.method} ${answer.pattern} ${answer.status} ${mediaType}`;
    if (!validators.has(key)) validators.set(key, ajv.compile(anchored(content[mediaType].schema ?? {})));
    const validate = validators.get(key);
    if (!validate(answer.body)) {
      const errors = validate.errors.slice(0, 3).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
      failures.push(`${where}: ${errors}\n    ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
  }
}

const operations = Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
const unique = [...new Set(failures)];
console.log(`api_contract: ${checked} answers checked against their schemas; ${exercised.size} of ${operations} operations exercised`);
for (const failure of unique.slice(0, 40)) console.log(`  FAIL ${failure}`);
if (unique.length > 40) console.log(`  … and ${unique.length - 40} more`);
console.log(`api_contract: ${unique.length === 0 ? 'passed' : `FAILED (${unique.length} distinct mismatches)`}`);
process.exit(unique.length === 0 ? 0 : 1);
