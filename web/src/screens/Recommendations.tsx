// Recommendations (đề xuất, kiến nghị) of a unit: raised to the level above (linked to a target
// or task), answered by the level above, closed by the unit that raised them.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { can, useSession } from '../api/session';
import type { ListOf, Overview, Recommendation, UnitDetail } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { Comments } from '../components/Comments';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n';
import { formatDate, formatDateTime, todayIso } from '../lib/format';
import { getRouteApi } from '@tanstack/react-router';

export function Recommendations({ code }: { code: string }) {
  const unit = useQuery(apiQuery<UnitDetail>(`units/${encodeURIComponent(code)}`, {}, { live: false }));
  return <Resolved resource={unit}>{(u) => <RecommendationsBody unit={u} />}</Resolved>;
}

function RecommendationsBody({ unit }: { unit: UnitDetail }) {
  const { t } = useI18n();
  const session = useSession();
  const incoming = useQuery(apiQuery<ListOf<Recommendation>>('recommendations', { to_unit_id: unit.id }));
  const outgoing = useQuery(apiQuery<ListOf<Recommendation>>('recommendations', { from_unit_id: unit.id }));
  const parent = unit.path.length >= 2 ? unit.path[unit.path.length - 2]! : null;
  const pathIds = unit.path.map((p) => p.id);
  // Raising and closing are the unit's own entries; answering is the level above's management.
  const mayEnter = can(session, 'enter', pathIds);
  const mayManage = can(session, 'manage', pathIds);
  const names = new Map(unit.path.map((p) => [p.id, p.name]));
  for (const child of unit.children) names.set(child.id, child.short_name);
  return (
    <div>
      <Breadcrumbs path={unit.path} tail={t('overview.recommendations')} />
      <PageHeader title={t('recs.title', { unit: unit.short_name })} />
      <div className="grid-2">
        <Section title={t('recs.outgoing', { n: outgoing.data?.count ?? 0 })} id="outgoing">
          <Resolved resource={outgoing}>
            {(list) => <RecList items={list.items} names={names} side="from" mayAct={mayEnter} />}
          </Resolved>
        </Section>
        <Section title={t('recs.incoming', { n: incoming.data?.count ?? 0 })} id="incoming">
          <Resolved resource={incoming}>
            {(list) => <RecList items={list.items} names={names} side="to" mayAct={mayManage} />}
          </Resolved>
        </Section>
      </div>
      {parent && mayEnter ? <RaiseForm unit={unit} parentId={parent.id} parentName={parent.name} /> : !parent && <p className="muted">{t('recs.noParent')}</p>}
    </div>
  );
}

function RecList({ items, names, side, mayAct }: { items: Recommendation[]; names: Map<number, string>; side: 'from' | 'to'; mayAct: boolean }) {
  const { t } = useI18n();
  if (items.length === 0) return <EmptyState>{t('recs.empty')}</EmptyState>;
  return (
    <ul className="rec-list detailed">
      {[...items].sort((a, b) => b.created_at - a.created_at).map((r) => (
        <RecItem key={r.id} rec={r} names={names} side={side} mayAct={mayAct} />
      ))}
    </ul>
  );
}

