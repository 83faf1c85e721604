// A target: status and why, baseline → current → goal, the chart over time with the projected
// trend, and the indicator for each subordinate unit (the rows behind the district's figure).
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { lazy, Suspense } from 'react';
import type { TargetView } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { Comments } from '../components/Comments';
import { AsOfSelect } from '../components/AsOfSelect';
import { PageHeader, Section } from '../components/Page';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState, Loading, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { kindLabel, useI18n } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { formatDate, formatNumber, formatPercent } from '../lib/format';
import { Link } from '../lib/link';
import { toneOf } from '../lib/status';

const TargetChart = lazy(() => import('../chart/TargetChart'));

export function TargetDetail({ id }: { id: number }) {
  const { asOf } = useAsOf();
  const view = useQuery(apiQuery<TargetView>('views/target', { item_id: id, as_of: asOf }));
  return <Resolved resource={view}>{(data) => <TargetBody view={data} />}</Resolved>;
}

function TargetBody({ view }: { view: TargetView }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const decimals = view.indicator.decimals;
  const num = (v: number | null) => formatNumber(v, lang, { decimals });
  const label = (p: { label: string; label_en: string } | null) => (p ? (lang === 'vi' ? p.label : p.label_en) : '—');
  const unitOf = view.indicator.measure_unit;
  const aggregated = view.indicator.unit_aggregation !== 'none';
  const reported = view.children.filter((c) => c.reported).length;
  return (
    <div>
      <Breadcrumbs path={view.unit.path} tail={view.item.code} />
      <PageHeader
        title={view.item.title}
        eyebrow={
          <p className="eyebrow">
            {kindLabel(t, 'item', view.item.kind, view.item.kind_label)} {view.item.code} · <Link to="/documents/$id" params={{ id: view.document.id }} search={asOfSearch} hash={`item-${view.item.id}`}>{view.document.title}</Link>
          </p>
        }
        actions={<AsOfSelect />}
      >
        <div className="status-line">
          <StatusBadge kind="target" status={view.status} />
          <span>
            <strong>{t('target.why')}:</strong> {lang === 'vi' ? view.reason : view.reason_en}
          </span>
        </div>
      </PageHeader>

      <dl className="facts facts-large">
        <div><dt>{t('target.baseline')}</dt><dd>{num(view.baseline)} <small>{label(view.baseline_period)}</small></dd></div>
        <div><dt>{t('target.current')}</dt><dd data-figure="current">{num(view.current)} <small>{label(view.current_period)}</small>
          {view.structure_label && (
            <small className="muted structure-date block" data-structure-as-of={view.structure_as_of}>
              {lang === 'vi' ? view.structure_label : view.structure_label_en}
            </small>
          )}</dd></div>
        <div><dt>{t('target.goal')}</dt><dd>{num(view.goal)} <small>{unitOf} · {t(`target.direction.${view.direction}`)}</small></dd></div>
        <div><dt>{t('target.deadline')}</dt><dd>{label(view.deadline)}</dd></div>
        <div><dt>{t('target.percent')}</dt><dd>{formatPercent(view.percent, lang)}</dd></div>
        <div><dt>{t('target.projected')}</dt><dd>{num(view.projected)}</dd></div>
      </dl>
      <ProgressBar value={view.percent} tone={toneOf('target', view.status)} label={t('target.percent')} />
      {view.derived_from && (
        <p className="notice-locked" data-derived-from={view.derived_from.from_item_id}>
          {t('target.derivedFrom', { date: formatDate(view.derived_from.date, lang) })}{' '}
          <Link to="/targets/$id" params={{ id: view.derived_from.from_item_id }}>{t('target.derivedFrom.link')}</Link>
        </p>
      )}

      <Section title={t('target.chart.title')} id="chart">
        <Suspense fallback={<Loading />}>
          <TargetChart
            periods={view.series.map((p) => (lang === 'vi' ? p.label : p.label_en))}
            actual={view.series.map((p) => p.value)}
            comparable={view.comparable ?? undefined}
            baseline={view.baseline}
            goal={view.goal}
            projected={view.projected}
            names={{
              actual: t('target.chart.actual'),
              baseline: t('target.chart.baseline'),
              goal: t('target.chart.goal'),
              trend: t('target.chart.trend'),
              comparable: t('target.chart.comparable'),
            }}
            format={(v) => formatNumber(v, lang, { decimals })}
            label={t('target.chart.label', { title: view.item.title, baseline: num(view.baseline), current: num(view.current), goal: num(view.goal) })}
          />
        </Suspense>
      </Section>

      <Section
        title={t('target.table.title')}
        id="by-unit"
        aside={aggregated && view.children.length > 0 ? <span className="small muted">{t('target.table.reported', { n: reported, total: view.children.length })}</span> : undefined}
      >
        {view.children.length === 0 ? (
          <EmptyState>{t('target.table.empty')}</EmptyState>
        ) : !aggregated ? (
          <EmptyState>{t('target.table.notAggregated', { unit: view.unit.short_name })}</EmptyState>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('target.table.title')}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('common.unit')}</th>
                  {view.series.map((p) => (
                    <th scope="col" key={p.code} className="num">{lang === 'vi' ? p.label : p.label_en}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {view.children.map((c) => (
                  <tr key={c.id} className={c.reported ? undefined : 'muted'}>
                    <th scope="row"><Link to="/units/$code" params={{ code: c.code }} search={asOfSearch}>{c.short_name}</Link></th>
                    {c.values.map((v, i) => (
                      <td key={i} className="num">{num(v)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">{view.unit.short_name}</th>
                  {view.series.map((p) => (
                    <td key={p.code} className="num"><strong>{num(p.value)}</strong></td>
                  ))}
                </tr>
              </tfoot>
            </table>
          </div>
        )}
      </Section>

      <RebasedTargets view={view} />

      <p>
        <Link className="button" to="/units/$code/recommendations" params={{ code: view.unit.code }} search={{ item: String(view.item.id) }}>{t('target.raise')}</Link>
      </p>
      <Comments entity="item" entityId={view.item.id} />
    </div>
  );
}

// The target re-based onto the successors of its unit after a reorganisation: each successor's
// derived baseline and goal, and its figure so far.
function RebasedTargets({ view }: { view: TargetView }) {
  const { t, lang } = useI18n();
  const rebased = view.rebased ?? [];
  const first = rebased[0];
  if (!first) return null;
  const title = t('target.rebased.title', { date: formatDate(first.date, lang) });
  const num = (v: number | null | undefined) => formatNumber(v ?? null, lang, { decimals: view.indicator.decimals });
  return (
    <Section title={title} id="rebased">
      <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('lineage.successors')}</th>
              <th scope="col" className="num">{t('target.baseline')}</th>
              <th scope="col" className="num">{t('target.current')}</th>
              <th scope="col" className="num">{t('target.goal')}</th>
            </tr>
          </thead>
          <tbody>
            {rebased.map((r) => (
              <tr key={r.item_id} data-rebased={r.unit.code}>
                <th scope="row"><Link to="/targets/$id" params={{ id: r.item_id }}>{r.unit.short_name}</Link></th>
                <td className="num">{num(r.baseline)}</td>
                <td className="num">
                  {num(r.comparable_current ?? r.progress?.current)}{' '}
                  {r.comparable_period && <small>{lang === 'vi' ? r.comparable_period.label : r.comparable_period.label_en}</small>}
                </td>
                <td className="num">{num(r.goal)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">{t('target.rebased.note')}</p>
    </Section>
  );
}
