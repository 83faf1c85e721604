// A document's items: the tree as it stands, each item movable up and down among its siblings,
// and a form (React Hook Form + Zod) that adds an item under any other, with a target's indicator,
// baseline, goal and deadline. Writes go to /api/v1/items with the item's version.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../api/client';
import { apiQuery } from '../api/queries';
import type { DocumentTree, Field, Indicator, Item, ListOf, TreeItem } from '../api/types';
import { Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n } from '../i18n';
import { Link } from '../lib/link';
import { applyServerError, fieldMessage, PERIOD } from './forms';

export const ITEM_KINDS = ['goal', 'target', 'key_program', 'breakthrough', 'key_task', 'solution', 'key_work', 'task'] as const;

const NUMBER = /^-?\d+([.,]\d+)?$/;
const schema = z
  .object({
    parent_id: z.string(),
    kind: z.enum(ITEM_KINDS),
    code: z.string().trim().max(50, 'setup.tooLong'),
    title: z.string().trim().min(1, 'setup.required').max(1000, 'setup.tooLong'),
    field_code: z.string(),
    indicator_id: z.string(),
    baseline: z.string().trim().refine((v) => v === '' || NUMBER.test(v), 'setup.number'),
    goal: z.string().trim(),
    deadline: z.string().trim(),
  })
  .superRefine((v, ctx) => {
    if (v.kind !== 'target') return;
    if (!v.indicator_id) ctx.addIssue({ code: 'custom', path: ['indicator_id'], message: 'setup.required' });
    if (!v.goal) ctx.addIssue({ code: 'custom', path: ['goal'], message: 'setup.required' });
    else if (!NUMBER.test(v.goal)) ctx.addIssue({ code: 'custom', path: ['goal'], message: 'setup.number' });
    if (!PERIOD.test(v.deadline)) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'setup.periodFormat' });
  });
type Values = z.infer<typeof schema>;
const FIELDS = ['parent_id', 'kind', 'code', 'title', 'field_code', 'indicator_id', 'baseline', 'goal', 'deadline'];
const EMPTY: Values = { parent_id: '', kind: 'target', code: '', title: '', field_code: '', indicator_id: '', baseline: '', goal: '', deadline: '' };

const numberOf = (v: string) => Number(v.replace(',', '.'));

function flatten(items: TreeItem[], depth = 0): { item: TreeItem; depth: number; siblings: TreeItem[] }[] {
  const sorted = [...items].sort((a, b) => a.ordinal - b.ordinal || a.id - b.id);
  return sorted.flatMap((item) => [{ item, depth, siblings: sorted }, ...flatten(item.children, depth + 1)]);
}

export function ItemsEditor({ documentId }: { documentId: number }) {
  const tree = useQuery(apiQuery<DocumentTree>(`documents/${documentId}/tree`, {}, { live: false }));
  return <Resolved resource={tree}>{(doc) => <Items doc={doc} />}</Resolved>;
}

