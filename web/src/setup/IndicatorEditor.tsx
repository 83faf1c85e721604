// Indicators (chỉ số) and their roll-up rules: the list, searchable, and a form that creates one
// or edits one with its version (If-Match; a 412 offers the latest version and keeps what was
// typed). Each rule is explained in words beside its choice: how the values of the units below
// combine (sum, average, min, max, count of "yes", none) and how periods combine into a longer
// one (sum, latest, average); a computed indicator divides two others. Only an administrator of
// the whole tree writes them (the server decides; the screen offers the form to them alone).
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../api/client';
import { apiQuery } from '../api/queries';
import { useSession } from '../api/session';
import type { Indicator, ListOf } from '../api/types';
import { PageHeader } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n, type MessageKey } from '../i18n';
import { compareVietnamese, matchesSearch } from '../lib/fold';
import { Link } from '../lib/link';
import { administers } from '../people/rights';
import { type Banner, failureBanner, latestVersion, SaveBanner } from './SaveBanner';
import { CODE, fieldMessage } from './forms';

export const VALUE_TYPES = ['number', 'percent', 'yes_no', 'text'] as const;
export const PERIOD_TYPES = ['month', 'quarter', 'half', 'year', 'term'] as const;
export const UNIT_AGGREGATIONS = ['sum', 'average', 'min', 'max', 'count_yes', 'none'] as const;
export const TIME_AGGREGATIONS = ['sum', 'last', 'average'] as const;

const NUMBER = /^-?\d+([.,]\d+)?$/;
const schema = z.object({
  name: z.string().trim().min(1, 'setup.required').max(500, 'setup.tooLong'),
  code: z.string().trim().min(1, 'setup.required').max(100, 'setup.tooLong').regex(CODE, 'setup.codeFormat'),
  measure_unit: z.string().trim().max(50, 'setup.tooLong'),
  decimals: z.string().trim().regex(/^[0-6]$/, 'indicator.decimalsRange'),
  value_type: z.enum(VALUE_TYPES),
  period_type: z.enum(PERIOD_TYPES),
  unit_aggregation: z.enum(UNIT_AGGREGATIONS),
  time_aggregation: z.enum(TIME_AGGREGATIONS),
  computed: z.boolean(),
  numerator_id: z.string(),
  denominator_id: z.string(),
  factor: z.string().trim(),
}).superRefine((v, ctx) => {
  if (!v.computed) return;
  if (!v.numerator_id) ctx.addIssue({ code: 'custom', path: ['numerator_id'], message: 'setup.required' });
  if (!v.denominator_id) ctx.addIssue({ code: 'custom', path: ['denominator_id'], message: 'setup.required' });
  if (!NUMBER.test(v.factor)) ctx.addIssue({ code: 'custom', path: ['factor'], message: 'indicator.number' });
});
type Values = z.infer<typeof schema>;
const FIELDS = Object.keys(schema.shape);

const EMPTY: Values = {
  name: '', code: '', measure_unit: '', decimals: '0', value_type: 'number', period_type: 'year',
  unit_aggregation: 'sum', time_aggregation: 'last', computed: false, numerator_id: '', denominator_id: '', factor: '100',
};

function valuesOf(i: Indicator): Values {
  return {
    name: i.name, code: i.code, measure_unit: i.measure_unit, decimals: String(i.decimals), value_type: i.value_type,
    period_type: i.period_type, unit_aggregation: i.unit_aggregation, time_aggregation: i.time_aggregation,
    computed: i.numerator_id !== null, numerator_id: i.numerator_id === null ? '' : String(i.numerator_id),
    denominator_id: i.denominator_id === null ? '' : String(i.denominator_id), factor: String(i.factor),
  };
}

function bodyOf(v: Values) {
  return {
    name: v.name.trim(), code: v.code.trim(), measure_unit: v.measure_unit.trim(), decimals: Number(v.decimals),
    value_type: v.value_type, period_type: v.period_type, unit_aggregation: v.unit_aggregation, time_aggregation: v.time_aggregation,
    numerator_id: v.computed ? Number(v.numerator_id) : null,
    denominator_id: v.computed ? Number(v.denominator_id) : null,
    factor: v.computed ? Number(v.factor.replace(',', '.')) : 1,
  };
}

