// Choosing which report to open for a unit: its existing reports with their status, and any
// reporting period of the last years.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { useId, useState } from 'react';
import type { ListOf, Report, UnitDetail } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n';
import { formatDateTime, todayIso } from '../lib/format';
import { periodLabel, reportingPeriods } from '../lib/period';
import { useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';

const FIRST_YEAR = 2020;

export function ReportPicker({ code }: { code: string }) {
  const unit = useQuery(apiQuery<UnitDetail>(`units/${encodeURIComponent(code)}`, {}, { live: false }));
  return <Resolved resource={unit}>{(u) => <PickerBody unit={u} />}</Resolved>;
}

function PickerBody({ unit }: { unit: UnitDetail }) {
  const { t, lang } = useI18n();
  const reports = useQuery(apiQuery<ListOf<Report>>('reports', { unit_id: unit.id }));
  const periods = reportingPeriods(FIRST_YEAR, Number(todayIso().slice(0, 4)));
  const [period, setPeriod] = useState(String(Number(todayIso().slice(0, 4)) - 1));
  const selectId = useId();
  const navigate = useNavigate();
  return (
    <div>
      <Breadcrumbs path={unit.path} tail={t('overview.report')} />
      <PageHeader title={`${t('overview.report')} — ${unit.short_name}`} />
      <form
        className="card picker"
        onSubmit={(event) => {
          event.preventDefault();
          void navigate({ to: '/units/$code/report/$period', params: { code: unit.code, period } });
        }}
      >
        <div className="field field-inline">
          <label htmlFor={selectId}>{t('report.choosePeriod')}</label>
          <select id={selectId} value={period} onChange={(e) => setPeriod(e.target.value)}>
            {periods.map((p) => (
              <option key={p} value={p}>
                {periodLabel(p, lang)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t('report.open')}
        </button>
      </form>
      <Section title={t('common.period')} id="reports">
        <Resolved resource={reports}>
          {(list) =>
            list.items.length === 0 ? (
              <EmptyState>{t('report.notFound')}</EmptyState>
            ) : (
              <ul className="unit-rows">
                {[...list.items]
                  .sort((a, b) => b.period.localeCompare(a.period))
                  .map((r) => (
                    <li key={r.id}>
                      <Link to="/units/$code/report/$period" params={{ code: unit.code, period: r.period }} className="unit-row-name">
                        {t('report.title', { period: periodLabel(r.period, lang) })}
                      </Link>
                      <StatusBadge kind="report" status={r.status} />
                      <span className="small muted">{formatDateTime(r.submitted_at, lang)}</span>
                    </li>
                  ))}
              </ul>
            )
          }
        </Resolved>
      </Section>
    </div>
  );
}
