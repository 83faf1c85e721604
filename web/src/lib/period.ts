// Reporting periods as the server writes them ("2021", "2021S1", "2021Q1", "202103", "2020T5")
// and their Vietnamese labels ("Quý I/2021", "6 tháng đầu năm 2021", "Nhiệm kỳ 2020–2025").
import type { Lang } from './format';

export type PeriodType = 'month' | 'quarter' | 'half' | 'year' | 'term';

export interface Period {
  code: string;
  type: PeriodType;
  year: number;
  index: number;  // month 1–12, quarter 1–4, half 1–2, term length in years; 0 for a year
}

const ROMAN = ['I', 'II', 'III', 'IV'];
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

export function parsePeriod(code: string): Period | null {
  let m = /^(\d{4})$/.exec(code);
  if (m) return { code, type: 'year', year: Number(m[1]), index: 0 };
  m = /^(\d{4})S([12])$/.exec(code);
  if (m) return { code, type: 'half', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})Q([1-4])$/.exec(code);
  if (m) return { code, type: 'quarter', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})(0[1-9]|1[0-2])$/.exec(code);
  if (m) return { code, type: 'month', year: Number(m[1]), index: Number(m[2]) };
  m = /^(\d{4})T([1-9]\d?)$/.exec(code);
  if (m) return { code, type: 'term', year: Number(m[1]), index: Number(m[2]) };
  return null;
}

// "Quý I/2021" (vi) / "Q1 2021" (en); an unknown code is returned as it is.
export function periodLabel(code: string, lang: Lang): string {
  const p = parsePeriod(code);
  if (!p) return code;
  const vi = lang === 'vi';
  switch (p.type) {
    case 'year':
      return vi ? `Năm ${p.year}` : `${p.year}`;
    case 'half':
      if (vi) return `6 tháng ${p.index === 1 ? 'đầu' : 'cuối'} năm ${p.year}`;
      return `H${p.index} ${p.year}`;
    case 'quarter':
      return vi ? `Quý ${ROMAN[p.index - 1]}/${p.year}` : `Q${p.index} ${p.year}`;
    case 'month':
      return vi ? `Tháng ${p.index}/${p.year}` : `${MONTHS_EN[p.index - 1]} ${p.year}`;
    case 'term':
      return vi ? `Nhiệm kỳ ${p.year}–${p.year + p.index}` : `Term ${p.year}–${p.year + p.index}`;
  }
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// The first and last day of a period, "YYYY-MM-DD".
export function periodRange(code: string): { start: string; end: string } | null {
  const p = parsePeriod(code);
  if (!p) return null;
  switch (p.type) {
    case 'year':
      return { start: iso(p.year, 1, 1), end: iso(p.year, 12, 31) };
    case 'half':
      return p.index === 1
        ? { start: iso(p.year, 1, 1), end: iso(p.year, 6, 30) }
        : { start: iso(p.year, 7, 1), end: iso(p.year, 12, 31) };
    case 'quarter': {
      const first = (p.index - 1) * 3 + 1;
      return { start: iso(p.year, first, 1), end: iso(p.year, first + 2, lastDay(p.year, first + 2)) };
    }
    case 'month':
      return { start: iso(p.year, p.index, 1), end: iso(p.year, p.index, lastDay(p.year, p.index)) };
    case 'term':
      return { start: iso(p.year, 1, 1), end: iso(p.year + p.index, 12, 31) };
  }
}

// Periods a unit reports for, newest first: each year from `toYear` down to `fromYear`, with its
// halves and quarters.
export function reportingPeriods(fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let year = toYear; year >= fromYear; year--) {
    out.push(`${year}`, `${year}S2`, `${year}S1`, `${year}Q4`, `${year}Q3`, `${year}Q2`, `${year}Q1`);
  }
  return out;
}

// The "as of" choices: period ends from `toYear` down to `fromYear`, one per date, named by the
// longest period ending then (31/12 is "Năm 2021", 30/6 "6 tháng đầu năm 2021").
export function asOfChoices(fromYear: number, toYear: number): { code: string; date: string }[] {
  const seen = new Set<string>();
  const out: { code: string; date: string }[] = [];
  for (const code of reportingPeriods(fromYear, toYear)) {
    const date = periodRange(code)!.end;
    if (seen.has(date)) continue;
    seen.add(date);
    out.push({ code, date });
  }
  return out;
}
