// "Kết quả các đơn vị": how each subordinate unit did in a period — duties done and done on
// time, reports sent and sent on time, values entered — the figures behind the yearly
// assessment of party organisations. Sortable by any column; every figure opens the rows behind
// it; the table downloads as an Excel workbook.
import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { API_BASE, withQuery } from '../api/client';
import { apiQuery } from '../api/queries';
import type { PerformanceDuty, UnitPerformance, UnitsPerformance as View } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { type MessageKey, useI18n } from '../i18n';
import { formatDate, formatNumber } from '../lib/format';
import { FIGURES, type FigureKey, nextSort, type SortKey, sortRows } from '../lib/performance';
import { periodLabel, reportingPeriods } from '../lib/period';
import { useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';

const TONES: Record<string, string> = { on_time: 'green', late: 'orange', overdue: 'red', open: 'blue' };

export function TimelinessBadge({ timeliness }: { timeliness: string }) {
  const { t } = useI18n();
  return (
    <span className={`badge tone-${TONES[timeliness] ?? 'grey'}`} data-timeliness={timeliness}>
      <span className="dot" aria-hidden="true" />
      {t(`perf.timeliness.${timeliness}` as MessageKey)}
    </span>
  );
}

// The last full year before today: the period the yearly assessment looks at.
export function lastYear(): string {
  return String(new Date().getFullYear() - 1);
}

export function UnitsPerformance({ code, period }: { code: string; period: string }) {
  const view = useQuery(apiQuery<View>('views/units-performance', { unit_id: code, period }));
  return <Resolved resource={view}>{(data) => <PerformanceBody view={data} code={code} period={period} />}</Resolved>;
}

function PerformanceBody({ view, code, period }: { view: View; code: string; period: string }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [sort, setSort] = useState<{ key: SortKey; direction: 'ascending' | 'descending' }>({ key: 'unit', direction: 'ascending' });
  const [open, setOpen] = useState<{ unit: number; figure: FigureKey } | null>(null);
  const label = lang === 'vi' ? view.period.label : view.period.label_en;
  const rows = sortRows(view.rows, sort.key, sort.direction, lang);
  const thisYear = new Date().getFullYear();
  const xlsx = withQuery(`${API_BASE}/views/units-performance.xlsx`, { unit_id: code, period });
  const header = (key: SortKey, text: string) => (
    <th scope="col" aria-sort={sort.key === key ? sort.direction : 'none'} className={key === 'unit' ? '' : 'num'}>
      <button type="button" className="sort-button" onClick={() => setSort(nextSort(sort, key))} data-sort={key}>
        {text}
        <span aria-hidden="true">{sort.key === key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </button>
    </th>
  );
  return (
    <div className="units-performance">
      <Breadcrumbs path={view.unit.path} tail={t('perf.title')} />
      <PageHeader
        title={`${t('perf.title')} — ${label}`}
        actions={<a className="button" href={xlsx} download data-xlsx>{t('perf.xlsx')}</a>}
      >
        <p className="muted">{t('perf.lead', { unit: view.unit.name, date: formatDate(view.judged_on, lang) })}</p>
        <label className="inline-field">
          {t('common.period')}{' '}
          <select value={period} onChange={(e) => void navigate({ to: '/units/$code/performance/$period', params: { code, period: e.target.value } })}>
            {reportingPeriods(2020, thisYear).filter((p) => !p.includes('Q')).map((p) => (
              <option key={p} value={p}>{periodLabel(p, lang)}</option>
            ))}
          </select>
        </label>
      </PageHeader>
      <Section title={view.unit.short_name} id="units-performance">
        {rows.length === 0 ? <EmptyState>{t('perf.empty')}</EmptyState> : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('perf.title')}>
            <table className="data-table performance-table">
              <caption className="visually-hidden">{t('perf.caption')}</caption>
              <thead>
                <tr>
                  {header('unit', t('common.unit'))}
                  {FIGURES.map((f) => <Fragment key={f.key}>{header(f.key, t(`perf.col.${f.key}` as MessageKey))}</Fragment>)}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <Fragment key={row.unit.id}>
                    <tr data-unit={row.unit.code}>
                      <th scope="row">
                        <Link to="/units/$code" params={{ code: row.unit.code }}>{row.unit.short_name}</Link>
                        <span className="block small muted">{lang === 'vi' ? row.unit.kind_name : row.unit.kind_name_en}</span>
                      </th>
                      {FIGURES.map((f) => {
                        const expanded = open?.unit === row.unit.id && open.figure === f.key;
                        const of = row.figures[f.of];
                        const value = `${formatNumber(row.figures[f.key], lang)}/${formatNumber(of, lang)}`;
                        return (
                          <td key={f.key} className="num">
                            {of === 0 ? <span className="muted" aria-label={t('perf.nothing')}>—</span> : (
                              <button
                                type="button"
                                className="figure-button"
                                aria-expanded={expanded}
                                aria-controls={`rows-${row.unit.id}`}
                                data-figure={f.key}
                                aria-label={t('perf.figure', { value, what: t(`perf.col.${f.key}` as MessageKey), unit: row.unit.short_name })}
                                onClick={() => setOpen(expanded ? null : { unit: row.unit.id, figure: f.key })}
                              >
                                {value}
                              </button>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                    {open?.unit === row.unit.id && (
                      <tr className="figure-rows" id={`rows-${row.unit.id}`}>
                        <td colSpan={FIGURES.length + 1}>
                          <FigureRows row={row} figure={open.figure} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
              <tfoot>
                <tr data-totals>
                  <th scope="row">{t('common.total')}</th>
                  {FIGURES.map((f) => (
                    <td key={f.key} className="num">{formatNumber(view.totals[f.key], lang)}/{formatNumber(view.totals[f.of], lang)}</td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </Section>
    </div>
  );
}

// The rows behind one figure of a unit: its duties, its reports or its values.
function FigureRows({ row, figure }: { row: UnitPerformance; figure: FigureKey }) {
  const { t, lang } = useI18n();
  const rows = FIGURES.find((f) => f.key === figure)!.rows;
  if (rows === 'duties') return <DutyRows duties={row.duties} />;
  if (rows === 'reports') {
    return (
      <ul className="figure-list" aria-label={t('perf.rows.reports', { unit: row.unit.short_name })}>
        {row.reports.map((r) => (
          <li key={`${r.regime_id}-${r.period.code}`}>
            {r.report_id !== null
              ? <Link to="/units/$code/report/$period" params={{ code: row.unit.code, period: r.period.code }}>{r.regime_name} — {lang === 'vi' ? r.period.label : r.period.label_en}</Link>
              : <span>{r.regime_name} — {lang === 'vi' ? r.period.label : r.period.label_en}</span>}
            <span className="small muted"> · {t('common.due')} {formatDate(r.due_on, lang)}{r.extended && <> · {t('inbox.reports.extended')}</>}</span>{' '}
            <TimelinessBadge timeliness={r.timeliness} />
          </li>
        ))}
      </ul>
    );
  }
  return (
    <ul className="figure-list" aria-label={t('perf.rows.values', { unit: row.unit.short_name })}>
      {row.values.map((v) => (
        <li key={`${v.indicator_id}-${v.period.code}`}>
          {v.indicator_name} — {lang === 'vi' ? v.period.label : v.period.label_en}
          <span className="small muted"> · </span>
          {v.entered
            ? <span className="badge tone-green">{t('perf.value.entered', { value: `${formatNumber(v.number, lang)} ${v.unit_of_measure}` })}</span>
            : <span className="badge tone-red">{t('perf.value.missing')}</span>}
        </li>
      ))}
    </ul>
  );
}

// Duties, one line each: the duty (or, `byUnit`, the unit holding it when the duty is known),
// its due date, when it was done, and how that stands.
export function DutyRows({ duties, byUnit = false }: { duties: PerformanceDuty[]; byUnit?: boolean }) {
  const { t, lang } = useI18n();
  return (
    <ul className="figure-list" aria-label={t('perf.rows.duties')}>
      {duties.map((d) => (
        <li key={d.assignment_id} data-duty={d.code} data-unit={d.unit.code}>
          <Link to="/obligations/$id" params={{ id: d.obligation_id }} search={{ unit: d.unit.code }}>{byUnit ? d.unit.short_name : d.title}</Link>
          <span className="small muted">
            {!byUnit && <>{d.unit.short_name} · </>}
            {t('common.due')} {formatDate(d.due_on, lang)}
            {d.completed_on && <> · {t('common.completed')} {formatDate(d.completed_on, lang)}</>}
          </span>
          <TimelinessBadge timeliness={d.timeliness} />
        </li>
      ))}
    </ul>
  );
}
