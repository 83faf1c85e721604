// Concretizing a superior's document (docs/decisions/0011): the subordinate's manager goes through
// the superior's targets and, for each, creates a target of their own document already linked up
// (POST /api/v1/concretizations: both or neither), links an existing item (POST /api/v1/links), or
// declares it not applicable with the reason (POST /api/v1/declarations); a link or declaration
// is undone by deleting it. The coverage check (GET /api/v1/rollups/coverage) is a live query:
// every write announces itself and the count above the list follows without a reload.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useForm, type FieldValues, type Path, type UseFormRegister } from 'react-hook-form';
import { z } from 'zod';
import { api, ApiError } from '../api/client';
import { apiQuery } from '../api/queries';
import type { Coverage, DocumentJson, DocumentTree, Indicator, ListOf, TreeItem } from '../api/types';
import type { components } from '../api/openapi';
import { PageHeader, Section } from '../components/Page';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState, Resolved } from '../components/States';
import { useI18n, type Translate } from '../i18n';
import { formatNumber } from '../lib/format';
import { periodLabel } from '../lib/period';
import { useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';
import { useManaged } from '../screens/CascadeMatrix';
import { applyServerError, fieldMessage, PERIOD } from './forms';
import { SaveBanner, type Banner } from './SaveBanner';

export type CascadeMatrix = components['schemas']['Cascade'];
type Declaration = components['schemas']['Declaration'];
type Cover = 'covered' | 'not_applicable' | 'missing';

export const LINK_KINDS = ['localized', 'identical', 'allocated_share', 'contributes', 'supports'] as const;
const NUMBER = /^-?\d+([.,]\d+)?$/;
const numberOf = (v: string) => Number(v.replace(',', '.'));

// The route /documents/{id}/cascade?lower={document}: `upperId` the superior's document, `lowerId`
// the subordinate's own (none: the first the user may write).
export function CascadeEditor({ upperId, lowerId }: { upperId: number; lowerId: number | null }) {
  const upper = useQuery(apiQuery<DocumentTree>(`documents/${upperId}/tree`, {}, { live: false }));
  return <Resolved resource={upper}>{(doc) => <CascadeScreen upper={doc} lowerId={lowerId} />}</Resolved>;
}

function flatten(items: TreeItem[]): TreeItem[] {
  return items.flatMap((item) => [item, ...flatten(item.children)]);
}

function CascadeScreen({ upper, lowerId }: { upper: DocumentTree; lowerId: number | null }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const matrix = useQuery(apiQuery<CascadeMatrix>('rollups/cascade', { document_id: upper.id }, { live: false }));
  // The direct subordinates of the issuer the user manages, and the documents each issued.
  const { managed, pending } = useManaged(matrix.data?.units.map((u) => u.unit_id) ?? []);
  const mine = (matrix.data?.units ?? []).filter((u) => managed.has(u.unit_id));
  const documents = useQueries({
    queries: mine.map((u) => apiQuery<ListOf<DocumentJson>>('documents', { issuer_unit_id: u.unit_id }, { live: false })),
  });
  const candidates = documents.flatMap((d) => d.data?.items ?? []);
  const loading = matrix.isPending || pending || documents.some((d) => d.isPending);
  const lower = candidates.find((d) => d.id === lowerId) ?? (lowerId === null ? candidates[0] : undefined);
  const title = upper.number ? `${upper.number} — ${upper.title}` : upper.title;

  return (
    <div className="cascade-screen">
      <PageHeader title={t('cascade.title', { title: upper.title })} eyebrow={<p className="eyebrow">{t('cascade.eyebrow')}</p>}>
        <p className="muted">{t('cascade.intro')}</p>
        <p className="small"><Link to="/documents/$id" params={{ id: upper.id }}>{title}</Link> · {periodLabel(upper.period_from, lang)}</p>
      </PageHeader>
      {matrix.error && <Resolved resource={matrix}>{() => null}</Resolved>}
      {!loading && mine.length === 0 && !matrix.error && <EmptyState>{t('cascade.notYours')}</EmptyState>}
      {!loading && mine.length > 0 && candidates.length === 0 && (
        <EmptyState action={<Link className="button primary" to="/documents/new" search={{ unit: mine[0]!.code }}>{t('cascade.newDocument')}</Link>}>
          {t('cascade.noLower')}
        </EmptyState>
      )}
      {candidates.length > 0 && (
        <div className="field cascade-lower">
          <label htmlFor="cascade-lower">{t('cascade.lower')}</label>
          <select id="cascade-lower" value={lower ? String(lower.id) : ''} aria-describedby="cascade-lower-hint"
            onChange={(e) => void navigate({ to: '/documents/$id/cascade', params: { id: upper.id }, search: { lower: e.target.value }, replace: true })}>
            {!lower && <option value="">—</option>}
            {candidates.map((d) => <option key={d.id} value={String(d.id)}>{d.number ? `${d.number} — ${d.title}` : d.title}</option>)}
          </select>
          <p id="cascade-lower-hint" className="small muted">{t('cascade.lowerHint')}</p>
        </div>
      )}
      {lower && <Concretizing key={lower.id} upper={upper} lower={lower} />}
    </div>
  );
}

// The check and the targets, for one pair of documents.
function Concretizing({ upper, lower }: { upper: DocumentTree; lower: DocumentJson }) {
  const { t, lang } = useI18n();
  const coverage = useQuery(apiQuery<Coverage>('rollups/coverage', { upper_document_id: upper.id, lower_document_id: lower.id }));
  const tree = useQuery(apiQuery<DocumentTree>(`documents/${lower.id}/tree`));
  const declarations = useQuery(apiQuery<ListOf<Declaration>>('declarations', { unit_id: lower.issuer_unit_id }));
  const [banner, setBanner] = useState<Banner>(null);
  const [open, setOpen] = useState<{ item: number; mode: 'create' | 'link' | 'declare' } | null>(null);
  const targets = new Map(flatten(upper.items).map((item) => [item.id, item]));
  const ownItems = flatten(tree.data?.items ?? []);

  const act = async (work: () => Promise<unknown>, done: string) => {
    setBanner(null);
    try {
      await work();
      setBanner({ kind: 'ok', text: done });
    } catch (e) {
      setBanner({ kind: 'error', text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <Resolved resource={coverage}>
      {(c) => {
        const applicable = c.upper_targets - c.not_applicable;
        const missing = c.uncovered.length;
        return (
          <>
            <div className="cascade-check card" aria-live="polite" data-cascade-check="">
              <p className="cascade-count">
                <strong>{t('cascade.summary', { covered: formatNumber(c.covered, lang), applicable: formatNumber(applicable, lang) })}</strong>
              </p>
              <p className="small muted">
                {t('cascade.summaryDetail', { na: formatNumber(c.not_applicable, lang), missing: formatNumber(missing, lang), total: formatNumber(c.upper_targets, lang) })}
              </p>
              <ProgressBar value={applicable > 0 ? (100 * c.covered) / applicable : 100} tone={missing ? 'orange' : 'green'} label={t('cascade.eyebrow')} />
              {missing === 0 && <p className="small">{t('cascade.complete')}</p>}
            </div>
            <SaveBanner banner={banner} onReload={() => setBanner(null)} />
            <Section title={t('cascade.targets', { n: c.upper_targets })} id="cascade-targets">
              <ol className="cascade-targets">
                {c.entries.map((entry) => {
                  const target = targets.get(entry.item_id);
                  const cover: Cover = entry.not_applicable ? 'not_applicable' : entry.covered ? 'covered' : 'missing';
                  const name = entry.code || entry.title;
                  const links = ownItems.flatMap((item) => item.links_up
                    .filter((l) => l.item_id === entry.item_id)
                    .map((l) => ({ link: l, item })));
                  const declaration = declarations.data?.items.find((d) => d.item_id === entry.item_id);
                  const mode = open?.item === entry.item_id ? open.mode : null;
                  const close = () => setOpen(null);
                  return (
                    <li key={entry.item_id} className={`cascade-target cover-${cover}`} data-cascade-target={entry.code || entry.item_id}>
                      <div className="cascade-target-head">
                        <span className={`cover-badge cover-${cover}`} data-cover={cover}>{t(`cascade.cover.${cover}`)}</span>
                        {entry.code && <span className="code">{entry.code}</span>}
                        <span className="cascade-target-title">{entry.title}</span>
                      </div>
                      {target?.measure && (
                        <p className="small muted">
                          {t('cascade.goal', { goal: formatNumber(target.measure.goal, lang), deadline: periodLabel(target.measure.deadline, lang) })}
                        </p>
                      )}
                      {links.length > 0 && (
                        <ul className="cascade-lower-items small">
                          {links.map(({ link, item }) => (
                            <li key={link.link_id}>
                              <span className="muted">{t('cascade.by')}:</span> {item.code && <span className="code">{item.code}</span>} {item.title}{' '}
                              <span className="muted">({t(`link.${link.link_kind}`)})</span>{' '}
                              <button type="button" className="button small"
                                aria-label={t('cascade.action.unlinkOne', { code: item.code || item.title, target: name })}
                                onClick={() => void act(() => api.del(`links/${link.link_id}`), t('cascade.done.unlink', { target: name }))}>
                                {t('cascade.action.unlink')}
                              </button>
                            </li>
                          ))}
                        </ul>
                      )}
                      {declaration && (
                        <p className="small cascade-reason">
                          <span className="muted">{t('cascade.reason')}:</span> {declaration.reason}{' '}
                          <button type="button" className="button small" aria-label={t('cascade.action.undeclareOne', { target: name })}
                            onClick={() => void act(() => api.del(`declarations/${declaration.id}`), t('cascade.done.undeclare', { target: name }))}>
                            {t('cascade.action.undeclare')}
                          </button>
                        </p>
                      )}
                      {cover === 'missing' && (
                        <div className="button-row cascade-actions" role="group" aria-label={t('cascade.actionsFor', { target: name })}>
                          {(['create', 'link', 'declare'] as const).map((m) => (
                            <button key={m} type="button" className={`button small${m === 'create' ? ' primary' : ''}`} aria-expanded={mode === m}
                              onClick={() => setOpen(mode === m ? null : { item: entry.item_id, mode: m })}>
                              {t(`cascade.action.${m}`)}
                            </button>
                          ))}
                        </div>
                      )}
                      {mode === 'create' && (
                        <NewTargetForm lower={lower} target={target} entry={entry} onClose={close} onDone={(title) => {
                          close();
                          setBanner({ kind: 'ok', text: t('cascade.done.create', { title, target: name }) });
                        }} />
                      )}
                      {mode === 'link' && (
                        <LinkForm items={ownItems.filter((i) => !links.some((l) => l.item.id === i.id))} targetId={entry.item_id} name={name}
                          onClose={close} onDone={() => {
                            close();
                            setBanner({ kind: 'ok', text: t('cascade.done.link', { target: name }) });
                          }} />
                      )}
                      {mode === 'declare' && (
                        <DeclareForm unitId={lower.issuer_unit_id} targetId={entry.item_id} name={name} onClose={close} onDone={() => {
                          close();
                          setBanner({ kind: 'ok', text: t('cascade.done.declare', { target: name }) });
                        }} />
                      )}
                    </li>
                  );
                })}
              </ol>
            </Section>
          </>
        );
      }}
    </Resolved>
  );
}

// A field's label, control and error, tied together for assistive technology.
function useFieldIds<T extends FieldValues>(errors: Partial<Record<keyof T, { message?: string }>>, t: Translate) {
  const id = useId();
  return (name: keyof T & string) => {
    const message = fieldMessage(t, errors[name]?.message);
    return {
      id: `${id}-${name}`,
      input: { id: `${id}-${name}`, 'aria-invalid': message ? true : undefined, 'aria-describedby': message ? `${id}-${name}-e` : undefined },
      error: message ? <p id={`${id}-${name}-e`} className="field-error" data-field-error={name}>{message}</p> : null,
    };
  };
}

// A server refusal with its pointer moved to the form's own names: "/item/measure/goal" → "goal",
// "/link/kind" → "link_kind", "/from_item_id" → "item_id".
function renamed(error: unknown, names: Record<string, string>): unknown {
  if (!(error instanceof ApiError) || !error.field) return error;
  const field = names[error.field] ?? error.field;
  return new ApiError(error.status, error.message, field, error.errors);
}

function FormFrame({ title, failure, onClose, children, saving, save, busy, name }: {
  title: string; failure: string | null; onClose: () => void; children: ReactNode; saving: string; save: (e: FormEvent) => void; busy: boolean; name: string;
}) {
  const { t } = useI18n();
  return (
    <form className="setup-form cascade-form" onSubmit={save} noValidate data-cascade-form={name}>
      <h3>{title}</h3>
      {failure && <p className="notice notice-error" role="alert"><strong>{t('setup.failed')}.</strong> {failure}</p>}
      {children}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={busy}>{busy ? t('state.saving') : saving}</button>
        <button type="button" className="button" onClick={onClose}>{t('cascade.action.cancel')}</button>
      </div>
    </form>
  );
}

function LinkKindFields<T extends { link_kind: string; share: string }>({ register, field, kind }: {
  register: UseFormRegister<T>; field: (name: 'link_kind' | 'share') => ReturnType<ReturnType<typeof useFieldIds>>; kind: string;
}) {
  const { t } = useI18n();
  const k = field('link_kind');
  const s = field('share');
  return (
    <div className="setup-grid">
      <div className="field">
        <label htmlFor={k.id}>{t('cascade.field.linkKind')}</label>
        <select {...register('link_kind' as Path<T>)} {...k.input}>
          {LINK_KINDS.map((l) => <option key={l} value={l}>{t(`link.${l}`)}</option>)}
        </select>
        {k.error}
      </div>
      {kind === 'allocated_share' && (
        <div className="field">
          <label htmlFor={s.id}>{t('cascade.field.share')}</label>
          <input inputMode="decimal" {...register('share' as Path<T>)} {...s.input} />
          {s.error}
        </div>
      )}
    </div>
  );
}

const linkPart = {
  link_kind: z.enum(LINK_KINDS),
  share: z.string().trim(),
};
function checkShare(v: { link_kind: string; share: string }, ctx: z.RefinementCtx) {
  if (v.link_kind !== 'allocated_share') return;
  if (!v.share) ctx.addIssue({ code: 'custom', path: ['share'], message: 'setup.required' });
  else if (!NUMBER.test(v.share)) ctx.addIssue({ code: 'custom', path: ['share'], message: 'setup.number' });
}
const linkBody = (v: { link_kind: string; share: string }) => ({
  kind: v.link_kind,
  share: v.link_kind === 'allocated_share' ? numberOf(v.share) : null,
});

const newSchema = z
  .object({
    code: z.string().trim().max(50, 'setup.tooLong'),
    title: z.string().trim().min(1, 'setup.required').max(1000, 'setup.tooLong'),
    indicator_id: z.string(),
    goal: z.string().trim(),
    deadline: z.string().trim(),
    ...linkPart,
  })
  .superRefine((v, ctx) => {
    checkShare(v, ctx);
    if (!v.indicator_id) return;
    if (!v.goal) ctx.addIssue({ code: 'custom', path: ['goal'], message: 'setup.required' });
    else if (!NUMBER.test(v.goal)) ctx.addIssue({ code: 'custom', path: ['goal'], message: 'setup.number' });
    if (!PERIOD.test(v.deadline)) ctx.addIssue({ code: 'custom', path: ['deadline'], message: 'setup.periodFormat' });
  });
type NewValues = z.infer<typeof newSchema>;
const NEW_FIELDS = ['code', 'title', 'indicator_id', 'goal', 'deadline', 'link_kind', 'share'];
const NEW_NAMES: Record<string, string> = {
  '/item/code': 'code', '/item/title': 'title', '/item/measure': 'indicator_id', '/item/measure/indicator_id': 'indicator_id',
  '/item/measure/goal': 'goal', '/item/measure/deadline': 'deadline', '/link/kind': 'link_kind', '/link/share': 'share',
};

// (i) A new target of the subordinate's document, prefilled from the superior's, linked up.
function NewTargetForm({ lower, target, entry, onClose, onDone }: {
  lower: DocumentJson; target: TreeItem | undefined; entry: { item_id: number; code: string; title: string };
  onClose: () => void; onDone: (title: string) => void;
}) {
  const { t } = useI18n();
  const indicators = useQuery(apiQuery<ListOf<Indicator>>('indicators', { limit: 500 }, { live: false }));
  const [failure, setFailure] = useState<string | null>(null);
  const m = target?.measure;
  const { register, handleSubmit, formState, setError, watch } = useForm<NewValues>({
    resolver: zodResolver(newSchema),
    defaultValues: {
      code: entry.code, title: entry.title, indicator_id: m ? String(m.indicator_id) : '', goal: m ? String(m.goal) : '',
      deadline: m?.deadline ?? '', link_kind: 'localized', share: '',
    },
    mode: 'onTouched',
  });
  const field = useFieldIds<NewValues>(formState.errors, t);
  const save = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await api.post('concretizations', {
        item: {
          document_id: lower.id,
          kind: target?.kind ?? 'target',
          code: v.code.trim(),
          title: v.title.trim(),
          field_code: target?.field_code ?? '',
          measure: v.indicator_id
            ? { indicator_id: Number(v.indicator_id), goal: numberOf(v.goal), deadline: v.deadline.trim(), direction: m?.direction ?? 'raise' }
            : null,
        },
        link: { to_item_id: entry.item_id, ...linkBody(v) },
      });
      onDone(v.title.trim());
    } catch (e) {
      const result = applyServerError(renamed(e, NEW_NAMES), setError, NEW_FIELDS, t);
      setFailure(result.kind === 'error' ? result.message : t('setup.fixErrors'));
    }
  });
  const code = field('code');
  const title = field('title');
  const indicator = field('indicator_id');
  const goal = field('goal');
  const deadline = field('deadline');
  return (
    <FormFrame title={t('cascade.form.create', { target: entry.code || entry.title })} failure={failure} onClose={onClose}
      saving={t('cascade.save.create')} save={(e) => void save(e)} busy={formState.isSubmitting} name="create">
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={code.id}>{t('setup.items.code')}</label>
          <input {...register('code')} {...code.input} />
          {code.error}
        </div>
      </div>
      <div className="field">
        <label htmlFor={title.id}>{t('setup.items.titleField')}</label>
        <textarea rows={2} {...register('title')} {...title.input} />
        {title.error}
      </div>
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={indicator.id}>{t('setup.items.indicator')}</label>
          <select {...register('indicator_id')} {...indicator.input}>
            <option value="">{t('setup.items.indicatorNone')}</option>
            {(indicators.data?.items ?? []).map((i) => (
              <option key={i.id} value={String(i.id)}>{i.name}{i.measure_unit ? ` (${i.measure_unit})` : ''}</option>
            ))}
          </select>
          {indicator.error}
        </div>
        {watch('indicator_id') && (
          <>
            <div className="field">
              <label htmlFor={goal.id}>{t('setup.items.goal')}</label>
              <input inputMode="decimal" {...register('goal')} {...goal.input} />
              {goal.error}
            </div>
            <div className="field">
              <label htmlFor={deadline.id}>{t('setup.items.deadline')}</label>
              <input {...register('deadline')} {...deadline.input} placeholder="2025" />
              {deadline.error}
            </div>
          </>
        )}
      </div>
      <LinkKindFields register={register} field={field} kind={watch('link_kind')} />
    </FormFrame>
  );
}

const linkSchema = z.object({ item_id: z.string().min(1, 'setup.required'), ...linkPart }).superRefine(checkShare);
type LinkValues = z.infer<typeof linkSchema>;
const LINK_NAMES: Record<string, string> = { '/from_item_id': 'item_id', '/kind': 'link_kind', '/share': 'share' };

// (ii) An existing item of the subordinate's document, linked up.
function LinkForm({ items, targetId, name, onClose, onDone }: {
  items: TreeItem[]; targetId: number; name: string; onClose: () => void; onDone: () => void;
}) {
  const { t } = useI18n();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, watch } = useForm<LinkValues>({
    resolver: zodResolver(linkSchema),
    defaultValues: { item_id: '', link_kind: 'localized', share: '' },
    mode: 'onTouched',
  });
  const field = useFieldIds<LinkValues>(formState.errors, t);
  const save = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await api.post('links', { from_item_id: Number(v.item_id), to_item_id: targetId, ...linkBody(v) });
      onDone();
    } catch (e) {
      const result = applyServerError(renamed(e, LINK_NAMES), setError, ['item_id', 'link_kind', 'share'], t);
      setFailure(result.kind === 'error' ? result.message : t('setup.fixErrors'));
    }
  });
  const item = field('item_id');
  return (
    <FormFrame title={t('cascade.form.link', { target: name })} failure={failure} onClose={onClose}
      saving={t('cascade.save.link')} save={(e) => void save(e)} busy={formState.isSubmitting} name="link">
      {items.length === 0 ? <p className="small muted">{t('cascade.nothingToLink')}</p> : (
        <div className="field">
          <label htmlFor={item.id}>{t('cascade.field.item')}</label>
          <select {...register('item_id')} {...item.input}>
            <option value="">{t('cascade.field.itemNone')}</option>
            {items.map((i) => <option key={i.id} value={String(i.id)}>{i.code ? `${i.code} — ${i.title}` : i.title}</option>)}
          </select>
          {item.error}
        </div>
      )}
      <LinkKindFields register={register} field={field} kind={watch('link_kind')} />
    </FormFrame>
  );
}

