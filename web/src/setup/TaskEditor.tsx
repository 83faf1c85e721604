// A task (nhiệm vụ) with a lead unit and coordinating units (chủ trì, phối hợp): title, code,
// issue and due dates, and the role of each unit of the issuer's subtree, picked from a list
// narrowed by a search that ignores diacritics (one row per unit, three choices: works with a
// thumb on a phone and with the keyboard). React Hook Form and Zod like the duty form; the
// server's refusal shows at the field it names, and at the very unit when it names one entry
// ("/coordinating_unit_ids/2"). Saved, the duty's page opens.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useId, useMemo, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { api, ApiError } from '../api/client';
import { apiQuery } from '../api/queries';
import { can, homeUnitId, useSession } from '../api/session';
import type { Item, ListOf, ObligationJson, Unit, UnitDetail } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n } from '../i18n';
import { matchesSearch } from '../lib/fold';
import { dueAfterIssue, defaultIssueDate, DATE, DutyBasicFields, dutyBasics, fieldErrors, FormFailure, ServedItem } from './DutyFields';
import { applyServerError } from './forms';
import { type Role, roleLists, subtreeOf } from './taskUnits';

const schema = z.object({
  ...dutyBasics,
  roles: z.record(z.string(), z.enum(['lead', 'coordinate'])),
}).refine(...dueAfterIssue)
  .refine((v) => Object.values(v.roles).includes('lead'), { path: ['roles'], message: 'task.pickLead' });
type Values = z.infer<typeof schema>;
// Rows shown at once: the chosen units always, then the first matches of the search.
const SHOWN = 40;
const FIELDS = ['title', 'code', 'issued_on', 'due_on', 'roles'];

// /tasks/new?unit=<code or id>[&item=<id>]: the issuer is the unit named, else the user's own.
export function NewTask({ unitCode, itemId }: { unitCode: string | null; itemId?: string | null }) {
  const session = useSession();
  const home = homeUnitId(session);
  const key = unitCode ?? (home === null ? null : String(home));
  const issuer = useQuery(apiQuery<UnitDetail>(key === null ? null : `units/${encodeURIComponent(key)}`, {}, { live: false }));
  const served = useQuery(apiQuery<Item>(itemId && /^\d+$/.test(itemId) ? `items/${itemId}` : null, {}, { live: false }));
  const itemReady = !itemId || served.data !== undefined;
  const both = {
    data: issuer.data && itemReady ? { unit: issuer.data, item: served.data ?? null } : undefined,
    error: issuer.error ?? served.error,
    refetch: () => { void issuer.refetch(); void served.refetch(); },
  };
  return <Resolved resource={both}>{({ unit, item }) => <TaskForm unit={unit} item={item} />}</Resolved>;
}

