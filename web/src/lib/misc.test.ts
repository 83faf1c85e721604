import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';
import { foldVietnamese, matchesSearch } from './fold';
import { validateValue, valueToSend } from './validate';

describe('foldVietnamese', () => {
  it('ignores diacritics and case', () => {
    expect(foldVietnamese('Bá Thước')).toBe('ba thuoc');
    expect(foldVietnamese('Đảng bộ huyện Bình Đại')).toBe('dang bo huyen binh dai');
    expect(matchesSearch('Đảng bộ huyện Bá Thước', 'ba thuoc')).toBe(true);
    expect(matchesSearch('Thanh Sơn', 'ba thuoc')).toBe(false);
  });
  it('treats decomposed (NFD) text like composed', () => {
    expect(foldVietnamese('Hue\u0302\u0301')).toBe('hue');
  });
});

describe('validateValue', () => {
  const count = { value_type: 'number' as const, decimals: 0 };
  const rate = { value_type: 'percent' as const, decimals: 1 };
  it('accepts empty and good values', () => {
    expect(validateValue(count, '', 'vi')).toBeNull();
    expect(validateValue(count, '1.234', 'vi')).toBeNull();
    expect(validateValue(rate, '80,9', 'vi')).toBeNull();
  });
  it('names what is wrong', () => {
    expect(validateValue(count, 'abc', 'vi')?.key).toBe('report.valid.number');
    expect(validateValue(count, '-1', 'vi')?.key).toBe('report.valid.negative');
    expect(validateValue(count, '1,5', 'vi')?.key).toBe('report.valid.integer');
    expect(validateValue(rate, '80,95', 'vi')).toEqual({ key: 'report.valid.decimals', vars: { n: 1 } });
    expect(validateValue(rate, '101', 'vi')?.key).toBe('report.valid.percent');
  });
  it('sends yes/no as booleans and numbers as numbers', () => {
    expect(valueToSend({ value_type: 'yes_no', decimals: 0 }, 'yes', 'vi')).toBe(true);
    expect(valueToSend({ value_type: 'yes_no', decimals: 0 }, 'no', 'vi')).toBe(false);
    expect(valueToSend({ value_type: 'yes_no', decimals: 0 }, '', 'vi')).toBeUndefined();
    expect(valueToSend(rate, '80,9', 'vi')).toBe(80.9);
  });
});

describe('csv', () => {
  it('quotes cells and defuses formulas', () => {
    expect(csvCell('Bá Thước')).toBe('"Bá Thước"');
    expect(csvCell('a "b"')).toBe('"a ""b"""');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(null)).toBe('""');
  });
  it('starts with a byte-order mark for Excel', () => {
    expect(toCsv([['a', 1]])).toBe('\uFEFF"a","1"\r\n');
  });
});
