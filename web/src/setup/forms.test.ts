import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import type { Translate } from '../i18n';
import { applyServerError, CODE, fieldMessage, PERIOD } from './forms';

const t = ((key: string) => `«${key}»`) as Translate;

describe('period and code patterns', () => {
  it('accepts the server period codes only', () => {
    for (const ok of ['2025', '2025S1', '2025Q3', '202507', '2020T5']) expect(PERIOD.test(ok), ok).toBe(true);
    for (const bad of ['25', '2025Q5', '202513', '2025S3', 'năm 2025']) expect(PERIOD.test(bad), bad).toBe(false);
  });
  it('codes are lower-case words joined by hyphens', () => {
    expect(CODE.test('nq-dh-2025')).toBe(true);
    expect(CODE.test('Nghị quyết')).toBe(false);
    expect(CODE.test('-a')).toBe(false);
  });
});

describe('applyServerError', () => {
  const fields = ['title', 'code', 'period_to'];
  const calls: [string, string][] = [];
  const setError = ((name: string, error: { message: string }) => calls.push([name, error.message])) as never;

  it('puts a refusal at the field its pointer names', () => {
    calls.length = 0;
    const result = applyServerError(new ApiError(400, 'field "/period_to" (2025) is before "/period_from" (2026)', '/period_to'), setError, fields, t);
    expect(result).toEqual({ kind: 'field' });
    expect(calls).toEqual([['period_to', 'field "/period_to" (2025) is before "/period_from" (2026)']]);
  });
  it('a taken code is the code field, in the user\'s language', () => {
    calls.length = 0;
    expect(applyServerError(new ApiError(409, 'UNIQUE constraint failed: documents.code'), setError, fields, t)).toEqual({ kind: 'field' });
    expect(calls).toEqual([['code', '«setup.codeTaken»']]);
  });
  it('412 is a version conflict; anything else a general error', () => {
    expect(applyServerError(new ApiError(412, 'stale'), setError, fields, t)).toEqual({ kind: 'stale' });
    expect(applyServerError(new ApiError(0, 'network'), setError, fields, t)).toEqual({ kind: 'error', message: '«state.error.network»' });
    expect(applyServerError(new ApiError(403, 'forbidden', '/issuer'), setError, fields, t)).toEqual({ kind: 'error', message: 'forbidden' });
  });
  it('a field message is translated when it is a catalogue key', () => {
    expect(fieldMessage(t, 'setup.required')).toBe('«setup.required»');
    expect(fieldMessage(t, 'from the server')).toBe('from the server');
    expect(fieldMessage(t, undefined)).toBeUndefined();
  });
});
