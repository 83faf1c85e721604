import { describe, expect, it } from 'vitest';
import { auditChanges, cellText, vietnamDayStart } from './auditDiff';

describe('auditChanges', () => {
  it('lists only the fields that changed, old and new, leaving out the version', () => {
    expect(auditChanges(
      { id: 7, name: 'Lê Thị Hoa', email: '', disabled: false, version: 1 },
      { id: 7, name: 'Lê Thị Hoa', email: 'hoa@example.vn', disabled: true, version: 2 },
    )).toEqual([
      { field: 'email', before: '', after: 'hoa@example.vn' },
      { field: 'disabled', before: 'false', after: 'true' },
    ]);
  });
  it('keeps the version when nothing else changed', () => {
    expect(auditChanges({ a: 1, version: 1 }, { a: 1, version: 2 })).toEqual([{ field: 'version', before: '1', after: '2' }]);
  });
  it('shows a created record as its fields with nothing before, a deleted one with nothing after', () => {
    expect(auditChanges(null, { role: 'editor', unit_id: 12 })).toEqual([
      { field: 'role', before: null, after: 'editor' },
      { field: 'unit_id', before: null, after: '12' },
    ]);
    expect(auditChanges({ role: 'viewer' }, null)).toEqual([{ field: 'role', before: 'viewer', after: null }]);
  });
  it('adds fields that only the new record has, after the old ones, and compares nested values', () => {
    expect(auditChanges({ a: { x: [1, 2] }, b: 'same' }, { b: 'same', a: { x: [1, 3] }, c: null })).toEqual([
      { field: 'a', before: '{"x":[1,2]}', after: '{"x":[1,3]}' },
      { field: 'c', before: null, after: '' },
    ]);
  });
  it('shows a value that is no record as a whole, and nothing when both are empty', () => {
    expect(auditChanges(null, null)).toEqual([]);
    expect(auditChanges(null, 'text')).toEqual([{ field: '', before: null, after: 'text' }]);
    expect(auditChanges([1], [1])).toEqual([]);
  });
  it('writes values as one line of text', () => {
    expect(cellText('Bá Thước')).toBe('Bá Thước');
    expect(cellText(null)).toBe('');
    expect(cellText(3.5)).toBe('3.5');
    expect(cellText(true)).toBe('true');
  });
});

describe('vietnamDayStart', () => {
  it('starts the day at midnight in Vietnam, 17:00 UTC the day before', () => {
    expect(vietnamDayStart('2026-03-01')).toBe(Date.UTC(2026, 1, 28, 17));
    expect(vietnamDayStart('2026-03-01', true)).toBe(Date.UTC(2026, 2, 1, 17));
  });
  it('refuses what is no day', () => {
    expect(vietnamDayStart('')).toBeNull();
    expect(vietnamDayStart('2026-3-1')).toBeNull();
    expect(vietnamDayStart('2026-13-45')).toBeNull();
  });
});
