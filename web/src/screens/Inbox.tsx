// "Việc cần làm": for the signed-in user, their units' duties not done (due and overdue, how
// late), the reports due to superior regimes and their notices (reminders, due soon, overdue),
// unread ones marked. Opening a notice marks it read; the header's badge follows (every write
// invalidates the live queries, the inbox among them).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api/client';
import { apiQuery } from '../api/queries';
import type { Inbox as InboxJson, InboxDuty, Notice } from '../api/types';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n } from '../i18n';
import { daysBetween, formatDate, formatDateTime, todayIso } from '../lib/format';
import { useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';

export function inboxQuery() {
  return apiQuery<InboxJson>('inbox');
}

export function Inbox() {
  const inbox = useQuery(inboxQuery());
  return <Resolved resource={inbox}>{(data) => <InboxBody inbox={data} />}</Resolved>;
}

function InboxBody({ inbox }: { inbox: InboxJson }) {
  const { t, lang } = useI18n();
  const empty = inbox.duties.length === 0 && inbox.reports.length === 0 && inbox.notices.length === 0;
  const duties = [...inbox.duties].sort((a, b) => a.due_on.localeCompare(b.due_on));
  const codes = new Map([...inbox.duties.map((d) => d.unit), ...inbox.reports.map((r) => r.unit)].map((u) => [u.id, u.code]));
  return (
    <div className="inbox">
      <PageHeader title={t('inbox.title')}>
        <p className="muted">{t('inbox.lead', { unread: inbox.unread })}</p>
      </PageHeader>
      {empty ? (
        <EmptyState>{t('inbox.empty')}</EmptyState>
      ) : (
        <>
          <Section title={t('inbox.notices.title')} id="notices">
            {inbox.notices.length === 0 ? <EmptyState>{t('inbox.notices.empty')}</EmptyState> : (
              <ul className="inbox-list">
                {inbox.notices.map((n) => <NoticeItem key={n.id} notice={n} unitCode={codes.get(n.unit_id) ?? String(n.unit_id)} />)}
              </ul>
            )}
          </Section>
          <Section title={t('inbox.duties.title')} id="duties">
            {duties.length === 0 ? <EmptyState>{t('inbox.duties.empty')}</EmptyState> : (
              <ul className="inbox-list">
                {duties.map((d) => <DutyItem key={d.assignment.id} duty={d} />)}
              </ul>
            )}
          </Section>
          <Section title={t('inbox.reports.title')} id="reports">
            {inbox.reports.length === 0 ? <EmptyState>{t('inbox.reports.empty')}</EmptyState> : (
              <ul className="inbox-list">
                {inbox.reports.map((r) => (
                  <li key={`${r.regime.id}-${r.unit.id}-${r.period}`} className={`inbox-item ${r.timeliness === 'overdue' ? 'is-overdue' : ''}`}>
                    <Link to="/units/$code/report/$period" params={{ code: r.unit.code, period: r.period }} className="inbox-title">{r.regime.name} — {r.period}</Link>
                    <span className="small muted block">
                      {r.unit.name} · {t('common.due')} {formatDate(r.due_on, lang)}
                      {r.extended && <> · {t('inbox.reports.extended')}</>}
                    </span>
                    <span className={`badge ${r.timeliness === 'overdue' ? 'tone-red' : 'tone-blue'}`}>
                      {r.timeliness === 'overdue' && daysBetween(r.due_on, todayIso()) > 0
                        ? t('inbox.duties.late', { n: daysBetween(r.due_on, todayIso()) }) : r.timeliness_label}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </div>
  );
}

function DutyItem({ duty }: { duty: InboxDuty }) {
  const { t, lang } = useI18n();
  const late = daysBetween(duty.due_on, todayIso());
  const overdue = duty.timeliness === 'overdue';
  return (
    <li className={`inbox-item ${overdue ? 'is-overdue' : ''}`} data-duty={duty.obligation.code}>
      <Link to="/obligations/$id" params={{ id: duty.obligation.id }} search={{ unit: duty.unit.code }} className="inbox-title">{duty.obligation.title}</Link>
      <span className="small muted block">
        {duty.unit.name} · {t('common.due')} {formatDate(duty.due_on, lang)}
      </span>
      <span className={`badge ${overdue ? 'tone-red' : duty.due_soon ? 'tone-orange' : 'tone-blue'}`}>
        {overdue && late > 0 ? t('inbox.duties.late', { n: late }) : duty.timeliness_label}
        {!overdue && duty.due_soon && late <= 0 && <> · {t('inbox.duties.left', { n: -late })}</>}
      </span>
    </li>
  );
}

// A notice opens its duty as seen from the unit it was sent to (the issuer may be out of sight).
function NoticeItem({ notice, unitCode }: { notice: Notice; unitCode: string }) {
  const { t, lang } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const unread = notice.read_at === null;
  const navigate = useNavigate();
  const open = async () => {
    setError(null);
    try {
      if (unread) await api.post(`notices/${notice.id}/read`, {});
      if (notice.obligation_id !== null) await navigate({ to: '/obligations/$id', params: { id: notice.obligation_id }, search: { unit: unitCode } });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <li className={`inbox-item notice-item ${unread ? 'is-unread' : ''}`} data-notice={notice.id} data-unread={unread ? '' : undefined}>
      <button type="button" className="link-button inbox-title" onClick={() => void open()}>
        {unread && <span className="badge tone-orange">{t('inbox.notices.unread')}</span>} {notice.message}
      </button>
      <span className="small muted block">
        {t(`inbox.notices.kind.${notice.kind}`)} · {notice.sender} · {formatDateTime(notice.created_at, lang)}
      </span>
      {error && <p className="notice notice-error" role="alert">{error}</p>}
    </li>
  );
}
