// One duty assigned to many units: every assigned unit with status, date and evidence, filters,
// the "who has not" list and the table as CSV.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { useId, useMemo, useState } from 'react';
import { api } from '../api/client';
import { can, useSession } from '../api/session';
import { EvidenceForm } from '../components/EvidenceForm';
import type { AssignmentRow, ObligationView, RemindersSent, UnitDetail } from '../api/types';
import { AsOfSelect } from '../components/AsOfSelect';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { WorkbookImport } from '../components/WorkbookImport';
import { useI18n, type Translate } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { downloadCsv } from '../lib/csv';
import { foldVietnamese } from '../lib/fold';
import { formatDate, formatFraction, formatNumber, type Lang } from '../lib/format';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';
import { completionTone, type AssignmentState, type DutyFilter } from '../lib/status';

const STATES: AssignmentState[] = ['overdue', 'in_progress', 'not_started', 'done_late', 'done_on_time'];
type Filter = DutyFilter;

function matches(row: AssignmentRow, filter: Filter): boolean {
  if (filter === 'all') return true;
  const done = row.state === 'done_on_time' || row.state === 'done_late';
  if (filter === 'not_done') return !done;
  if (filter === 'done') return done;
  return row.state === filter;
}

const route = getRouteApi('/obligations/$id');

export function ObligationDetail({ id }: { id: number }) {
  const { asOf } = useAsOf();
  const unit = route.useSearch({ select: (search) => search.unit ?? null });
  const view = useQuery(apiQuery<ObligationView>('views/obligation', { obligation_id: id, unit_id: unit, as_of: asOf }));
  return <Resolved resource={view}>{(data) => <ObligationBody view={data} />}</Resolved>;
}

function evidenceText(row: AssignmentRow, t: Translate, lang: Lang): string {
  const e = row.evidence;
  const parts: string[] = [];
  if (e.document_number) parts.push(t('obligation.evidence.doc', { number: e.document_number, date: formatDate(e.document_date, lang) }));
  if (e.attendance.length) parts.push(e.attendance.map((a) => `${formatNumber(a.count, lang)} ${a.group}`).join(', '));
  return parts.join(' · ');
}

