// The API routes the UI calls are all in the server's OpenAPI document (no browser: once).
import { baseUrl, expect, test, useServer } from './fixtures';

useServer();

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
  'GET /inbox', 'POST /notices/{id}/read', 'POST /obligations/{id}/reminders', 'GET /obligations/reach', 'POST /obligations',
  'GET /rollups/cascade', 'GET /documents', 'GET /declarations', 'POST /declarations', 'DELETE /declarations/{id}',
  'POST /links', 'DELETE /links/{id}', 'POST /concretizations',
];

test('every API route the UI calls is in the OpenAPI document', async ({}, testInfo) => {
  test.skip(testInfo.project.name !== 'desktop', 'no screen: checked once');
  const doc = (await (await fetch(`${baseUrl()}/api/v1/openapi.json`)).json()) as { paths?: Record<string, Record<string, unknown>> };
  const missing = ROUTES.filter((route) => {
    const [method, path] = route.split(' ') as [string, string];
    return !doc.paths?.[path]?.[method.toLowerCase()] && !doc.paths?.[`/api/v1${path}`]?.[method.toLowerCase()];
  });
  expect(missing, 'missing from openapi.json').toEqual([]);
});
