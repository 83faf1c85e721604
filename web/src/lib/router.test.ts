import { describe, expect, it } from 'vitest';
import type { Unit } from '../api/types';
import { rankUnits } from '../components/UnitSearch';
import { matchPath, withParams } from './router';

describe('matchPath', () => {
  it('reads parameters and refuses other shapes', () => {
    expect(matchPath('/units/:code/report/:period', '/units/ba-thuoc-ban-cong/report/2021')).toEqual({
      code: 'ba-thuoc-ban-cong',
      period: '2021',
    });
    expect(matchPath('/units/:code', '/units/ba-thuoc/tree')).toBeNull();
    expect(matchPath('/targets/:id', '/documents/3')).toBeNull();
  });
});

describe('withParams', () => {
  it('adds, replaces and removes query parameters', () => {
    const query = new URLSearchParams('unit=ba-thuoc&filter=not_done');
    expect(withParams('/obligations/3', query, { filter: null, q: 'Điền' })).toBe('/obligations/3?unit=ba-thuoc&q=%C4%90i%E1%BB%81n');
  });
});

describe('rankUnits', () => {
  const unit = (code: string, name: string, shortName: string, level: number): Unit => ({
    id: code.length, code, name, short_name: shortName, kind_id: level, parent_id: null, open: true,
    version: 1, valid_from: '2010-01-01', valid_to: null, closed_on: null,
    kind: { id: level, code: '', name: '', name_en: '', level },
  });
  it('puts the unit named exactly first, the higher level before the lower', () => {
    const ranked = rankUnits([
      unit('ba-thuoc-agribank', 'Chi bộ Agribank Bá Thước', 'Agribank Bá Thước', 3),
      unit('ba-thuoc-thanh-son', 'Đảng bộ xã Thanh Sơn', 'Thanh Sơn', 3),
      unit('ba-thuoc', 'Đảng bộ huyện Bá Thước', 'Bá Thước', 2),
    ], 'ba thuoc');
    expect(ranked[0]?.code).toBe('ba-thuoc');
    const sameName = rankUnits([
      unit('ba-thuoc-thanh-son', 'Đảng bộ xã Thanh Sơn', 'Thanh Sơn', 3),
      unit('thanh-son', 'Đảng bộ huyện Thanh Sơn', 'Thanh Sơn', 2),
    ], 'thanh son');
    expect(sameName.map((u) => u.code)).toEqual(['thanh-son', 'ba-thuoc-thanh-son']);
  });
});
