// A unit's lineage: the units it came from and went into through reorganisations, with the
// dates, and its former names. Shows nothing for a unit that was never reorganised.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import type { LineageUnit, UnitLineage as Lineage } from '../api/types';
import { useI18n } from '../i18n';
import { formatDate } from '../lib/format';
import { Link } from '../lib/link';
import { Section } from './Page';

export function UnitLineage({ code }: { code: string }) {
  const { t, lang } = useI18n();
  const lineage = useQuery(apiQuery<Lineage>(`units/${encodeURIComponent(code)}/lineage`, {}, { live: false }));
  const data = lineage.data;
  if (!data) return null;
  const renamed = data.names.length > 1;
  if (data.predecessors.length === 0 && data.successors.length === 0 && !renamed && data.open) return null;
  const row = (unit: LineageUnit) => (
    <li key={`${unit.id}-${unit.date}`} data-lineage-unit={unit.code}>
      {unit.code ? <Link to="/units/$code" params={{ code: unit.code }}>{unit.name}</Link> : unit.name}{' '}
      <span className="small muted">
        {t(`lineage.kind.${unit.kind}` as 'lineage.kind.merge')} · {formatDate(unit.date, lang)}
      </span>
    </li>
  );
  return (
    <Section title={t('lineage.title')} id="lineage">
      {!data.open && data.valid_to && (
        <p className="notice-locked" data-closed-on={data.valid_to}>
          {t('lineage.closed', { date: formatDate(data.valid_to, lang) })}
        </p>
      )}
      {data.predecessors.length > 0 && (
        <>
          <h3>{t('lineage.predecessors')}</h3>
          <ul className="lineage-list">{data.predecessors.map(row)}</ul>
        </>
      )}
      {data.successors.length > 0 && (
        <>
          <h3>{t('lineage.successors')}</h3>
          <ul className="lineage-list">{data.successors.map(row)}</ul>
        </>
      )}
      {renamed && (
        <>
          <h3>{t('lineage.names')}</h3>
          <ul className="lineage-list">
            {data.names.map((n) => (
              <li key={n.from}>
                {n.name}{' '}
                <span className="small muted">
                  {formatDate(n.from, lang)} – {n.to ? formatDate(n.to, lang) : t('lineage.now')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}
