// Small pure helpers for files exchanged with the server: the name a Content-Disposition gives,
// the kind of an uploaded file by its name, and a job's progress as a percentage.
import { formatNumber, type Lang } from './format';

// The file name of `attachment; filename="bao-cao-12-2021Q1.docx"` (or RFC 5987's
// `filename*=UTF-8''…`, preferred when both are present); `fallback` when there is none.
export function fileNameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*([^;]+)/i.exec(header);
  if (extended) {
    const value = extended[1]!.trim().replace(/^"(.*)"$/, '$1');
    const encoded = value.replace(/^[\w-]+'[^']*'/, '');
    try {
      const decoded = decodeURIComponent(encoded);
      if (decoded) return safeName(decoded, fallback);
    } catch {
      // malformed: try the plain form
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return safeName(quoted[1]!.replace(/\\(.)/g, '$1'), fallback);
  const bare = /filename\s*=\s*([^;\s]+)/i.exec(header);
  if (bare) return safeName(bare[1]!, fallback);
  return fallback;
}

// No folders in a downloaded name.
function safeName(name: string, fallback: string): string {
  const base = name.split(/[/\\]/).pop()?.trim() ?? '';
  return base || fallback;
}

export type ImportFormat = 'xlsx' | 'csv' | 'dhis2';

// The import a file is for, by its name (.xlsx, .csv, .json); null for anything else.
export function importFormatOf(fileName: string): ImportFormat | null {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'dhis2';
  return null;
}

// done/total as a whole percentage in 0–100: 0 when nothing is known yet, 100 only when done.
export function progressPercent(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0;
  if (done >= total) return 100;
  return Math.min(99, Math.floor((100 * done) / total));
}

// "1.234/5.000 (24%)" in Vietnamese, "1,234/5,000 (24%)" in English.
export function formatProgress(done: number, total: number, lang: Lang): string {
  return `${formatNumber(done, lang)}/${formatNumber(total, lang)} (${progressPercent(done, total)}%)`;
}
