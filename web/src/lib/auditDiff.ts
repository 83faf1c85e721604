// An audit row's change as a reader sees it: the fields whose values differ between the record
// before and the record after, each "field: old → new". A record created lists what it was
// given, one deleted what it held; the version counter, which every change moves, is left out
// when something else changed.
export interface FieldChange {
  field: string;
  before: string | null;  // null: the field was not there
  after: string | null;
}

// A value as one line of text: strings as they are, null as empty, the rest as JSON.
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function auditChanges(before: unknown, after: unknown): FieldChange[] {
  const old = record(before);
  const now = record(after);
  if (!old && !now) {
    // Not records (or nothing): the whole value, when there is one.
    if (before === null && after === null) return [];
    return same(before, after) ? [] : [{ field: '', before: before === null ? null : cellText(before), after: after === null ? null : cellText(after) }];
  }
  const keys = [...Object.keys(old ?? {}), ...Object.keys(now ?? {}).filter((k) => !old || !(k in old))];
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const had = old !== null && key in old;
    const has = now !== null && key in now;
    if (had && has && same(old[key], now[key])) continue;
    changes.push({ field: key, before: had ? cellText(old[key]) : null, after: has ? cellText(now[key]) : null });
  }
  const rest = changes.filter((c) => c.field !== 'version');
  return rest.length > 0 ? rest : changes;
}

// The first millisecond of a day ("2026-03-01") in Vietnam's time (UTC+7), and of the day after
// for the end of a range that includes its last day; null for anything else.
export function vietnamDayStart(iso: string, dayAfter = false): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const millis = Date.parse(`${iso}T00:00:00+07:00`);
  if (Number.isNaN(millis)) return null;
  return millis + (dayAfter ? 86_400_000 : 0);
}