function ObligationBody({ view }: { view: ObligationView }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const search = route.useSearch();
  const navigate = useNavigate();
  const filter: Filter = search.filter ?? 'all';
  const kind = search.kind ?? '';
  const q = search.q ?? '';
  const stateId = useId();
  const kindId = useId();
  const searchId = useId();
  const set = (changes: { filter?: Filter | null; kind?: string | null; q?: string | null }) => {
    const next = Object.fromEntries(Object.entries(changes).map(([name, value]) => [name, value || undefined]));
    void navigate({ to: '.', search: (prev) => ({ ...prev, ...next }), replace: true, resetScroll: false });
  };
  const session = useSession();
  const viewPath = view.unit.path.map((p) => p.id);
  // The unit's own editors (or an editor above it) may report it done.
  const mayEnter = (r: AssignmentRow) => can(session, 'enter', r.unit_id === viewPath[viewPath.length - 1] ? viewPath : [...viewPath, r.unit_id]);
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const editingRow = view.rows.find((r) => r.assignment_id === editing) ?? null;
  // Managers of the issuing unit may remind the units not done, all of them or those ticked.
  // The issuer's path: from the view's own when seen from the issuer or below it, else asked for
  // (only by someone who manages anything: the issuer may be out of a commune user's sight).
  const issuerAt = viewPath.indexOf(view.obligation.issuer_unit_id);
  const managesAny = session.state === 'no_login'
    || (session.state === 'signed_in' && session.user.grants.some((g) => g.role === 'manager' || g.role === 'administrator'));
  const issuer = useQuery(apiQuery<UnitDetail>(issuerAt < 0 && managesAny ? `units/${view.obligation.issuer_unit_id}` : null, {}, { live: false }));
  const issuerPath = issuerAt >= 0 ? viewPath.slice(0, issuerAt + 1) : issuer.data?.path.map((p) => p.id) ?? [];
  const mayRemind = can(session, 'manage', issuerPath);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const notDone = (r: AssignmentRow) => r.status !== 'done' && r.status !== 'not_applicable';
  const toggle = (unitId: number, on: boolean) => setChosen((old) => {
    const next = new Set(old);
    if (on) next.add(unitId); else next.delete(unitId);
    return next;
  });

  const rows = useMemo(() => {
    const folded = foldVietnamese(q.trim());
    return view.rows
      .filter((r) => matches(r, filter))
      .filter((r) => !kind || String(r.kind_id) === kind)
      .filter((r) => !folded || foldVietnamese(`${r.name} ${r.short_name} ${r.code}`).includes(folded))
      .sort((a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state) || a.short_name.localeCompare(b.short_name, 'vi'));
  }, [view.rows, filter, kind, q]);

  const total = view.total;
  // A task (nhiệm vụ) with coordinating units: each row says whether its unit leads or coordinates.
  const hasRoles = view.rows.some((r) => r.role === 'coordinate');
  const roleNames = (role: 'lead' | 'coordinate') =>
    view.rows.filter((r) => r.role === role).map((r) => r.short_name).sort((a, b) => a.localeCompare(b, 'vi')).join(', ') || '—';
  const exportCsv = () => {
    const header = ['unit', 'kind', 'state', 'due', 'completed', 'docNumber', 'docDate', 'attendance', 'note'] as const;
    const role = (r: AssignmentRow) => (hasRoles ? [t(r.role === 'lead' ? 'task.lead' : 'task.coordinate')] : []);
    downloadCsv(`${view.obligation.code}-${view.unit.code}.csv`, [
      [t('obligation.csv.unit'), ...(hasRoles ? [t('task.role')] : []), ...header.slice(1).map((h) => t(`obligation.csv.${h}`))],
      ...rows.map((r) => [
        r.name,
        ...role(r),
        lang === 'vi' ? r.kind_name : r.kind_name_en,
        t(`status.assignment.${r.state}`),
        formatDate(r.due_on, lang),
        formatDate(r.completed_on, lang),
        r.evidence.document_number,
        formatDate(r.evidence.document_date, lang),
        r.evidence.attendance.reduce((s, a) => s + a.count, 0) || '',
        r.evidence.note,
      ]),
    ]);
  };

  return (
    <div>
      <Breadcrumbs path={view.unit.path} tail={t('obligation.crumb')} />
      <PageHeader
        title={view.obligation.title}
        eyebrow={
          <p className="eyebrow">
            {t('common.issuedBy', { unit: view.obligation.issuer_name })} · {t('common.due')} {formatDate(view.obligation.due_on, lang)}
            {view.obligation.document_id && (
              <> · <Link to="/documents/$id" params={{ id: view.obligation.document_id }} search={asOfSearch}>{view.obligation.document_title}</Link></>
            )}
          </p>
        }
        actions={<AsOfSelect />}
      />
      <div className="card obligation-summary">
        <p className="big-line">
          <span className="big-fraction">{formatFraction(total.done, total.expected, lang)}</span>
          {view.by_kind.length > 1 && <span className="kind-split">({view.by_kind.map((k) => formatNumber(k.done, lang)).join(' + ')})</span>}
          <span>{t('overview.obligations.done')}</span>
        </p>
        <ProgressBar value={total.expected ? (100 * total.done) / total.expected : 0} tone={completionTone(total)} label={view.obligation.title} />
        <ul className="kind-breakdown">
          {view.by_kind.map((k) => (
            <li key={k.kind_id}>
              <button type="button" className="link-button" onClick={() => set({ kind: kind === String(k.kind_id) ? null : String(k.kind_id) })}
                aria-pressed={kind === String(k.kind_id)}>
                <strong>{formatFraction(k.done, k.expected, lang)}</strong> {lang === 'vi' ? k.kind_name : k.kind_name_en}
              </button>
            </li>
          ))}
        </ul>
        <div className="chips">
          <StatusBadge kind="assignment" status="done_on_time" label={`${t('status.assignment.done_on_time')}: ${total.on_time}`} />
          <StatusBadge kind="assignment" status="done_late" label={`${t('status.assignment.done_late')}: ${total.late}`} />
          <StatusBadge kind="assignment" status="overdue" label={`${t('status.assignment.overdue')}: ${total.overdue}`} />
          <StatusBadge kind="assignment" status="in_progress" label={`${t('obligation.pending')}: ${total.pending}`} />
        </div>
        {hasRoles && <p className="task-role-line" data-roles="">{t('task.roles', { lead: roleNames('lead'), coordinate: roleNames('coordinate') })}</p>}
      </div>

      {mayRemind && (
        <RemindPanel obligationId={view.obligation.id} notDone={view.total.expected - view.total.done}
          chosen={[...chosen].filter((u) => view.rows.some((r) => r.unit_id === u && notDone(r)))} onSent={() => setChosen(new Set())} />
      )}

      <Section title={t('common.unit')} id="assignments"
        aside={<button type="button" className="button small" onClick={exportCsv}>{t('obligation.export')}</button>}>
        <div className="filters">
          <button type="button" className={`button small ${filter === 'not_done' ? 'primary' : ''}`} aria-pressed={filter === 'not_done'}
            onClick={() => set({ filter: filter === 'not_done' ? null : 'not_done' })}>
            {t('obligation.filter.notDone')} ({total.expected - total.done})
          </button>
          <div className="field field-inline">
            <label htmlFor={stateId}>{t('obligation.filter.state')}</label>
            <select id={stateId} value={filter} onChange={(e) => set({ filter: e.target.value === 'all' ? null : (e.target.value as Filter) })}>
              <option value="all">{t('common.all')}</option>
              <option value="not_done">{t('obligation.filter.notDone')}</option>
              <option value="done">{t('obligation.filter.done')}</option>
              {STATES.map((s) => <option key={s} value={s}>{t(`status.assignment.${s}`)}</option>)}
            </select>
          </div>
          <div className="field field-inline">
            <label htmlFor={kindId}>{t('obligation.filter.kind')}</label>
            <select id={kindId} value={kind} onChange={(e) => set({ kind: e.target.value || null })}>
              <option value="">{t('common.all')}</option>
              {view.by_kind.map((k) => <option key={k.kind_id} value={k.kind_id}>{lang === 'vi' ? k.kind_name : k.kind_name_en}</option>)}
            </select>
          </div>
          <div className="field field-inline">
            <label htmlFor={searchId}>{t('obligation.filter.search')}</label>
            <input id={searchId} type="search" value={q} onChange={(e) => set({ q: e.target.value || null })} />
          </div>
        </div>
        {saved && <p className="notice notice-ok" role="status">{saved}</p>}
        {editingRow && (
          <EvidenceForm key={editingRow.assignment_id} row={editingRow} onClose={() => setEditing(null)}
            onDone={(message) => { setEditing(null); setSaved(message); }} />
        )}
        <p className="small muted" aria-live="polite">{t('obligation.rows', { n: rows.length, total: view.rows.length })}</p>
        {rows.length === 0 ? (
          <EmptyState>{t('obligation.empty')}</EmptyState>
        ) : (
          <div className="table-wrap" tabIndex={0} role="region" aria-label={view.obligation.title}>
            <table className="data-table assignments">
              <thead>
                <tr>
                  {mayRemind && <th scope="col"><span className="visually-hidden">{t('remind.title')}</span></th>}
                  <th scope="col">{t('common.unit')}</th>
                  {hasRoles && <th scope="col">{t('task.role')}</th>}
                  <th scope="col">{t('common.status')}</th>
                  <th scope="col">{t('common.due')}</th>
                  <th scope="col">{t('common.completed')}</th>
                  <th scope="col">{t('common.evidence')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.assignment_id} data-unit={r.code}>
                    {mayRemind && (
                      <td className="pick">
                        {notDone(r) && (
                          <input type="checkbox" aria-label={t('remind.choose', { unit: r.short_name })} checked={chosen.has(r.unit_id)}
                            onChange={(e) => toggle(r.unit_id, e.target.checked)} />
                        )}
                      </td>
                    )}
                    <th scope="row">
                      <Link to="/units/$code" params={{ code: r.code }} search={asOfSearch}>{r.short_name}</Link>
                      <span className="block small muted">{lang === 'vi' ? r.kind_name : r.kind_name_en}</span>
                    </th>
                    {hasRoles && (
                      <td data-role={r.role}><span className={`role-badge role-${r.role}`}>{t(r.role === 'lead' ? 'task.lead' : 'task.coordinate')}</span></td>
                    )}
                    <td><StatusBadge kind="assignment" status={r.state} /></td>
                    <td>{formatDate(r.due_on, lang)}</td>
                    <td>{formatDate(r.completed_on, lang)}</td>
                    <td className="small">
                      {evidenceText(r, t, lang) || <span className="muted">{t('obligation.evidence.none')}</span>}
                      {r.evidence.note && <span className="block muted">{r.evidence.note}</span>}
                      {mayEnter(r) && r.status !== 'done' && (
                        <button type="button" className="button small" aria-label={`${t('evidence.open')}: ${r.short_name}`}
                          onClick={() => { setSaved(null); setEditing(r.assignment_id); }}>
                          {t('evidence.open')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      {view.rows.some(mayEnter) && (
        <Section title={t('evidence.import.title')} id="evidence-import">
          <WorkbookImport name="evidence" spec={{
            template: {
              path: 'exports/evidence-template.xlsx',
              query: { obligation_id: view.obligation.id, unit_id: view.unit.id },
              name: `minh-chung-${view.obligation.code}-${view.unit.code}.xlsx`,
            },
            upload: 'imports/evidence.xlsx',
            count: 'written',
            texts: {
              template: 'evidence.import.template',
              file: 'evidence.import.file',
              hint: 'evidence.import.hint',
              submit: 'evidence.import.submit',
              done: 'evidence.import.done',
            },
          }} />
        </Section>
      )}
    </div>
  );
}

// "Nhắc đơn vị chưa thực hiện": to every unit not done, or to those ticked in the table; says how
// many were reminded, or why not (the server's problem+json detail).
function RemindPanel({ obligationId, notDone, chosen, onSent }: {
  obligationId: number;
  notDone: number;
  chosen: number[];
  onSent: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const send = async (unitIds: number[] | null) => {
    setBusy(true);
    setResult(null);
    try {
      const sent = await api.post<RemindersSent>(`obligations/${obligationId}/reminders`, unitIds ? { unit_ids: unitIds } : {});
      setResult({ ok: true, text: t('remind.sent', { n: sent.sent }) });
      onSent();
    } catch (e) {
      setResult({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card remind-panel" aria-labelledby="remind-title" data-remind="">
      <h2 id="remind-title" className="subhead">{t('remind.title')}</h2>
      {notDone === 0 ? <p className="muted">{t('remind.none')}</p> : (
        <>
          <p className="small muted">{t('remind.hint')}</p>
          <div className="button-row">
            <button type="button" className="button primary" disabled={busy} onClick={() => void send(null)}>
              {busy ? t('remind.sending') : t('remind.all', { n: notDone })}
            </button>
            {chosen.length > 0 && (
              <button type="button" className="button" disabled={busy} onClick={() => void send(chosen)}>
                {t('remind.chosen', { n: chosen.length })}
              </button>
            )}
          </div>
        </>
      )}
      <div aria-live="polite">
        {result?.ok && <p className="notice notice-ok" role="status">{result.text}</p>}
      </div>
      {result && !result.ok && <p className="notice notice-error" role="alert"><strong>{t('remind.failed')}.</strong> {result.text}</p>}
    </section>
  );
}
