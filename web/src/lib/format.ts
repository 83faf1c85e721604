// Numbers, dates and times as Vietnamese offices write them (1.234,5; 31/03/2021), with the
// English forms for the en toggle. Pure functions: no Intl, so output is the same everywhere.
export type Lang = 'vi' | 'en';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface NumberOptions {
  // Digits after the decimal mark. Default: up to 2, trailing zeros dropped.
  decimals?: number;
  // Keep trailing zeros when `decimals` is given (80,90 rather than 80,9).
  fixed?: boolean;
}

function groupDigits(digits: string, separator: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

// 1234.5 → "1.234,5" (vi) or "1,234.5" (en); null/undefined/NaN → "—".
export function formatNumber(value: number | null | undefined, lang: Lang, options: NumberOptions = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const decimals = options.decimals ?? 2;
  let text = Math.abs(value).toFixed(decimals);
  if (text.includes('.') && !(options.fixed && options.decimals !== undefined)) {
    text = text.replace(/0+$/, '').replace(/\.$/, '');
  }
  const [integer = '0', fraction] = text.split('.');
  const group = lang === 'vi' ? '.' : ',';
  const mark = lang === 'vi' ? ',' : '.';
  const negative = value < 0 && /[1-9]/.test(text);
  return (negative ? '-' : '') + groupDigits(integer, group) + (fraction ? mark + fraction : '');
}

// 19.05 → "19,1%" (vi) / "19.1%" (en).
export function formatPercent(value: number | null | undefined, lang: Lang, decimals = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return formatNumber(value, lang, { decimals }) + '%';
}

export type ParsedNumber =
  | { ok: true; value: number; decimals: number }
  | { ok: false; reason: 'empty' | 'not_a_number' };

// Reads a number as a person types it. Vietnamese: "1.234,5", "1234,5", "80,9"; a lone dot is a
// thousands separator only in groups of three ("1.234" is 1234), otherwise a decimal point
// ("80.9"). English: "1,234.5", "1234.5".
export function parseNumber(text: string, lang: Lang): ParsedNumber {
  const trimmed = text.trim().replace(/\s+/g, '');
  if (trimmed === '') return { ok: false, reason: 'empty' };
  let normalized: string;
  if (lang === 'vi') {
    if (trimmed.includes(',')) {
      if (!/^-?\d{1,3}(\.\d{3})*(,\d+)?$/.test(trimmed) && !/^-?\d+(,\d+)?$/.test(trimmed)) {
        return { ok: false, reason: 'not_a_number' };
      }
      normalized = trimmed.replace(/\./g, '').replace(',', '.');
    } else if (/^-?\d{1,3}(\.\d{3})+$/.test(trimmed)) {
      normalized = trimmed.replace(/\./g, '');
    } else {
      normalized = trimmed;
    }
  } else {
    if (!/^-?\d{1,3}(,\d{3})*(\.\d+)?$/.test(trimmed) && !/^-?\d+(\.\d+)?$/.test(trimmed)) {
      return { ok: false, reason: 'not_a_number' };
    }
    normalized = trimmed.replace(/,/g, '');
  }
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) return { ok: false, reason: 'not_a_number' };
  return { ok: true, value: Number(normalized), decimals: normalized.split('.')[1]?.length ?? 0 };
}

// "2021-03-31" → "31/03/2021" (vi) / "31 Mar 2021" (en); null → "—".
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const [, year, month, day] = match;
  if (lang === 'en') return `${Number(day)} ${MONTHS_EN[Number(month) - 1] ?? month} ${year}`;
  return `${day}/${month}/${year}`;
}

const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;  // UTC+7, no daylight saving

// Unix milliseconds → "31/03/2021 14:05" in Vietnam's time (vi) / "31 Mar 2021 14:05" (en).
export function formatDateTime(millis: number | null | undefined, lang: Lang): string {
  if (millis === null || millis === undefined || !Number.isFinite(millis)) return '—';
  const d = new Date(millis + VIETNAM_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  const iso = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${formatDate(iso, lang)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

// Today in Vietnam as "YYYY-MM-DD".
export function todayIso(now: number = Date.now()): string {
  return new Date(now + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

// "43/43" style fraction with Vietnamese grouping for large counts.
export function formatFraction(done: number, expected: number, lang: Lang): string {
  return `${formatNumber(done, lang, { decimals: 0 })}/${formatNumber(expected, lang, { decimals: 0 })}`;
}

// Days from `from` to `to` (ISO dates, "YYYY-MM-DD"); positive when `to` is later.
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to.slice(0, 10)}T00:00:00Z`) - Date.parse(`${from.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
}
