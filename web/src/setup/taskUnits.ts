// What the task form computes from the units and the roles picked: the subtree the picker lists
// and the two lists the server takes.
import type { Unit } from '../api/types';
import { compareVietnamese } from '../lib/fold';

export type Role = 'lead' | 'coordinate';

// The lists the server takes: lead units in `unit_ids`, the others in `coordinating_unit_ids`,
// each in the order of the subtree list `order`; a unit picked that is no longer listed (the
// issue date changed) is left out.
export function roleLists(roles: Record<string, Role>, order: number[]): { unit_ids: number[]; coordinating_unit_ids: number[] } {
  const ids = order.filter((id) => roles[String(id)] !== undefined);
  return {
    unit_ids: ids.filter((id) => roles[String(id)] === 'lead'),
    coordinating_unit_ids: ids.filter((id) => roles[String(id)] === 'coordinate'),
  };
}

// The units of `issuer`'s subtree among `units` (each with its parent as of the day asked),
// the issuer first, then by level and name.
export function subtreeOf(issuer: number, units: Unit[]): Unit[] {
  const children = new Map<number, Unit[]>();
  for (const u of units) {
    if (u.parent_id === null) continue;
    children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  }
  const out: Unit[] = [];
  const self = units.find((u) => u.id === issuer);
  if (self) out.push(self);
  let level = children.get(issuer) ?? [];
  while (level.length) {
    const sorted = [...level].sort((a, b) => (a.kind?.level ?? 9) - (b.kind?.level ?? 9) || compareVietnamese(a.short_name, b.short_name));
    out.push(...sorted);
    level = sorted.flatMap((u) => children.get(u.id) ?? []);
  }
  return out;
}