function TaskForm({ unit, item }: { unit: UnitDetail; item: Item | null }) {
  const { t, lang } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const id = useId();
  const [banner, setBanner] = useState<string | null>(null);
  // The unit a refusal named ("/coordinating_unit_ids/2" → that unit), to mark its row.
  const [badUnit, setBadUnit] = useState<number | null>(null);
  const sent = useRef<{ unit_ids: number[]; coordinating_unit_ids: number[] } | null>(null);
  const [search, setSearch] = useState('');
  const { register, handleSubmit, formState, setError, control, setValue, clearErrors } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { title: item?.title ?? '', code: '', issued_on: defaultIssueDate(unit), due_on: '', roles: {} },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = formState;
  const [roles, issuedOn] = useWatch({ control, name: ['roles', 'issued_on'] });
  const asOf = DATE.test(issuedOn) ? issuedOn : null;
  const units = useQuery({
    ...apiQuery<ListOf<Unit>>('units', { limit: 5000, as_of: asOf }, { live: false }),
    placeholderData: (previous) => previous,
  });
  const subtree = useMemo(() => subtreeOf(unit.id, units.data?.items ?? []), [unit.id, units.data]);
  const order = subtree.map((u) => u.id);

  if (!can(session, 'manage', unit.path.map((p) => p.id))) {
    return (
      <div>
        <PageHeader title={t('task.new')} />
        <EmptyState>{t('state.error.title')}</EmptyState>
      </div>
    );
  }

  const setRole = (unitId: number, role: Role | null) => {
    const next = { ...roles };
    if (role) next[String(unitId)] = role; else delete next[String(unitId)];
    setValue('roles', next, { shouldValidate: formState.isSubmitted, shouldDirty: true });
    if (badUnit === unitId) {
      setBadUnit(null);
      clearErrors('roles');
    }
  };

  const save = handleSubmit(
    async (raw) => {
      const v = schema.parse(raw);
      setBanner(null);
      setBadUnit(null);
      const lists = roleLists(v.roles, order);
      sent.current = lists;
      try {
        const created = await api.post<ObligationJson>('obligations', {
          code: v.code.trim(),
          title: v.title.trim(),
          issuer_unit_id: unit.id,
          ...(item ? { item_id: item.id, ...(item.document_id ? { document_id: item.document_id } : {}) } : {}),
          issued_on: v.issued_on,
          due_on: v.due_on,
          ...lists,
        });
        void navigate({ to: '/obligations/$id', params: { id: created.id }, search: { unit: unit.code } });
      } catch (e) {
        // An entry of a list: the message at the units, the row of that unit marked.
        const entry = e instanceof ApiError ? /^\/(unit_ids|coordinating_unit_ids)(?:\/(\d+))?$/.exec(e.field ?? '') : null;
        if (entry && e instanceof ApiError) {
          const list = sent.current?.[entry[1] as 'unit_ids' | 'coordinating_unit_ids'] ?? [];
          setBadUnit(entry[2] === undefined ? null : list[Number(entry[2])] ?? null);
          setError('roles', { type: 'server', message: e.message });
          setBanner(null);
          return;
        }
        const failure = applyServerError(e, setError, FIELDS, t);
        setBanner(failure.kind === 'error' ? failure.message : null);
      }
    },
    () => setBanner(null),
  );
  const marked = Object.keys(errors).length > 0;

  const { errorOf } = fieldErrors(id, errors, t);

  const chosen = subtree.filter((u) => roles[String(u.id)]);
  const matching = subtree.filter((u) => !roles[String(u.id)] && (!search.trim() || matchesSearch(`${u.name} ${u.short_name} ${u.code}`, search)));
  const rows = [...chosen, ...matching.slice(0, SHOWN)];
  const names = (role: Role) => chosen.filter((u) => roles[String(u.id)] === role).map((u) => u.short_name).join(', ') || '—';
  const kindName = (u: Unit) => (lang === 'vi' ? u.kind?.name : u.kind?.name_en) ?? '';

  return (
    <div>
      <Breadcrumbs path={unit.path} tail={t('task.new')} />
      <PageHeader title={t('task.new')} eyebrow={<p className="eyebrow">{t('duty.issuer')}: {unit.name}</p>} />
      <form className="card setup-form" onSubmit={(e) => void save(e)} noValidate data-task-form="">
        <FormFailure banner={banner} marked={marked} t={t} />
        <ServedItem item={item} t={t} />
        <DutyBasicFields id={id} register={register} errors={errors} t={t} />
        <fieldset className="field task-units" aria-describedby={[`${id}-units-hint`, errorOf('roles')?.id].filter(Boolean).join(' ')}
          aria-invalid={errorOf('roles') ? true : undefined} data-task-units="">
          <legend>{t('task.units')}</legend>
          <p id={`${id}-units-hint`} className="small muted">{t('task.unitsHint', { unit: unit.short_name })}</p>
          <p className="task-picked" aria-live="polite" data-picked="">
            {chosen.length ? t('task.picked', { lead: names('lead'), coordinate: names('coordinate') }) : t('task.pickedNone')}
          </p>
          {errorOf('roles')?.node}
          <div className="field">
            <label htmlFor={`${id}-search`}>{t('task.search')}</label>
            <input id={`${id}-search`} type="search" value={search} autoComplete="off" spellCheck={false}
              placeholder={t('task.searchHint')} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <ul className="task-unit-list">
            {rows.map((u) => {
              const role = roles[String(u.id)] ?? null;
              const name = `${id}-role-${u.id}`;
              return (
                <li key={u.id} className={`task-unit${role ? ` task-unit-${role}` : ''}`} data-unit={u.code}
                  data-invalid={badUnit === u.id ? '' : undefined}>
                  <div role="radiogroup" aria-label={t('task.roleOf', { unit: u.short_name })}
                    aria-invalid={badUnit === u.id ? true : undefined} aria-describedby={badUnit === u.id ? errorOf('roles')?.id : undefined}>
                    <span className="task-unit-name">
                      {u.short_name} <span className="small muted">{kindName(u)} · {u.code}</span>
                    </span>
                    <span className="task-roles">
                      {([null, 'lead', 'coordinate'] as const).map((r) => (
                        <label key={r ?? 'none'} className="radio">
                          <input type="radio" name={name} checked={role === r} onChange={() => setRole(u.id, r)} />
                          {r === null ? t('task.none') : t(`task.${r}`)}
                        </label>
                      ))}
                    </span>
                  </div>
                </li>
              );
            })}
          </ul>
          {units.data && matching.length === 0 && search.trim() && <p className="small muted">{t('task.noMatch', { q: search.trim() })}</p>}
          {matching.length > SHOWN && (
            <p className="small muted" aria-live="polite">{t('task.shown', { shown: SHOWN, total: matching.length })}</p>
          )}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button primary" disabled={isSubmitting}>
            {isSubmitting && <span className="spinner spinner-inline" aria-hidden="true" />}
            {isSubmitting ? t('state.saving') : t('task.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