function Items({ doc }: { doc: DocumentTree }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const rows = flatten(doc.items);
  const refresh = () => client.invalidateQueries({ queryKey: ['api', `documents/${doc.id}/tree`] });

  // Swaps the item with its neighbour among its siblings: both ordinals, each with its version.
  const move = async (item: TreeItem, siblings: TreeItem[], step: -1 | 1) => {
    const at = siblings.findIndex((s) => s.id === item.id);
    const other = siblings[at + step];
    if (!other) return;
    setNotice(null);
    try {
      const a = item.ordinal === other.ordinal ? at + 1 + step : other.ordinal;
      const b = item.ordinal === other.ordinal ? at + 1 : item.ordinal;
      await api.patch<Item>(`items/${item.id}`, { ordinal: a }, item.version);
      await api.patch<Item>(`items/${other.id}`, { ordinal: b }, other.version);
      setNotice({ ok: true, text: t('setup.items.moved') });
    } catch (e) {
      setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      await refresh();
    }
  };

  return (
    <Section title={t('setup.items.title', { n: doc.item_count })} id="items">
      <div aria-live="polite">{notice?.ok && <p className="notice notice-ok" role="status">{notice.text}</p>}</div>
      {notice && !notice.ok && <p className="notice notice-error" role="alert">{notice.text}</p>}
      {rows.length === 0 ? (
        <EmptyState>{t('setup.items.empty')}</EmptyState>
      ) : (
        <ol className="setup-items">
          {rows.map(({ item, depth, siblings }) => {
            const at = siblings.findIndex((s) => s.id === item.id);
            return (
              <li key={item.id} data-setup-item={item.code || item.id} style={{ paddingInlineStart: `${depth * 1.25}rem` }}>
                <span className="item-kind-label small muted">{t(`kind.item.${item.kind}`)}</span>{' '}
                {item.code && <span className="code">{item.code}</span>}
                <span className="setup-item-title">{item.title}</span>
                <span className="setup-item-moves">
                  <button type="button" className="button small" aria-expanded={editing === item.id}
                    aria-label={t('setup.items.editOne', { title: item.title })} onClick={() => setEditing(editing === item.id ? null : item.id)}>
                    {t('setup.items.edit')}
                  </button>
                  <button type="button" className="button small" disabled={at <= 0}
                    aria-label={t('setup.items.moveUp', { title: item.title })} onClick={() => void move(item, siblings, -1)}>↑</button>
                  <button type="button" className="button small" disabled={at >= siblings.length - 1}
                    aria-label={t('setup.items.moveDown', { title: item.title })} onClick={() => void move(item, siblings, 1)}>↓</button>
                  <Link className="button small" to="/obligations/new" search={{ unit: String(doc.issuer_unit_id), item: String(item.id) }}
                    aria-label={t('setup.items.giveDutyOne', { title: item.title })}>{t('setup.items.giveDuty')}</Link>
                  <Link className="button small" to="/tasks/new" search={{ unit: String(doc.issuer_unit_id), item: String(item.id) }}
                    aria-label={t('task.newLinkOne', { title: item.title })}>{t('task.newLink')}</Link>
                </span>
                {editing === item.id && (
                  <ItemForm doc={doc} parents={rows.filter((r) => !isWithin(r.item, item))} item={item} onSaved={(title) => {
                    setEditing(null);
                    setNotice({ ok: true, text: t('setup.items.saved', { title }) });
                    void refresh();
                  }} />
                )}
              </li>
            );
          })}
        </ol>
      )}
      <ItemForm doc={doc} parents={rows} item={null} onSaved={(title) => {
        setNotice({ ok: true, text: t('setup.items.added', { title }) });
        void refresh();
      }} />
    </Section>
  );
}

// Whether `item` is `root` or lies under it (an item cannot move under itself).
function isWithin(item: TreeItem, root: TreeItem): boolean {
  return item.id === root.id || root.children.some((child) => isWithin(item, child));
}

function valuesOf(item: Item | TreeItem): Values {
  return {
    parent_id: item.parent_id === null ? '' : String(item.parent_id),
    kind: item.kind,
    code: item.code,
    title: item.title,
    field_code: item.field_code,
    indicator_id: item.measure ? String(item.measure.indicator_id) : '',
    baseline: item.measure?.baseline == null ? '' : String(item.measure.baseline),
    goal: item.measure ? String(item.measure.goal) : '',
    deadline: item.measure?.deadline ?? '',
  };
}