function RecItem({ rec, names, side, mayAct }: { rec: Recommendation; names: Map<number, string>; side: 'from' | 'to'; mayAct: boolean }) {
  const { t, lang } = useI18n();
  const [answer, setAnswer] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showComments, setShowComments] = useState(false);
  const fieldId = useId();
  const overdue = rec.status === 'open' && rec.due_on !== null && rec.due_on < todayIso();
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li id={`rec-${rec.id}`}>
      <div className="rec-head">
        <strong>{rec.title}</strong>
        <StatusBadge kind="recommendation" status={overdue ? 'overdue' : rec.status} />
      </div>
      <p className="small muted">
        {t('recs.fromTo', { from: names.get(rec.from_unit_id) ?? `#${rec.from_unit_id}`, to: names.get(rec.to_unit_id) ?? `#${rec.to_unit_id}` })}
        {' · '}
        {formatDateTime(rec.created_at, lang)}
        {rec.due_on && <> · {t('recs.dueOn', { date: formatDate(rec.due_on, lang) })}</>}
      </p>
      <p>{rec.body}</p>
      {rec.answer && (
        <p className="answer">{t('recs.answered', { date: formatDateTime(rec.answered_at, lang), answer: rec.answer })}</p>
      )}
      {mayAct && side === 'to' && rec.status === 'open' && (
        <form
          className="inline-form"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            if (answer.trim()) void run(() => api.post(`recommendations/${rec.id}/answer`, { answer: answer.trim() }, rec.version));
          }}
        >
          <label htmlFor={fieldId}>{t('recs.answerField')}</label>
          <textarea id={fieldId} rows={2} value={answer} onChange={(e) => setAnswer(e.target.value)} />
          <button type="submit" className="button small primary" disabled={busy || !answer.trim()}>{t('recs.answerSend')}</button>
        </form>
      )}
      {mayAct && side === 'from' && rec.status === 'answered' && (
        <button type="button" className="button small" disabled={busy}
          onClick={() => void run(() => api.post(`recommendations/${rec.id}/close`, {}, rec.version))}>
          {t('recs.close')}
        </button>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
      <button type="button" className="link-button small" aria-expanded={showComments} onClick={() => setShowComments(!showComments)}>
        {t('comments.title')}
      </button>
      {showComments && <Comments entity="recommendation" entityId={rec.id} />}
    </li>
  );
}

function RaiseForm({ unit, parentId, parentName }: { unit: UnitDetail; parentId: number; parentName: string }) {
  const { t } = useI18n();
  const asked = getRouteApi('/units/$code/recommendations').useSearch({ select: (search) => search.item });
  const own = useQuery(apiQuery<Overview>('views/overview', { unit_id: unit.id }, { live: false }));
  const above = useQuery(apiQuery<Overview>('views/overview', { unit_id: parentId }, { live: false }));
  const [itemId, setItemId] = useState(asked ?? '');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const ids = { item: useId(), title: useId(), body: useId(), due: useId() };
  const targets = [...(own.data?.targets ?? []), ...(above.data?.targets ?? [])];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || !body.trim()) {
      setMessage({ ok: false, text: t('recs.required') });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await api.post('recommendations', {
        from_unit_id: unit.id,
        to_unit_id: parentId,
        item_id: itemId ? Number(itemId) : null,
        title: title.trim(),
        body: body.trim(),
        due_on: due || null,
      });
      setTitle('');
      setBody('');
      setDue('');
      setMessage({ ok: true, text: t('recs.sent') });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('recs.raise')} id="raise">
      <form onSubmit={submit} className="stack-form" noValidate>
        <p className="muted">{t('recs.to')}: <strong>{parentName}</strong></p>
        <div className="field">
          <label htmlFor={ids.item}>{t('recs.item')}</label>
          <select id={ids.item} value={itemId} onChange={(e) => setItemId(e.target.value)}>
            <option value="">{t('recs.itemNone')}</option>
            {itemId && !targets.some((x) => String(x.item_id) === itemId) && <option value={itemId}>#{itemId}</option>}
            {targets.map((x) => (
              <option key={x.item_id} value={x.item_id}>{x.code} — {x.title}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.title}>{t('recs.field.title')}</label>
          <input id={ids.title} value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={ids.body}>{t('recs.field.body')}</label>
          <textarea id={ids.body} rows={4} value={body} onChange={(e) => setBody(e.target.value)} required />
        </div>
        <div className="field">
          <label htmlFor={ids.due}>{t('recs.field.due')}</label>
          <input id={ids.due} type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </div>
        {message && <p className={message.ok ? 'notice notice-ok' : 'field-error'} role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
        <button type="submit" className="button primary" disabled={busy}>{busy ? t('state.saving') : t('recs.send')}</button>
      </form>
    </Section>
  );
}
