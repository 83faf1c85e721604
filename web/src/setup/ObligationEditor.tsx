// Giving a duty (nhiệm vụ) to units: title, code, issue and due dates, and which units — unit
// kinds × reach (direct subordinates, N levels, the whole subtree) — with the live count from
// GET obligations/reach before saving. React Hook Form and Zod like the document form; a refusal
// shows at the field it names. Saved, the duty's screen shows "0/N".
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../api/client';
import { apiQuery } from '../api/queries';
import { can, homeUnitId, useSession } from '../api/session';
import type { Item, ListOf, ObligationJson, ObligationReach, UnitDetail, UnitKind } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n } from '../i18n';
import { formatNumber } from '../lib/format';
import { useNavigate } from '@tanstack/react-router';
import { dueAfterIssue, defaultIssueDate, DATE, DutyBasicFields, dutyBasics, fieldErrors, FormFailure, ServedItem } from './DutyFields';
import { applyServerError } from './forms';

const schema = z.object({
  ...dutyBasics,
  kind_ids: z.array(z.string()).min(1, 'duty.pickKind'),
  scope: z.enum(['direct', 'levels', 'all']),
  levels: z.string().trim().regex(/^[1-9]$/, 'duty.levelsRange'),
}).refine(...dueAfterIssue);
type Values = z.infer<typeof schema>;
const FIELDS = ['title', 'code', 'issued_on', 'due_on', 'kind_ids', 'depth', 'scope', 'levels'];

