// Picks a unit in a form: a search box that narrows a native select of units (by name or code,
// without diacritics or case, as the server searches). Native controls: keyboard and phone work
// as they always do. The picked unit stays an option while the list changes.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiQuery } from '../api/queries';
import type { ListOf, Unit } from '../api/types';
import { useI18n } from '../i18n';
import { compareVietnamese } from '../lib/fold';

export interface PickedUnit {
  id: number;
  label: string;
}

export function unitLabel(u: Pick<Unit, 'short_name' | 'code'>): string {
  return `${u.short_name} (${u.code})`;
}

export function UnitPicker({ id, label, value, onChange, anyLabel, invalid, describedBy }: {
  id: string;
  label: string;
  value: PickedUnit | null;
  onChange: (unit: PickedUnit | null) => void;
  anyLabel?: string;  // an empty choice with this text
  invalid?: boolean;
  describedBy?: string | undefined;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const units = useQuery({
    ...apiQuery<ListOf<Unit>>('units', { q: text.trim() || null, limit: 300 }, { live: false }),
    placeholderData: (previous) => previous,
  });
  const list = [...(units.data?.items ?? [])].sort(
    (a, b) => (a.kind?.level ?? 9) - (b.kind?.level ?? 9) || compareVietnamese(a.short_name, b.short_name),
  );
  const shown = value && !list.some((u) => u.id === value.id) ? [{ id: value.id, label: value.label }, ...list.map((u) => ({ id: u.id, label: unitLabel(u) }))]
    : list.map((u) => ({ id: u.id, label: unitLabel(u) }));
  return (
    <div className="unit-picker">
      <label htmlFor={id}>{label}</label>
      <input
        type="search"
        className="unit-picker-search"
        aria-label={`${label}: ${t('nav.search.label').toLocaleLowerCase()}`}
        placeholder={t('nav.search.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <select
        id={id}
        value={value ? String(value.id) : ''}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        onChange={(e) => {
          const picked = shown.find((u) => String(u.id) === e.target.value);
          onChange(picked ?? null);
        }}
      >
        {(anyLabel !== undefined || !value) && <option value="">{anyLabel ?? '—'}</option>}
        {shown.map((u) => <option key={u.id} value={String(u.id)}>{u.label}</option>)}
      </select>
    </div>
  );
}
