// The figures of "Kết quả các đơn vị": each column a count out of what was expected, the rows
// sorted by a column's share (or by name), and which of a row's lists a figure expands to.
import type { PerformanceFigures } from '../api/types';
import type { Lang } from './format';

// The figures of one unit (or the totals), as the server's schema describes them.
export type Figures = PerformanceFigures;

export type FigureKey = 'duties_done' | 'duties_on_time' | 'reports_submitted' | 'reports_on_time' | 'values_entered';
export type SortKey = 'unit' | FigureKey;
export type Direction = 'ascending' | 'descending';

// Each figure: what it counts out of, and the list of the row it expands to.
export const FIGURES: { key: FigureKey; of: keyof Figures; rows: 'duties' | 'reports' | 'values' }[] = [
  { key: 'duties_done', of: 'duties', rows: 'duties' },
  { key: 'duties_on_time', of: 'duties', rows: 'duties' },
  { key: 'reports_submitted', of: 'reports', rows: 'reports' },
  { key: 'reports_on_time', of: 'reports', rows: 'reports' },
  { key: 'values_entered', of: 'values_expected', rows: 'values' },
];

// The share of a figure, 0…1; null when nothing was expected.
export function share(figures: Figures, key: FigureKey): number | null {
  const of = figures[FIGURES.find((f) => f.key === key)!.of];
  return of === 0 ? null : figures[key] / of;
}

// The rows sorted by `key`: by name in the language's order, or by share (rows with nothing
// expected last whichever the direction, then by name).
export function sortRows<T extends { unit: { name: string }; figures: Figures }>(
  rows: readonly T[],
  key: SortKey,
  direction: Direction,
  lang: Lang,
): T[] {
  const collator = new Intl.Collator(lang === 'vi' ? 'vi' : 'en');
  const byName = (a: T, b: T) => collator.compare(a.unit.name, b.unit.name);
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'unit') return sign * byName(a, b);
    const x = share(a.figures, key);
    const y = share(b.figures, key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
}

// The next sort after a click on `key`: the other direction on the same column; a new figure
// column starts with the weakest units first, the unit column from A.
export function nextSort(current: { key: SortKey; direction: Direction }, key: SortKey): { key: SortKey; direction: Direction } {
  if (current.key === key) return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { key, direction: 'ascending' };
}
