import { describe, expect, it } from 'vitest';
import { daysBetween, formatDate, formatDateTime, formatFraction, formatNumber, formatPercent, parseNumber, todayIso } from './format';

describe('formatNumber', () => {
  it('writes Vietnamese grouping and decimal marks', () => {
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
    expect(formatNumber(1234567.891, 'vi')).toBe('1.234.567,89');
    expect(formatNumber(80.9, 'vi', { decimals: 1 })).toBe('80,9');
    expect(formatNumber(43, 'vi')).toBe('43');
  });
  it('writes English marks for the en toggle', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5');
  });
  it('rounds to the indicator decimals and drops trailing zeros unless fixed', () => {
    expect(formatNumber(19.047619, 'vi', { decimals: 1 })).toBe('19');
    expect(formatNumber(19.25, 'vi', { decimals: 1 })).toBe('19,3');
    expect(formatNumber(80.9, 'vi', { decimals: 2, fixed: true })).toBe('80,90');
    expect(formatNumber(5, 'vi', { decimals: 0 })).toBe('5');
  });
  it('keeps the sign of negatives but not of a rounded zero', () => {
    expect(formatNumber(-1234.5, 'vi')).toBe('-1.234,5');
    expect(formatNumber(-0.001, 'vi', { decimals: 1 })).toBe('0');
  });
  it('shows a dash for a missing figure', () => {
    expect(formatNumber(null, 'vi')).toBe('—');
    expect(formatNumber(undefined, 'vi')).toBe('—');
    expect(formatNumber(Number.NaN, 'vi')).toBe('—');
  });
  it('formats percentages and fractions', () => {
    expect(formatPercent(19.047619, 'vi')).toBe('19%');
    expect(formatPercent(60.25, 'vi')).toBe('60,3%');
    expect(formatFraction(43, 43, 'vi')).toBe('43/43');
    expect(formatFraction(1500, 52000, 'vi')).toBe('1.500/52.000');
  });
});

describe('parseNumber', () => {
  it('reads what a Vietnamese user types', () => {
    expect(parseNumber('1.234,5', 'vi')).toEqual({ ok: true, value: 1234.5, decimals: 1 });
    expect(parseNumber('80,9', 'vi')).toEqual({ ok: true, value: 80.9, decimals: 1 });
    expect(parseNumber('1.234', 'vi')).toEqual({ ok: true, value: 1234, decimals: 0 });
    expect(parseNumber('80.9', 'vi')).toEqual({ ok: true, value: 80.9, decimals: 1 });
    expect(parseNumber(' 12 ', 'vi')).toEqual({ ok: true, value: 12, decimals: 0 });
  });
  it('reads English numbers under en', () => {
    expect(parseNumber('1,234.5', 'en')).toEqual({ ok: true, value: 1234.5, decimals: 1 });
  });
  it('refuses what is not a number', () => {
    expect(parseNumber('', 'vi')).toEqual({ ok: false, reason: 'empty' });
    expect(parseNumber('abc', 'vi')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseNumber('1,2,3', 'vi')).toEqual({ ok: false, reason: 'not_a_number' });
    expect(parseNumber('12a', 'en')).toEqual({ ok: false, reason: 'not_a_number' });
  });
});

describe('dates', () => {
  it('writes dd/mm/yyyy in Vietnamese', () => {
    expect(formatDate('2021-03-31', 'vi')).toBe('31/03/2021');
    expect(formatDate('2021-01-05', 'vi')).toBe('05/01/2021');
  });
  it('writes day month year in English', () => {
    expect(formatDate('2021-03-31', 'en')).toBe('31 Mar 2021');
  });
  it('shows a dash for no date', () => {
    expect(formatDate(null, 'vi')).toBe('—');
  });
  it('writes timestamps in Vietnam time (UTC+7)', () => {
    // 2021-07-20 05:00 UTC is 12:00 in Hà Nội.
    expect(formatDateTime(Date.UTC(2021, 6, 20, 5, 0), 'vi')).toBe('20/07/2021 12:00');
    // 20:30 UTC on 31/12 is already the new year in Vietnam.
    expect(formatDateTime(Date.UTC(2021, 11, 31, 20, 30), 'vi')).toBe('01/01/2022 03:30');
    expect(todayIso(Date.UTC(2021, 11, 31, 20, 30))).toBe('2022-01-01');
  });
});

describe('daysBetween', () => {
  it('counts calendar days, across months and leap days', () => {
    expect(daysBetween('2026-12-01', '2026-12-07')).toBe(6);
    expect(daysBetween('2026-12-07', '2026-12-01')).toBe(-6);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2026-12-07', '2026-12-07')).toBe(0);
  });
});
