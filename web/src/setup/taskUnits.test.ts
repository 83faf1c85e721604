import { describe, expect, it } from 'vitest';
import type { Unit } from '../api/types';
import { roleLists, subtreeOf } from './taskUnits';

function unit(id: number, parent: number | null, level: number, short_name: string): Unit {
  return {
    id, code: `u${id}`, name: short_name, short_name, kind_id: level, version: 1, valid_from: '2015-01-01', valid_to: null,
    kind: { id: level, code: `k${level}`, name: `k${level}`, name_en: `k${level}`, level, version: 1 } as Unit['kind'],
    parent_id: parent, open: true, closed_on: null,
  } as Unit;
}

describe('subtreeOf', () => {
  const units = [
    unit(1, null, 0, 'Tỉnh'),
    unit(2, 1, 1, 'Thạch Thành'),
    unit(3, 1, 1, 'Bá Thước'),
    unit(4, 3, 2, 'Lũng Cao'),
    unit(5, 3, 2, 'Điền Lư'),
    unit(6, 2, 2, 'Thành Thọ'),
    unit(7, 4, 3, 'Chi bộ Bản Na'),
  ];
  it('lists the issuer first, then each level by name, and nothing outside', () => {
    expect(subtreeOf(3, units).map((u) => u.short_name)).toEqual(['Bá Thước', 'Điền Lư', 'Lũng Cao', 'Chi bộ Bản Na']);
    expect(subtreeOf(1, units).map((u) => u.id)).toEqual([1, 3, 2, 5, 4, 6, 7]);
  });
  it('is empty for a unit not in the list', () => {
    expect(subtreeOf(99, units)).toEqual([]);
  });
});

describe('roleLists', () => {
  it('splits the roles into lead and coordinating lists in the order of the subtree', () => {
    expect(roleLists({ '5': 'coordinate', '3': 'lead', '4': 'coordinate' }, [3, 4, 5])).toEqual({
      unit_ids: [3],
      coordinating_unit_ids: [4, 5],
    });
    expect(roleLists({}, [1])).toEqual({ unit_ids: [], coordinating_unit_ids: [] });
    expect(roleLists({ '3': 'lead', '9': 'coordinate' }, [3, 4])).toEqual({ unit_ids: [3], coordinating_unit_ids: [] });
  });
});