function depthOf(scope: Values['scope'], levels: string): number {
  if (scope === 'direct') return 1;
  if (scope === 'all') return 0;
  const n = Number(levels);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

// /obligations/new?unit=<code>[&item=<id>]: the issuer is the unit the screen came from, else the
// user's own; the duty serves the item named (a target of the issuer's document), if any.
export function NewObligation({ unitCode, itemId }: { unitCode: string | null; itemId?: string | null }) {
  const session = useSession();
  const home = homeUnitId(session);
  const key = unitCode ?? (home === null ? null : String(home));
  const issuer = useQuery(apiQuery<UnitDetail>(key === null ? null : `units/${encodeURIComponent(key)}`, {}, { live: false }));
  const kinds = useQuery(apiQuery<ListOf<UnitKind>>('unit-kinds', {}, { live: false }));
  const served = useQuery(apiQuery<Item>(itemId && /^\d+$/.test(itemId) ? `items/${itemId}` : null, {}, { live: false }));
  const itemReady = !itemId || served.data !== undefined;
  const both = {
    data: issuer.data && kinds.data && itemReady ? { unit: issuer.data, kinds: kinds.data.items, item: served.data ?? null } : undefined,
    error: issuer.error ?? kinds.error ?? served.error,
    refetch: () => { void issuer.refetch(); void kinds.refetch(); void served.refetch(); },
  };
  return (
    <Resolved resource={both}>
      {({ unit, kinds: list, item }) => <ObligationForm unit={unit} item={item} kinds={list.filter((k) => k.level > (unit.kind?.level ?? -1))} />}
    </Resolved>
  );
}

function ObligationForm({ unit, kinds, item }: { unit: UnitDetail; kinds: UnitKind[]; item: Item | null }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const session = useSession();
  const id = useId();
  const [banner, setBanner] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, control, setValue } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { title: '', code: '', issued_on: defaultIssueDate(unit), due_on: '', kind_ids: [], scope: 'direct', levels: '2' },
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = formState;
  const [kindIds, scope, levels, issuedOn] = useWatch({ control, name: ['kind_ids', 'scope', 'levels', 'issued_on'] });
  const depth = depthOf(scope, levels);
  const asOf = DATE.test(issuedOn) ? issuedOn : null;
  // The kinds found anywhere below the issuer that day: only those are offered (a province after
  // the 2025 reform has no districts left); all of them until the count comes.
  const present = useQuery({
    ...apiQuery<ObligationReach>('obligations/reach',
      { issuer_unit_id: unit.id, kind_ids: kinds.map((k) => k.id).join(','), depth: 0, as_of: asOf }, { live: false }),
    placeholderData: (previous) => previous,
  });
  const offered = present.data
    ? kinds.filter((k) => kindIds.includes(String(k.id)) || present.data.by_kind.some((b) => b.kind_id === k.id && b.count > 0))
    : kinds;
  const reach = useQuery({
    ...apiQuery<ObligationReach>(kindIds.length ? 'obligations/reach' : null,
      { issuer_unit_id: unit.id, kind_ids: [...kindIds].sort().join(','), depth, as_of: asOf }, { live: false }),
    placeholderData: (previous) => previous,
  });

  if (!can(session, 'manage', unit.path.map((p) => p.id))) {
    return (
      <div>
        <PageHeader title={t('duty.new')} />
        <EmptyState>{t('state.error.title')}</EmptyState>
      </div>
    );
  }

  const save = handleSubmit(
    async (raw) => {
      const v = schema.parse(raw);
      setBanner(null);
      try {
        const created = await api.post<ObligationJson>('obligations', {
          code: v.code.trim(),
          title: v.title.trim(),
          issuer_unit_id: unit.id,
          ...(item ? { item_id: item.id } : {}),
          issued_on: v.issued_on,
          due_on: v.due_on,
          kind_ids: v.kind_ids.map(Number),
          depth: depthOf(v.scope, v.levels),
        });
        void navigate({ to: '/obligations/$id', params: { id: created.id }, search: { unit: unit.code } });
      } catch (e) {
        const failure = applyServerError(e, setError, FIELDS, t);
        if (failure.kind === 'error') setBanner(failure.message);
        else setBanner(null);
      }
    },
    () => setBanner(null),
  );
  // The "fix the fields marked" line lasts as long as a field is marked.
  const marked = Object.keys(errors).length > 0;

  const { errorOf, input } = fieldErrors(id, errors, t);
  const reachText = (r: ObligationReach) =>
    `${t('duty.reach', { n: formatNumber(r.total, lang) })}${r.by_kind.length ? ` (${r.by_kind.filter((k) => k.count > 0)
      .map((k) => `${formatNumber(k.count, lang)} ${lang === 'vi' ? k.name.toLocaleLowerCase('vi') : k.name_en}`).join(', ')})` : ''}`;

  return (
    <div>
      <Breadcrumbs path={unit.path} tail={t('duty.new')} />
      <PageHeader title={t('duty.new')} eyebrow={<p className="eyebrow">{t('duty.issuer')}: {unit.name}</p>} />
      <form className="card setup-form" onSubmit={(e) => void save(e)} noValidate data-obligation-form="">
        <FormFailure banner={banner} marked={marked} t={t} />
        <ServedItem item={item} t={t} />
        <DutyBasicFields id={id} register={register} errors={errors} t={t} />
        <fieldset className="field" aria-describedby={errorOf('kind_ids')?.id} aria-invalid={errorOf('kind_ids') ? true : undefined}>
          <legend>{t('duty.kinds')}</legend>
          <div className="check-list">
            {offered.map((k) => (
              <label key={k.id} className="radio">
                <input type="checkbox" value={String(k.id)} checked={kindIds.includes(String(k.id))}
                  onChange={(e) => setValue('kind_ids', e.target.checked ? [...kindIds, String(k.id)] : kindIds.filter((x) => x !== String(k.id)),
                    { shouldValidate: formState.isSubmitted, shouldDirty: true })} />
                {lang === 'vi' ? k.name : k.name_en}
              </label>
            ))}
          </div>
          {errorOf('kind_ids')?.node}
        </fieldset>
        <fieldset className="field" aria-describedby={errorOf('depth')?.id}>
          <legend>{t('duty.depth')}</legend>
          <div className="check-list">
            <label className="radio"><input type="radio" value="direct" {...register('scope')} />{t('duty.depth.direct')}</label>
            <label className="radio"><input type="radio" value="levels" {...register('scope')} />{t('duty.depth.levels')}</label>
            {scope === 'levels' && (
              <span className="field-inline">
                <label htmlFor={`${id}-levels`}>{t('duty.depth.n')}</label>
                <input type="number" min={1} max={9} className="narrow" {...register('levels')} {...input('levels')} />
              </span>
            )}
            <label className="radio"><input type="radio" value="all" {...register('scope')} />{t('duty.depth.all')}</label>
          </div>
          {errorOf('levels')?.node}
          {errorOf('depth')?.node}
        </fieldset>
        <p className="reach-line" aria-live="polite" data-reach={reach.data && kindIds.length ? reach.data.total : undefined}>
          {kindIds.length === 0 ? t('duty.reachNone')
            : reach.data ? <strong>{reachText(reach.data)}</strong>
            : reach.error ? <span className="field-error">{reach.error.message}</span>
            : t('duty.reachLoading')}
        </p>
        <div className="button-row">
          <button type="submit" className="button primary" disabled={isSubmitting}>
            {isSubmitting && <span className="spinner spinner-inline" aria-hidden="true" />}
            {isSubmitting ? t('state.saving') : t('duty.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