// /indicators: every indicator with its rules; the administrator's way to add or edit one.
export function Indicators() {
  const { t } = useI18n();
  const session = useSession();
  const list = useQuery(apiQuery<ListOf<Indicator>>('indicators', { limit: 5000 }, { live: false }));
  const [q, setQ] = useState('');
  const searchId = useId();
  const writes = administers(session);
  return (
    <div>
      <PageHeader title={t('indicator.title')}>
        <p className="muted">{t('indicator.intro')}</p>
        {writes ? <p><Link className="button primary" to="/indicators/new">{t('indicator.new')}</Link></p>
          : <p className="small muted">{t('indicator.readOnly')}</p>}
      </PageHeader>
      <Resolved resource={list}>
        {(data) => {
          const rows = data.items
            .filter((i) => !q.trim() || matchesSearch(`${i.name} ${i.code}`, q))
            .sort((a, b) => compareVietnamese(a.name, b.name));
          return (
            <section className="card" aria-labelledby={`${searchId}-count`}>
              <div className="filters">
                <div className="field field-inline">
                  <label htmlFor={searchId}>{t('indicator.search')}</label>
                  <input id={searchId} type="search" value={q} onChange={(e) => setQ(e.target.value)} />
                </div>
              </div>
              <p id={`${searchId}-count`} className="small muted" aria-live="polite">{t('indicator.count', { n: rows.length })}</p>
              {rows.length === 0 ? <EmptyState>{t('indicator.empty')}</EmptyState> : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('indicator.title')}>
                  <table className="data-table indicators">
                    <thead>
                      <tr>
                        <th scope="col">{t('indicator.col.name')}</th>
                        <th scope="col">{t('indicator.col.type')}</th>
                        <th scope="col">{t('indicator.col.period')}</th>
                        <th scope="col">{t('indicator.col.rollup')}</th>
                        <th scope="col">{t('indicator.col.time')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((i) => (
                        <tr key={i.id} data-indicator={i.code}>
                          <th scope="row">
                            {writes ? <Link to="/indicators/$id" params={{ id: i.id }} aria-label={t('indicator.editOne', { name: i.name })}>{i.name}</Link> : i.name}
                            <span className="block small muted">{i.code}{i.measure_unit ? ` · ${i.measure_unit}` : ''}</span>
                          </th>
                          <td>{t(`indicator.value.${i.value_type}`)}</td>
                          <td>{t(`indicator.period.${i.period_type}`)}</td>
                          <td>{i.numerator_id !== null ? t('indicator.computedShort') : t(`indicator.unit.${i.unit_aggregation}`)}</td>
                          <td>{t(`indicator.time.${i.time_aggregation}`)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>
          );
        }}
      </Resolved>
    </div>
  );
}

// /indicators/new[?document=<id>] and /indicators/:id: the form. `documentId`, the document
// whose item needed the indicator, is where a new indicator sends the user back.
export function IndicatorPage({ id, documentId }: { id: number | null; documentId: number | null }) {
  const one = useQuery(apiQuery<Indicator>(id === null ? null : `indicators/${id}`, {}, { live: false }));
  const all = useQuery(apiQuery<ListOf<Indicator>>('indicators', { limit: 5000 }, { live: false }));
  const both = {
    data: all.data && (id === null || one.data) ? { indicator: one.data ?? null, others: all.data.items } : undefined,
    error: one.error ?? all.error,
    refetch: () => { void one.refetch(); void all.refetch(); },
  };
  return (
    <Resolved resource={both}>
      {({ indicator, others }) => <IndicatorForm indicator={indicator} others={others.filter((o) => o.id !== indicator?.id)} documentId={documentId} />}
    </Resolved>
  );
}

function IndicatorForm({ indicator, others, documentId }: { indicator: Indicator | null; others: Indicator[]; documentId: number | null }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const session = useSession();
  const client = useQueryClient();
  const id = useId();
  const [version, setVersion] = useState(indicator?.version ?? 0);
  const [banner, setBanner] = useState<Banner>(
    indicator && sessionStorage.getItem(`nqtrack.indicator.${indicator.id}`) ? { kind: 'ok', text: t('indicator.created') } : null,
  );
  const { register, handleSubmit, formState, setError, reset, control } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: indicator ? valuesOf(indicator) : EMPTY,
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = formState;
  const [computed, unitAggregation, timeAggregation] = useWatch({ control, name: ['computed', 'unit_aggregation', 'time_aggregation'] });
  useEffect(() => {
    if (indicator) sessionStorage.removeItem(`nqtrack.indicator.${indicator.id}`);
  }, [indicator]);

  if (!administers(session)) {
    return (
      <div>
        <PageHeader title={indicator ? t('indicator.edit') : t('indicator.new')} />
        <EmptyState action={<Link className="button" to="/indicators">{t('indicator.back')}</Link>}>{t('indicator.readOnly')}</EmptyState>
      </div>
    );
  }

  const refresh = async (saved: Indicator) => {
    client.setQueryData(apiQuery<Indicator>(`indicators/${saved.id}`, {}, { live: false }).queryKey, saved);
    await client.invalidateQueries({ queryKey: ['api', 'indicators'] });
  };

  const save = handleSubmit(
    async (values) => {
      setBanner(null);
      try {
        if (indicator) {
          const saved = await api.patch<Indicator>(`indicators/${indicator.id}`, bodyOf(values), version);
          setVersion(saved.version);
          reset(valuesOf(saved));
          await refresh(saved);
          setBanner({ kind: 'ok', text: t('indicator.saved') });
        } else {
          const created = await api.post<Indicator>('indicators', bodyOf(values));
          await refresh(created);
          if (documentId !== null) {
            void navigate({ to: '/documents/$id/edit', params: { id: documentId } });
          } else {
            sessionStorage.setItem(`nqtrack.indicator.${created.id}`, '1');
            void navigate({ to: '/indicators/$id', params: { id: created.id } });
          }
        }
      } catch (e) {
        setBanner(failureBanner(e, setError, FIELDS, t));
      }
    },
    () => setBanner({ kind: 'error', text: t('setup.fixErrors') }),
  );

  // The latest version from the server; what the user changed stays as typed.
  const reloadLatest = async () => {
    if (!indicator) return;
    setBanner(await latestVersion<Indicator>(`indicators/${indicator.id}`, (latest) => {
      setVersion(latest.version);
      reset(valuesOf(latest), { keepDirtyValues: true, keepErrors: false });
    }));
  };

  const field = (name: keyof Values, hint?: boolean) => {
    const message = fieldMessage(t, errors[name]?.message);
    const described = [hint ? `${id}-${name}-hint` : null, message ? `${id}-${name}-error` : null].filter(Boolean).join(' ');
    return {
      input: { id: `${id}-${name}`, 'aria-invalid': message ? true : undefined, 'aria-describedby': described || undefined },
      error: message ? <p id={`${id}-${name}-error`} className="field-error" data-field-error={name}>{message}</p> : null,
    };
  };
  const sorted = [...others].sort((a, b) => compareVietnamese(a.name, b.name));
  // A choice among rules, each explained under its name.
  const rules = (name: 'unit_aggregation' | 'time_aggregation', family: 'unit' | 'time', options: readonly string[], current: string) => {
    const f = field(name);
    return (
      <fieldset className="field rule-choice" aria-describedby={f.input['aria-describedby']} data-rules={name}>
        <legend>{t(name === 'unit_aggregation' ? 'indicator.unitAggregation' : 'indicator.timeAggregation')}</legend>
        <div className="rule-options">
          {options.map((o) => (
            <label key={o} className={`rule-option${current === o ? ' rule-option-on' : ''}`}>
              <input type="radio" value={o} {...register(name)} />
              <span>
                <strong>{t(`indicator.${family}.${o}` as MessageKey)}</strong>
                <span className="block small">{t(`indicator.${family}.${o}.about` as MessageKey)}</span>
              </span>
            </label>
          ))}
        </div>
        {f.error}
      </fieldset>
    );
  };

  const f = (name: keyof Values, hint?: boolean) => field(name, hint);
  return (
    <div>
      <PageHeader title={indicator ? t('indicator.editOne', { name: indicator.name }) : t('indicator.new')}>
        <p>
          <Link to="/indicators">{t('indicator.back')}</Link>
          {documentId !== null && <> · <Link to="/documents/$id/edit" params={{ id: documentId }}>{t('indicator.backToDocument')}</Link></>}
        </p>
      </PageHeader>
      <form className="card setup-form" onSubmit={(e) => void save(e)} noValidate data-indicator-form="">
        <SaveBanner banner={banner} onReload={() => void reloadLatest()} />
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('indicator.name')}</label>
          <input {...register('name')} {...f('name').input} maxLength={500} />
          {f('name').error}
        </div>
        <div className="setup-grid">
          <div className="field">
            <label htmlFor={`${id}-code`}>{t('indicator.code')}</label>
            <input {...register('code')} {...f('code', true).input} autoCapitalize="off" spellCheck={false} />
            <p id={`${id}-code-hint`} className="small muted">{t('indicator.codeHint')}</p>
            {f('code').error}
          </div>
          <div className="field">
            <label htmlFor={`${id}-measure_unit`}>{t('indicator.measureUnit')}</label>
            <input {...register('measure_unit')} {...f('measure_unit', true).input} maxLength={50} />
            <p id={`${id}-measure_unit-hint`} className="small muted">{t('indicator.measureUnitHint')}</p>
            {f('measure_unit').error}
          </div>
          <div className="field">
            <label htmlFor={`${id}-decimals`}>{t('indicator.decimals')}</label>
            <input type="number" min={0} max={6} inputMode="numeric" className="narrow" {...register('decimals')} {...f('decimals').input} />
            {f('decimals').error}
          </div>
          <div className="field">
            <label htmlFor={`${id}-value_type`}>{t('indicator.valueType')}</label>
            <select {...register('value_type')} {...f('value_type').input}>
              {VALUE_TYPES.map((v) => <option key={v} value={v}>{t(`indicator.value.${v}`)}</option>)}
            </select>
            {f('value_type').error}
          </div>
          <div className="field">
            <label htmlFor={`${id}-period_type`}>{t('indicator.periodType')}</label>
            <select {...register('period_type')} {...f('period_type').input}>
              {PERIOD_TYPES.map((v) => <option key={v} value={v}>{t(`indicator.period.${v}`)}</option>)}
            </select>
            {f('period_type').error}
          </div>
        </div>
        {rules('unit_aggregation', 'unit', UNIT_AGGREGATIONS, unitAggregation)}
        {rules('time_aggregation', 'time', TIME_AGGREGATIONS, timeAggregation)}
        <fieldset className="field setup-measure">
          <legend>
            <label className="radio"><input type="checkbox" {...register('computed')} aria-describedby={`${id}-computed-hint`} />{t('indicator.computed')}</label>
          </legend>
          <p id={`${id}-computed-hint`} className="small muted">{t('indicator.computedHint')}</p>
          {computed && (
            <div className="setup-grid">
              <div className="field">
                <label htmlFor={`${id}-numerator_id`}>{t('indicator.numerator')}</label>
                <select {...register('numerator_id')} {...f('numerator_id').input}>
                  <option value="">{t('indicator.pick')}</option>
                  {sorted.map((o) => <option key={o.id} value={String(o.id)}>{o.name}</option>)}
                </select>
                {f('numerator_id').error}
              </div>
              <div className="field">
                <label htmlFor={`${id}-denominator_id`}>{t('indicator.denominator')}</label>
                <select {...register('denominator_id')} {...f('denominator_id').input}>
                  <option value="">{t('indicator.pick')}</option>
                  {sorted.map((o) => <option key={o.id} value={String(o.id)}>{o.name}</option>)}
                </select>
                {f('denominator_id').error}
              </div>
              <div className="field">
                <label htmlFor={`${id}-factor`}>{t('indicator.factor')}</label>
                <input inputMode="decimal" {...register('factor')} {...f('factor', true).input} />
                <p id={`${id}-factor-hint`} className="small muted">{t('indicator.factorHint')}</p>
                {f('factor').error}
              </div>
            </div>
          )}
        </fieldset>
        <div className="button-row">
          <button type="submit" className="button primary" disabled={isSubmitting}>
            {isSubmitting && <span className="spinner spinner-inline" aria-hidden="true" />}
            {isSubmitting ? t('state.saving') : indicator ? t('indicator.save') : t('indicator.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
