import { describe, expect, it } from 'vitest';
import { type Figures, nextSort, share, sortRows } from './performance';

function figures(partial: Partial<Figures>): Figures {
  return {
    duties: 0, duties_done: 0, duties_on_time: 0, reports: 0, reports_submitted: 0, reports_on_time: 0,
    values_expected: 0, values_entered: 0, ...partial,
  };
}

const rows = [
  { unit: { name: 'Thừa Đức' }, figures: figures({ duties: 1, duties_done: 1, duties_on_time: 0, reports: 2, reports_submitted: 1 }) },
  { unit: { name: 'Bình Thắng' }, figures: figures({ duties: 1, duties_done: 1, duties_on_time: 1, reports: 2, reports_submitted: 1 }) },
  { unit: { name: 'Công an huyện' }, figures: figures({ duties: 1, duties_done: 1, duties_on_time: 0 }) },
  { unit: { name: 'Lộc Thuận' }, figures: figures({ duties: 1, duties_done: 1, duties_on_time: 1, reports: 2, reports_submitted: 0 }) },
];

const names = (list: typeof rows) => list.map((r) => r.unit.name);

describe('share', () => {
  it('is the count out of what was expected, none when nothing was', () => {
    expect(share(rows[0]!.figures, 'reports_submitted')).toBe(0.5);
    expect(share(rows[2]!.figures, 'reports_submitted')).toBeNull();
    expect(share(rows[0]!.figures, 'duties_on_time')).toBe(0);
  });
});

describe('sortRows', () => {
  it('sorts by name in Vietnamese order', () => {
    expect(names(sortRows(rows, 'unit', 'ascending', 'vi'))).toEqual(['Bình Thắng', 'Công an huyện', 'Lộc Thuận', 'Thừa Đức']);
    expect(names(sortRows(rows, 'unit', 'descending', 'vi'))).toEqual(['Thừa Đức', 'Lộc Thuận', 'Công an huyện', 'Bình Thắng']);
  });
  it('sorts by share, ties by name, units expected nothing last either way', () => {
    expect(names(sortRows(rows, 'reports_submitted', 'ascending', 'vi'))).toEqual(['Lộc Thuận', 'Bình Thắng', 'Thừa Đức', 'Công an huyện']);
    expect(names(sortRows(rows, 'reports_submitted', 'descending', 'vi'))).toEqual(['Bình Thắng', 'Thừa Đức', 'Lộc Thuận', 'Công an huyện']);
    expect(names(sortRows(rows, 'duties_on_time', 'ascending', 'vi'))).toEqual(['Công an huyện', 'Thừa Đức', 'Bình Thắng', 'Lộc Thuận']);
  });
  it('leaves the rows given as they were', () => {
    const before = names(rows);
    sortRows(rows, 'unit', 'descending', 'vi');
    expect(names(rows)).toEqual(before);
  });
});

describe('nextSort', () => {
  it('turns the direction on the same column and starts a new one ascending', () => {
    expect(nextSort({ key: 'unit', direction: 'ascending' }, 'unit')).toEqual({ key: 'unit', direction: 'descending' });
    expect(nextSort({ key: 'unit', direction: 'descending' }, 'duties_done')).toEqual({ key: 'duties_done', direction: 'ascending' });
  });
});
