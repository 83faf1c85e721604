import { describe, expect, it } from 'vitest';
import { asOfChoices, parsePeriod, periodLabel, periodRange } from './period';

describe('periodLabel', () => {
  it('names periods as Vietnamese offices do', () => {
    expect(periodLabel('2021Q1', 'vi')).toBe('Quý I/2021');
    expect(periodLabel('2021Q4', 'vi')).toBe('Quý IV/2021');
    expect(periodLabel('202103', 'vi')).toBe('Tháng 3/2021');
    expect(periodLabel('2021S1', 'vi')).toBe('6 tháng đầu năm 2021');
    expect(periodLabel('2021S2', 'vi')).toBe('6 tháng cuối năm 2021');
    expect(periodLabel('2021', 'vi')).toBe('Năm 2021');
    expect(periodLabel('2020T5', 'vi')).toBe('Nhiệm kỳ 2020–2025');
  });
  it('names periods in English', () => {
    expect(periodLabel('2021Q1', 'en')).toBe('Q1 2021');
    expect(periodLabel('202103', 'en')).toBe('March 2021');
    expect(periodLabel('2021S1', 'en')).toBe('H1 2021');
    expect(periodLabel('2020T5', 'en')).toBe('Term 2020–2025');
  });
  it('leaves an unknown code as it is', () => {
    expect(periodLabel('2021Q5', 'vi')).toBe('2021Q5');
    expect(parsePeriod('202113')).toBeNull();
  });
});

describe('periodRange', () => {
  it('gives first and last days', () => {
    expect(periodRange('2021Q1')).toEqual({ start: '2021-01-01', end: '2021-03-31' });
    expect(periodRange('2024Q1')?.end).toBe('2024-03-31');
    expect(periodRange('202402')?.end).toBe('2024-02-29');
    expect(periodRange('2021S1')).toEqual({ start: '2021-01-01', end: '2021-06-30' });
    expect(periodRange('2020T5')).toEqual({ start: '2020-01-01', end: '2025-12-31' });
  });
});

describe('asOfChoices', () => {
  it('offers each period end once, named by the longest period', () => {
    const choices = asOfChoices(2021, 2021);
    expect(choices.map((c) => c.code)).toEqual(['2021', '2021S1', '2021Q3', '2021Q1']);
    expect(choices[0]).toEqual({ code: '2021', date: '2021-12-31' });
  });
});
