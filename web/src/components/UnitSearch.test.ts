// How the unit search ranks what it finds.
import { describe, expect, it } from 'vitest';
import type { Unit } from '../api/types';
import { rankUnits } from './UnitSearch';

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
