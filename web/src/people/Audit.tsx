// The audit view: who changed what, when, filtered by unit (with its subtree), person, kind of
// data and days; each row's change as "field: old → new"; refused attempts for administrators;
// older rows page by page; the same rows as CSV. The server decides what each reader sees.
import { useInfiniteQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { api, downloadFile, type Query } from '../api/client';
import { useSession } from '../api/session';
import type { AuditEntry, ListOf } from '../api/types';
import { PageHeader } from '../components/Page';
import { EmptyState, ErrorState, Loading } from '../components/States';
import { isMessageKey, useI18n } from '../i18n';
import { auditChanges, vietnamDayStart } from '../lib/auditDiff';
import { formatDateTime } from '../lib/format';
import { administers, managesSomething } from './rights';
import { UnitPicker, type PickedUnit } from './UnitPicker';

const PAGE = 50;
const ENTITIES = ['user', 'api_token', 'unit', 'document', 'item', 'obligation', 'assignment', 'report', 'value', 'recommendation', 'comment', 'notice'];

const route = getRouteApi('/audit');

export function Audit() {
  const { t, lang } = useI18n();
  const id = useId();
  const session = useSession();
  const search = route.useSearch();
  const navigate = useNavigate();
  const denied = search.action === 'denied';
  const filters: Query = {
    unit_id: search.unit_id ?? null,
    actor: search.actor ?? null,
    entity: denied ? null : (search.entity ?? null),
    action: denied ? 'denied' : null,
    from: vietnamDayStart(search.from ?? ''),
    to: vietnamDayStart(search.to ?? '', true),
  };
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [form, setForm] = useState({
    actor: search.actor ?? '', entity: search.entity ?? '', from: search.from ?? '', to: search.to ?? '', denied,
  });
  const [csv, setCsv] = useState<string | null>(null);
  const rows = useInfiniteQuery({
    queryKey: ['api', 'audit', filters],
    queryFn: ({ pageParam, signal }) => api.get<ListOf<AuditEntry>>('audit', { ...filters, limit: PAGE, before_id: pageParam }, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => (last.items.length === PAGE ? last.items[last.items.length - 1]!.id : undefined),
  });

  if (!managesSomething(session)) {
    return (
      <div>
        <PageHeader title={t('audit.title')} />
        <EmptyState>{t('people.adminOnly')}</EmptyState>
      </div>
    );
  }
  const apply = (e: React.FormEvent) => {
    e.preventDefault();
    void navigate({
      to: '/audit',
      search: (prev) => ({
        ...prev,
        unit_id: unit ? String(unit.id) : undefined,
        actor: form.actor.trim() || undefined,
        entity: form.entity || undefined,
        from: form.from || undefined,
        to: form.to || undefined,
        action: form.denied ? 'denied' as const : undefined,
      }),
      replace: true,
      resetScroll: false,
    });
  };
  const download = async () => {
    setCsv(null);
    const name = await downloadFile('audit.csv', filters, 'audit.csv');
    setCsv(name);
  };
  const items = rows.data?.pages.flatMap((p) => p.items) ?? [];
  const label = (family: 'action' | 'entity', code: string) => {
    const key = `audit.${family}.${code}`;
    return isMessageKey(key) ? t(key) : code;
  };
  return (
    <div>
      <PageHeader title={t('audit.title')} actions={<button type="button" className="button" onClick={() => void download()}>{t('audit.csv')}</button>} />
      <div aria-live="polite">{csv && <p className="notice notice-ok" role="status">{t('audit.csvDone', { name: csv })}</p>}</div>
      <form className="card filters" role="search" onSubmit={apply} data-audit-filters="">
        <UnitPicker id={`${id}-unit`} label={t('audit.filter.unit')} value={unit} onChange={setUnit} anyLabel={t('audit.filter.anyUnit')} />
        <div className="field">
          <label htmlFor={`${id}-actor`}>{t('audit.filter.actor')}</label>
          <input id={`${id}-actor`} value={form.actor} autoCapitalize="none" spellCheck={false} onChange={(e) => setForm({ ...form, actor: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-entity`}>{t('audit.filter.entity')}</label>
          <select id={`${id}-entity`} value={form.entity} disabled={form.denied} onChange={(e) => setForm({ ...form, entity: e.target.value })}>
            <option value="">{t('audit.filter.anyEntity')}</option>
            {ENTITIES.map((e) => <option key={e} value={e}>{label('entity', e)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('audit.filter.from')}</label>
          <input id={`${id}-from`} type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('audit.filter.to')}</label>
          <input id={`${id}-to`} type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </div>
        {administers(session) && (
          <div className="field field-inline">
            <input id={`${id}-denied`} type="checkbox" checked={form.denied} onChange={(e) => setForm({ ...form, denied: e.target.checked })} />
            <label htmlFor={`${id}-denied`}>{t('audit.filter.denied')}</label>
          </div>
        )}
        <div className="filter-actions">
          <button type="submit" className="button primary">{t('audit.filter.apply')}</button>
          <button type="button" className="button" onClick={() => {
            setUnit(null);
            setForm({ actor: '', entity: '', from: '', to: '', denied: false });
            void navigate({ to: '/audit', replace: true, resetScroll: false });
          }}>{t('audit.filter.clear')}</button>
        </div>
      </form>
      {rows.error ? <ErrorState error={rows.error} onRetry={() => void rows.refetch()} /> : !rows.data ? <Loading /> : items.length === 0 ? (
        <EmptyState>{t('audit.none')}</EmptyState>
      ) : (
        <section className="card" aria-labelledby={`${id}-rows`}>
          <h2 id={`${id}-rows`} className="visually-hidden">{t('audit.title')}</h2>
          <p className="muted" aria-live="polite">{t('audit.shown', { n: items.length })}</p>
          <ul className="audit-list" data-audit-rows="">
            {items.map((row) => {
              const changes = auditChanges(row.before, row.after);
              return (
                <li key={row.id} className="audit-row" data-audit-row={row.id} data-action={row.action} data-entity={row.entity}>
                  <div className="audit-row-head">
                    <time dateTime={new Date(row.at).toISOString()}>{formatDateTime(row.at, lang)}</time>
                    <strong>{row.actor}</strong>
                    <span className={row.action === 'denied' ? 'badge badge-red' : 'badge tone-grey'}>{label('action', row.action)}</span>
                    <span>{label('entity', row.entity)}{row.entity_id !== null ? ` #${row.entity_id}` : ''}</span>
                    {row.unit_name && <span className="muted">{row.unit_name}</span>}
                  </div>
                  {changes.length === 0 ? <p className="muted">{t('audit.noChange')}</p> : (
                    <ul className="audit-changes">
                      {changes.map((c) => (
                        <li key={c.field} data-change={c.field}>
                          {c.field && <span className="field-name">{c.field}: </span>}
                          {c.before !== null && c.after !== null ? (
                            <><del>{c.before || '∅'}</del> → <ins>{c.after || '∅'}</ins></>
                          ) : c.after !== null ? <ins>{c.after || '∅'}</ins> : <del>{c.before || '∅'}</del>}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ul>
          {rows.hasNextPage && (
            <div className="form-actions">
              <button type="button" className="button" disabled={rows.isFetchingNextPage} onClick={() => void rows.fetchNextPage()}>{t('audit.more')}</button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
