// "Việc tôi phụ trách": the leader's dashboard. A committee member sees the fields and units they
// are in charge of and, in them, the targets at risk, the duties not finished (each opening the
// units behind its count), the overdue ones and the recommendations waiting for an answer.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import type { LeaderDashboard as View, LeaderDuty } from '../api/types';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n';
import { formatDate, formatNumber } from '../lib/format';
import { Link } from '../lib/link';
import { DutyRows, TimelinessBadge } from './UnitsPerformance';

export function leaderQuery() {
  return apiQuery<View>('views/leader');
}

export function LeaderDashboard() {
  const view = useQuery(leaderQuery());
  return <Resolved resource={view}>{(data) => <LeaderBody view={data} />}</Resolved>;
}

function LeaderBody({ view }: { view: View }) {
  const { t, lang } = useI18n();
  if (!view.person || view.charges.length === 0) {
    return (
      <div>
        <PageHeader title={t('leader.title')} />
        <EmptyState>{t('leader.none')}</EmptyState>
      </div>
    );
  }
  return (
    <div className="leader-dashboard">
      <PageHeader title={t('leader.title')}>
        <p>
          <strong>{view.person.name}</strong> · {view.person.position}
        </p>
        <ul className="charge-list" aria-label={t('leader.charges')}>
          {view.charges.map((c) => (
            <li key={c.id} className="badge tone-blue" data-field={c.field_code || undefined}>
              {c.field_name && <>{t('leader.field')}: {c.field_name}</>}
              {c.field_name && c.unit && ' · '}
              {c.unit && <>{t('common.unit')}: <Link to="/units/$code" params={{ code: c.unit.code }}>{c.unit.short_name}</Link></>}
            </li>
          ))}
        </ul>
        <p className="small muted">{t('leader.asOf', { date: formatDate(view.as_of, lang) })}</p>
      </PageHeader>
      <div className="leader-grid">
        <Section title={t('leader.duties', { n: view.duties.length })} id="leader-duties">
          {view.duties.length === 0 ? <EmptyState>{t('leader.duties.none')}</EmptyState> : (
            <ul className="inbox-list">
              {view.duties.map((d) => <DutyItem key={d.obligation_id} duty={d} />)}
            </ul>
          )}
        </Section>
        <Section title={t('leader.overdue', { n: view.overdue.length })} id="leader-overdue">
          {view.overdue.length === 0 ? <EmptyState>{t('leader.overdue.none')}</EmptyState> : (
            <details>
              <summary>{t('leader.overdue.show', { n: view.overdue.length })}</summary>
              <DutyRows duties={view.overdue} />
            </details>
          )}
        </Section>
        <Section title={t('leader.targets', { n: view.targets_at_risk.length })} id="leader-targets">
          {view.targets_at_risk.length === 0 ? <EmptyState>{t('leader.targets.none')}</EmptyState> : (
            <ul className="inbox-list">
              {view.targets_at_risk.map((target) => (
                <li key={target.item_id} className="inbox-item" data-target={target.code}>
                  <Link to="/targets/$id" params={{ id: target.item_id }} className="inbox-title">{target.code}. {target.title}</Link>
                  <span className="small muted block">{target.document_title}</span>
                  <StatusBadge kind="target" status={target.status} />
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={t('leader.recommendations', { n: view.recommendations.length })} id="leader-recommendations">
          {view.recommendations.length === 0 ? <EmptyState>{t('leader.recommendations.none')}</EmptyState> : (
            <ul className="inbox-list">
              {view.recommendations.map((r) => (
                <li key={r.id} className="inbox-item">
                  <span className="inbox-title">{r.title}</span>
                  <span className="small muted block">
                    {r.from_unit_name} → {r.to_unit_name}
                    {r.due_on && <> · {t('common.due')} {formatDate(r.due_on, lang)}</>}
                  </span>
                  <TimelinessBadge timeliness={r.timeliness} />
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </div>
  );
}

// A duty with its count over the issuer's subtree; the units not done open below it.
function DutyItem({ duty }: { duty: LeaderDuty }) {
  const { t, lang } = useI18n();
  const overdue = duty.unfinished.filter((u) => u.timeliness === 'overdue').length;
  return (
    <li className={`inbox-item ${overdue > 0 ? 'is-overdue' : ''}`} data-duty={duty.code}>
      <Link to="/obligations/$id" params={{ id: duty.obligation_id }} className="inbox-title">{duty.title}</Link>
      <span className="small muted block">
        {duty.issuer_name} · {t('common.due')} {formatDate(duty.due_on, lang)} ·{' '}
        {t('leader.done', { done: formatNumber(duty.total.done, lang), expected: formatNumber(duty.total.expected, lang) })}
      </span>
      <details>
        <summary>{t('leader.unfinished', { n: duty.unfinished.length, overdue })}</summary>
        <DutyRows duties={duty.unfinished} byUnit />
      </details>
    </li>
  );
}