// Adds an item (item null) or edits one, with its version; a 412 offers the latest version and
// keeps what was typed.
function ItemForm({ doc, parents, item, onSaved }: {
  doc: DocumentTree;
  parents: { item: TreeItem; depth: number }[];
  item: TreeItem | null;
  onSaved: (title: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const indicators = useQuery(apiQuery<ListOf<Indicator>>('indicators', { limit: 500 }, { live: false }));
  const fields = useQuery(apiQuery<ListOf<Field>>('fields', { limit: 500 }, { live: false }));
  const [failure, setFailure] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [version, setVersion] = useState(item?.version ?? 0);
  const { register, handleSubmit, formState, setError, reset, watch, getValues } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: item ? valuesOf(item) : EMPTY,
    mode: 'onTouched',
  });
  const reloadLatest = async () => {
    if (!item) return;
    try {
      const latest = await api.get<Item>(`items/${item.id}`);
      setVersion(latest.version);
      reset(valuesOf(latest), { keepDirtyValues: true });
      setStale(false);
      setFailure(null);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    }
  };
  const { errors, isSubmitting } = formState;
  const kind = watch('kind');

  const save = handleSubmit(async (v) => {
    setFailure(null);
    setStale(false);
    try {
      const body = {
        document_id: doc.id,
        parent_id: v.parent_id ? Number(v.parent_id) : null,
        kind: v.kind,
        code: v.code.trim(),
        title: v.title.trim(),
        field_code: v.field_code,
        measure: v.kind === 'target'
          ? { indicator_id: Number(v.indicator_id), baseline: v.baseline ? numberOf(v.baseline) : null, goal: numberOf(v.goal), deadline: v.deadline.trim() }
          : null,
      };
      if (item) {
        await api.patch<Item>(`items/${item.id}`, body, version);
      } else {
        await api.post<Item>('items', body);
        // The next item most often goes beside this one: keep its parent and kind.
        reset({ ...EMPTY, parent_id: getValues('parent_id'), kind: getValues('kind'), field_code: getValues('field_code') });
      }
      onSaved(v.title.trim());
    } catch (e) {
      const result = applyServerError(e, setError, FIELDS, t);
      if (result.kind === 'stale') setStale(true);
      else setFailure(result.kind === 'error' ? result.message : t('setup.fixErrors'));
    }
  });

  const described = (name: keyof Values) => {
    const message = fieldMessage(t, errors[name]?.message);
    return {
      input: { id: `${id}-${name}`, 'aria-invalid': message ? true : undefined, 'aria-describedby': message ? `${id}-${name}-e` : undefined },
      error: message ? <p id={`${id}-${name}-e`} className="field-error" data-field-error={name}>{message}</p> : null,
    };
  };
  const f = Object.fromEntries(FIELDS.map((n) => [n, described(n as keyof Values)])) as Record<keyof Values, ReturnType<typeof described>>;

  return (
    <form className={item ? 'setup-form setup-edit-item' : 'setup-form setup-new-item'} onSubmit={(e) => void save(e)} noValidate
      data-item-form={item ? item.code || item.id : 'new'}>
      <h3>{item ? t('setup.items.editOne', { title: item.title }) : t('setup.items.add')}</h3>
      {failure && <p className="notice notice-error" role="alert"><strong>{t('setup.failed')}.</strong> {failure}</p>}
      {stale && (
        <div className="notice notice-warn" role="alert" data-stale="">
          <strong>{t('setup.stale.title')}</strong> {t('setup.stale.body')}{' '}
          <button type="button" className="button small" onClick={() => void reloadLatest()}>{t('setup.stale.reload')}</button>
        </div>
      )}
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={f.parent_id.input.id}>{t('setup.items.parent')}</label>
          <select {...register('parent_id')} {...f.parent_id.input}>
            <option value="">{t('setup.items.top')}</option>
            {parents.map(({ item, depth }) => (
              <option key={item.id} value={String(item.id)}>{`${' '.repeat(depth * 2)}${item.code ? `${item.code} ` : ''}${item.title}`}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f.kind.input.id}>{t('setup.items.kind')}</label>
          <select {...register('kind')} {...f.kind.input}>
            {ITEM_KINDS.map((k) => <option key={k} value={k}>{t(`kind.item.${k}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={f.code.input.id}>{t('setup.items.code')}</label>
          <input {...register('code')} {...f.code.input} placeholder="CT-01" />
          {f.code.error}
        </div>
      </div>
      <div className="field">
        <label htmlFor={f.title.input.id}>{t('setup.items.titleField')}</label>
        <textarea rows={2} {...register('title')} {...f.title.input} />
        {f.title.error}
      </div>
      <div className="field">
        <label htmlFor={f.field_code.input.id}>{t('setup.items.field')}</label>
        <select {...register('field_code')} {...f.field_code.input}>
          <option value="">{t('setup.items.fieldNone')}</option>
          {(fields.data?.items ?? []).map((x) => <option key={x.code} value={x.code}>{x.name}</option>)}
        </select>
        {f.field_code.error}
      </div>
      {kind === 'target' && (
        <fieldset className="setup-measure">
          <legend>{t('setup.items.measure')}</legend>
          <div className="setup-grid">
            <div className="field">
              <label htmlFor={f.indicator_id.input.id}>{t('setup.items.indicator')}</label>
              <select {...register('indicator_id')} {...f.indicator_id.input}>
                <option value="">{t('setup.items.indicatorNone')}</option>
                {(indicators.data?.items ?? []).map((i) => (
                  <option key={i.id} value={String(i.id)}>{i.name}{i.measure_unit ? ` (${i.measure_unit})` : ''}</option>
                ))}
              </select>
              {f.indicator_id.error}
              <p className="small"><Link to="/indicators/new" search={{ document: String(doc.id) }}>{t('setup.items.newIndicator')}</Link></p>
            </div>
            <div className="field">
              <label htmlFor={f.baseline.input.id}>{t('setup.items.baseline')}</label>
              <input inputMode="decimal" {...register('baseline')} {...f.baseline.input} />
              {f.baseline.error}
            </div>
            <div className="field">
              <label htmlFor={f.goal.input.id}>{t('setup.items.goal')}</label>
              <input inputMode="decimal" {...register('goal')} {...f.goal.input} />
              {f.goal.error}
            </div>
            <div className="field">
              <label htmlFor={f.deadline.input.id}>{t('setup.items.deadline')}</label>
              <input {...register('deadline')} {...f.deadline.input} placeholder="2025" />
              {f.deadline.error}
            </div>
          </div>
        </fieldset>
      )}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {isSubmitting ? t('state.saving') : t('setup.items.save')}
        </button>
      </div>
    </form>
  );
}
