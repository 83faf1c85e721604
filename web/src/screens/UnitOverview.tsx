// The overview of a unit, the landing page after choosing one: targets with progress, duties
// as "43/43 (21 + 22)" with who has not, overdue and due-soon tasks, report completeness, open
// recommendations and the unit's documents. Every figure links to the rows behind it.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { can, useSession } from '../api/session';
import type { ObligationSummary, Overview, ReportCompleteness, TargetSummary } from '../api/types';
import { AsOfSelect } from '../components/AsOfSelect';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { ReportDownloads, ValuesImport } from '../components/ReportFiles';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { UnitLineage } from '../components/UnitLineage';
import { kindLabel, useI18n } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { formatDate, formatFraction, formatNumber } from '../lib/format';
import { Link } from '../lib/link';
import { completionTone, targetTally, toneOf } from '../lib/status';

const TASKS_SHOWN = 10;

export function UnitOverview({ code }: { code: string }) {
  const { asOf } = useAsOf();
  const overview = useQuery(apiQuery<Overview>('views/overview', { unit_id: code, as_of: asOf }));
  return <Resolved resource={overview}>{(data) => <OverviewBody data={data} />}</Resolved>;
}

function OverviewBody({ data }: { data: Overview }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const session = useSession();
  const unit = data.unit;
  const mayEnter = can(session, 'enter', unit.path.map((p) => p.id));
  const { onTrack, behind, notApplicable } = targetTally(data.targets.map((x) => x.status));
  const counted = data.targets.length - notApplicable;
  const assignments = data.obligations.reduce(
    (sum, o) => ({ done: sum.done + o.total.done, expected: sum.expected + o.total.expected }),
    { done: 0, expected: 0 },
  );
  const overdueRecs = data.recommendations.filter((r) => r.overdue).length;
  return (
    <div className="overview">
      <Breadcrumbs path={unit.path} />
      <PageHeader
        title={unit.name}
        eyebrow={<p className="eyebrow">{lang === 'vi' ? unit.kind_name : unit.kind_name_en}</p>}
        actions={
          <>
            <AsOfSelect />
            {mayEnter && (
              <Link className="button primary" to="/units/$code/report" params={{ code: unit.code }}>
                {t('overview.report')}
              </Link>
            )}
            {unit.child_count > 0 && (
              <Link className="button" to="/units/$code/tree" params={{ code: unit.code }} search={asOfSearch}>
                {t('overview.subunits', { n: unit.child_count })}
              </Link>
            )}
            <Link className="button" to="/units/$code/recommendations" params={{ code: unit.code }}>
              {t('overview.recommendations')}
            </Link>
            {unit.child_count > 0 && (
              <Link className="button" to="/units/$code/performance" params={{ code: unit.code }}>{t('perf.open')}</Link>
            )}
            {can(session, 'manage', unit.path.map((p) => p.id)) && (
              <Link className="button" to="/units/$code/committee" params={{ code: unit.code }}>{t('committee.open')}</Link>
            )}
          </>
        }
      />
      <ul className="kpis" aria-label={t('common.overview')}>
        <Kpi href="#targets" label={t('overview.kpi.targets')} value={formatNumber(counted, lang)}
          detail={t('overview.kpi.targetsDetail', { onTrack, behind })} tone={behind ? 'red' : onTrack ? 'green' : 'grey'} />
        <Kpi href="#obligations" label={t('overview.kpi.obligations')} value={formatNumber(data.obligations.length, lang)}
          detail={t('overview.kpi.obligationsDetail', { done: formatNumber(assignments.done, lang), expected: formatNumber(assignments.expected, lang) })}
          tone={assignments.expected && assignments.done === assignments.expected ? 'green' : 'blue'} />
        <Kpi href="#tasks" label={t('overview.kpi.overdue')} value={formatNumber(data.tasks_overdue, lang)}
          detail={t('overview.kpi.overdueDetail', { n: data.tasks_due_soon })} tone={data.tasks_overdue ? 'red' : 'green'} />
        <Kpi href="#recommendations" label={t('overview.kpi.recommendations')} value={formatNumber(data.recommendations.length, lang)}
          detail={t('overview.kpi.recommendationsDetail', { n: overdueRecs })} tone={overdueRecs ? 'red' : 'blue'} />
      </ul>

      <Section title={t('overview.targets.title')} id="targets"
        aside={<span className="small muted structure-date" data-structure-as-of={data.structure_as_of}>{lang === 'vi' ? data.structure_label : data.structure_label_en}</span>}>
        {data.targets.length === 0 ? (
          <EmptyState>{t('overview.targets.empty')}</EmptyState>
        ) : (
          <ul className="target-list">
            {data.targets.map((target) => (
              <TargetRow key={target.item_id} target={target} />
            ))}
          </ul>
        )}
      </Section>

      <div className="grid-2">
        <Section title={t('overview.obligations.title')} id="obligations">
          {data.obligations.length === 0 ? (
            <EmptyState>{t('overview.obligations.empty')}</EmptyState>
          ) : (
            <ul className="obligation-list">
              {data.obligations.map((o) => (
                <ObligationCard key={o.obligation_id} obligation={o} unitCode={unit.code} />
              ))}
            </ul>
          )}
          {can(session, 'manage', unit.path.map((p) => p.id)) && (
            <p><Link className="button" to="/obligations/new" search={{ unit: unit.code }}>{t('duty.new')}</Link></p>
          )}
        </Section>

        <div className="stack">
          <Section title={t('overview.tasks.title')} id="tasks">
            {data.tasks.length === 0 ? (
              <EmptyState>{t('overview.tasks.empty')}</EmptyState>
            ) : (
              <>
                <ul className="task-list">
                  {data.tasks.slice(0, TASKS_SHOWN).map((task) => (
                    <li key={task.assignment_id}>
                      <div>
                        <Link to="/units/$code" params={{ code: task.code }} search={asOfSearch}>{task.short_name}</Link>
                        <Link className="muted small block" to="/obligations/$id" params={{ id: task.obligation_id }} search={{ ...asOfSearch, unit: unit.code }}>
                          {task.obligation_title}
                        </Link>
                      </div>
                      <div className="task-side">
                        <StatusBadge kind="assignment" status={task.state} />
                        <span className="small muted">{t('common.due')} {formatDate(task.due_on, lang)}</span>
                      </div>
                    </li>
                  ))}
                </ul>
                {data.tasks_overdue + data.tasks_due_soon > TASKS_SHOWN && (
                  <p className="small muted">{t('overview.tasks.more', { n: data.tasks_overdue + data.tasks_due_soon - TASKS_SHOWN })}</p>
                )}
              </>
            )}
          </Section>

          {unit.child_count > 0 && (
            <Section title={t('overview.reports.title')} id="reports">
              {data.reports.length === 0 ? (
                <EmptyState>{t('overview.reports.empty')}</EmptyState>
              ) : (
                <ul className="report-summary">
                  {data.reports.map((r) => (
                    <ReportSummaryRow key={r.period.code} summary={r} unitCode={unit.code} />
                  ))}
                </ul>
              )}
            </Section>
          )}

          <Section title={t('overview.recs.title')} id="recommendations"
            aside={<Link className="small" to="/units/$code/recommendations" params={{ code: unit.code }}>{t('overview.recommendations')}</Link>}>
            {data.recommendations.length === 0 ? (
              <EmptyState>{t('overview.recs.empty')}</EmptyState>
            ) : (
              <ul className="rec-list">
                {data.recommendations.map((r) => (
                  <li key={r.id}>
                    <Link to="/units/$code/recommendations" params={{ code: unit.code }} hash={`rec-${r.id}`}>{r.title}</Link>
                    <div className="small muted">
                      {t('recs.fromTo', { from: r.from_unit_name ?? '', to: r.to_unit_name ?? '' })}
                      {r.due_on && <> · {t('recs.dueOn', { date: formatDate(r.due_on, lang) })}</>}
                    </div>
                    <StatusBadge kind="recommendation" status={r.overdue ? 'overdue' : r.status} />
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </div>
      </div>

      <UnitLineage code={unit.code} />
      <Section title={t('overview.docs.title')} id="documents">
        {data.documents.length === 0 ? (
          <EmptyState>{t('overview.docs.empty')}</EmptyState>
        ) : (
          <ul className="doc-list">
            {data.documents.map((d) => (
              <li key={d.id}>
                <span className="doc-kind">{kindLabel(t, 'doc', d.kind, d.kind_label)}</span>
                <Link to="/documents/$id" params={{ id: d.id }} search={asOfSearch}>{d.title}</Link>
                <span className="small muted">
                  {d.number}
                  {d.issued_on && <> · {formatDate(d.issued_on, lang)}</>}
                </span>
              </li>
            ))}
          </ul>
        )}
        {can(session, 'manage', unit.path.map((p) => p.id)) && (
          <p><Link className="button" to="/documents/new" search={{ unit: unit.code }}>{t('setup.doc.new')}</Link></p>
        )}
      </Section>

      <Section title={t('files.title')} id="files">
        <ReportDownloads unitId={unit.id} unitCode={unit.code} />
        {mayEnter && (
          <>
            <h3 className="subheading">{t('files.import.title')}</h3>
            <ValuesImport />
          </>
        )}
      </Section>
    </div>
  );
}

function Kpi({ href, label, value, detail, tone }: { href: string; label: string; value: string; detail: string; tone: string }) {
  return (
    <li className={`kpi tone-border-${tone}`}>
      <a href={href}>
        <span className="kpi-label">{label}</span>
        <span className="kpi-value">{value}</span>
        <span className="kpi-detail">{detail}</span>
      </a>
    </li>
  );
}

function TargetRow({ target }: { target: TargetSummary }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const decimals = target.indicator.decimals;
  const period = (p: { label: string; label_en: string } | null) => (p ? (lang === 'vi' ? p.label : p.label_en) : '—');
  return (
    <li className="target-row" data-item={target.item_id}>
      <div className="target-main">
        <Link to="/targets/$id" params={{ id: target.item_id }} search={asOfSearch} className="target-title">
          <span className="code">{target.code}</span> {target.title}
        </Link>
        <ProgressBar value={target.percent} tone={toneOf('target', target.status)} label={target.title} />
        <div className="target-figures small">
          <strong className="target-current">
            {t('overview.target.progress', {
              current: formatNumber(target.current, lang, { decimals }),
              goal: formatNumber(target.goal, lang, { decimals }),
              unit: target.indicator.measure_unit,
            })}
          </strong>
          <span className="muted"> ({period(target.current_period)})</span>
          {target.structure_label && (
            <span className="muted structure-date" data-structure-as-of={target.structure_as_of}>
              {' '}{lang === 'vi' ? target.structure_label : target.structure_label_en}
            </span>
          )}
          <span className="muted">
            {' · '}
            {t('overview.target.from', { value: formatNumber(target.baseline, lang, { decimals }), period: period(target.baseline_period) })}
            {' · '}
            {t('overview.target.deadline', { period: period(target.deadline) })}
          </span>
        </div>
        <p className="small reason">{lang === 'vi' ? target.reason : target.reason_en}</p>
      </div>
      <StatusBadge kind="target" status={target.status} />
    </li>
  );
}

function ObligationCard({ obligation, unitCode }: { obligation: ObligationSummary; unitCode: string }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const total = obligation.total;
  const notDone = total.expected - total.done;
  const detail = { to: '/obligations/$id', params: { id: obligation.obligation_id }, search: { ...asOfSearch, unit: unitCode } } as const;
  const share = total.expected ? (100 * total.done) / total.expected : 0;
  return (
    <li className="obligation-card" data-obligation={obligation.code}>
      <Link {...detail} className="obligation-title">
        {obligation.title}
      </Link>
      <div className="obligation-figure">
        <Link {...detail} className="big-fraction" aria-label={`${formatFraction(total.done, total.expected, lang)} ${t('overview.obligations.done')}`}>
          {formatFraction(total.done, total.expected, lang)}
        </Link>
        {obligation.by_kind.length > 1 && (
          <span className="kind-split">({obligation.by_kind.map((k) => formatNumber(k.done, lang)).join(' + ')})</span>
        )}
        <span className="muted small">{t('overview.obligations.done')}</span>
      </div>
      <ProgressBar value={share} tone={completionTone(total)} label={obligation.title} />
      <ul className="kind-breakdown small">
        {obligation.by_kind.map((k) => (
          <li key={k.kind_id}>
            <strong>{formatFraction(k.done, k.expected, lang)}</strong> {lang === 'vi' ? k.kind_name : k.kind_name_en}
          </li>
        ))}
      </ul>
      <div className="obligation-foot small">
        {total.late > 0 && <StatusBadge kind="assignment" status="done_late" label={t('overview.obligations.late', { n: total.late })} />}
        {total.overdue > 0 && <StatusBadge kind="assignment" status="overdue" label={t('overview.obligations.overdue', { n: total.overdue })} />}
        {notDone > 0 ? (
          <Link to="/obligations/$id" params={{ id: obligation.obligation_id }} search={{ ...asOfSearch, unit: unitCode, filter: 'not_done' }} className="who-has-not">
            {t('overview.obligations.notDone', { n: notDone })}
          </Link>
        ) : (
          <StatusBadge kind="assignment" status="done_on_time" label={t('overview.obligations.allDone')} />
        )}
      </div>
      <p className="small muted">
        {t('overview.obligations.meta', { date: formatDate(obligation.due_on, lang), issuer: obligation.issuer_name })}
      </p>
    </li>
  );
}

function ReportSummaryRow({ summary, unitCode }: { summary: ReportCompleteness; unitCode: string }) {
  const { t, lang } = useI18n();
  const label = lang === 'vi' ? summary.period.label : summary.period.label_en;
  const share = summary.expected ? (100 * summary.accepted) / summary.expected : 0;
  return (
    <li data-period={summary.period.code}>
      <div className="report-summary-head">
        <Link to="/units/$code/reports/$period" params={{ code: unitCode, period: summary.period.code }}>{label}</Link>
        <strong className="report-accepted">
          {t('overview.reports.accepted', { n: formatNumber(summary.accepted, lang), total: formatNumber(summary.expected, lang) })}
        </strong>
      </div>
      <ProgressBar value={share} tone={summary.accepted === summary.expected ? 'green' : 'blue'} label={label} />
      <p className="small muted">
        {t('overview.reports.breakdown', {
          submitted: summary.submitted,
          returned: summary.returned,
          draft: summary.draft,
          missing: summary.missing,
        })}
      </p>
      {summary.timeliness && summary.due_on && (
        <p className="small report-timeliness">
          {t('overview.reports.timeliness', {
            due: formatDate(summary.due_on, lang),
            onTime: formatNumber(summary.timeliness.on_time, lang),
            late: formatNumber(summary.timeliness.late, lang),
            overdue: formatNumber(summary.timeliness.overdue, lang),
          })}
        </p>
      )}
    </li>
  );
}