const declareSchema = z.object({ reason: z.string().trim().min(1, 'setup.required').max(2000, 'setup.tooLong') });
type DeclareValues = z.infer<typeof declareSchema>;

// (iii) Not applicable to the subordinate, with the reason.
function DeclareForm({ unitId, targetId, name, onClose, onDone }: {
  unitId: number; targetId: number; name: string; onClose: () => void; onDone: () => void;
}) {
  const { t } = useI18n();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError } = useForm<DeclareValues>({
    resolver: zodResolver(declareSchema),
    defaultValues: { reason: '' },
    mode: 'onTouched',
  });
  const field = useFieldIds<DeclareValues>(formState.errors, t);
  const save = handleSubmit(async (v) => {
    setFailure(null);
    try {
      await api.post('declarations', { item_id: targetId, unit_id: unitId, reason: v.reason.trim() });
      onDone();
    } catch (e) {
      const result = applyServerError(e, setError, ['reason'], t);
      setFailure(result.kind === 'error' ? result.message : t('setup.fixErrors'));
    }
  });
  const reason = field('reason');
  return (
    <FormFrame title={t('cascade.form.declare', { target: name })} failure={failure} onClose={onClose}
      saving={t('cascade.save.declare')} save={(e) => void save(e)} busy={formState.isSubmitting} name="declare">
      <div className="field">
        <label htmlFor={reason.id}>{t('cascade.field.reason')}</label>
        <textarea rows={2} {...register('reason')} {...reason.input} />
        {reason.error}
      </div>
    </FormFrame>
  );
}
