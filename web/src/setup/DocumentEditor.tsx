// Creating and editing a document (title, code, number, kind, issuer, issue date, period span)
// with React Hook Form and Zod; its items are edited below it (ItemsEditor). A save the server
// refuses shows its reason at the field it names; a 412 (someone else saved first) offers the
// latest version and keeps what was typed; nothing typed is lost on a failed save.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../api/client';
import { apiQuery } from '../api/queries';
import type { DocumentJson, ListOf, Unit, UnitDetail } from '../api/types';
import { PageHeader } from '../components/Page';
import { Resolved } from '../components/States';
import { useI18n } from '../i18n';
import { compareVietnamese } from '../lib/fold';
import { useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';
import { type Banner, failureBanner, latestVersion, SaveBanner } from './SaveBanner';
import { CODE, fieldMessage, PERIOD } from './forms';
import { ItemsEditor } from './ItemsEditor';

export const DOCUMENT_KINDS = ['resolution', 'action_program', 'plan', 'project', 'directive', 'conclusion', 'work_program'] as const;

const schema = z.object({
  title: z.string().trim().min(1, 'setup.required').max(500, 'setup.tooLong'),
  code: z.string().trim().min(1, 'setup.required').max(100, 'setup.tooLong').regex(CODE, 'setup.codeFormat'),
  number: z.string().trim().max(100, 'setup.tooLong'),
  kind: z.enum(DOCUMENT_KINDS),
  issuer_unit_id: z.string().min(1, 'setup.required'),
  issued_on: z.string(),
  period_from: z.string().trim().regex(PERIOD, 'setup.periodFormat'),
  period_to: z.string().trim().regex(PERIOD, 'setup.periodFormat'),
});
type Values = z.infer<typeof schema>;
const FIELDS = Object.keys(schema.shape);

function valuesOf(doc: DocumentJson): Values {
  return {
    title: doc.title,
    code: doc.code,
    number: doc.number,
    kind: doc.kind,
    issuer_unit_id: String(doc.issuer_unit_id),
    issued_on: doc.issued_on ?? '',
    period_from: doc.period_from,
    period_to: doc.period_to,
  };
}

function bodyOf(v: Values) {
  return {
    title: v.title.trim(),
    code: v.code.trim(),
    number: v.number.trim(),
    kind: v.kind,
    issuer_unit_id: Number(v.issuer_unit_id),
    issued_on: v.issued_on || null,
    period_from: v.period_from.trim(),
    period_to: v.period_to.trim(),
  };
}

// The issuers offered: today's units, and the one the document names or the screen came from
// even when it has since closed (a district merged away still issued its resolutions).
function useIssuers(extra: string | null) {
  const units = useQuery(apiQuery<ListOf<Unit>>('units', { limit: 500 }, { live: false }));
  const one = useQuery(apiQuery<UnitDetail>(extra === null ? null : `units/${encodeURIComponent(extra)}`, {}, { live: false }));
  const data = units.data && (extra === null || one.data || one.error)
    ? { list: units.data.items, extra: one.data ?? null }
    : undefined;
  return { data, error: units.error, refetch: () => void units.refetch() };
}

// /documents/new?unit=<code>
export function NewDocument({ unitCode }: { unitCode: string | null }) {
  const issuers = useIssuers(unitCode);
  return (
    <Resolved resource={issuers}>
      {({ list, extra }) => {
        const year = new Date().getFullYear();
        return (
          <DocumentForm
            units={list}
            extra={extra}
            initial={{ title: '', code: '', number: '', kind: 'resolution', issuer_unit_id: extra ? String(extra.id) : '',
              issued_on: '', period_from: String(year), period_to: String(year + 4) }}
            document={null}
          />
        );
      }}
    </Resolved>
  );
}

// /documents/:id/edit
export function EditDocument({ id }: { id: number }) {
  const doc = useQuery(apiQuery<DocumentJson>(`documents/${id}`, {}, { live: false }));
  return (
    <Resolved resource={doc}>
      {(d) => <EditDocumentOf doc={d} />}
    </Resolved>
  );
}

function EditDocumentOf({ doc }: { doc: DocumentJson }) {
  const issuers = useIssuers(String(doc.issuer_unit_id));
  return (
    <Resolved resource={issuers}>
      {({ list, extra }) => (
        <>
          <DocumentForm key={doc.id} units={list} extra={extra} initial={valuesOf(doc)} document={doc} />
          <ItemsEditor documentId={doc.id} />
        </>
      )}
    </Resolved>
  );
}

function DocumentForm({ units, extra, initial, document }: {
  units: Unit[];
  extra: UnitDetail | null;
  initial: Values;
  document: DocumentJson | null;
}) {
  const { t, lang } = useI18n();
  const client = useQueryClient();
  const navigate = useNavigate();
  const id = useId();
  const [version, setVersion] = useState(document?.version ?? 0);
  const [banner, setBanner] = useState<Banner>(
    document && sessionStorage.getItem(`nqtrack.created.${document.id}`) ? { kind: 'ok', text: t('setup.doc.created') } : null,
  );
  useEffect(() => {
    if (document) sessionStorage.removeItem(`nqtrack.created.${document.id}`);
  }, [document]);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: initial,
    mode: 'onTouched',
  });
  const { errors, isSubmitting } = formState;
  const sorted = [...units].sort((a, b) => (a.kind?.level ?? 0) - (b.kind?.level ?? 0) || compareVietnamese(a.short_name, b.short_name));

  const save = handleSubmit(
    async (values) => {
      setBanner(null);
      try {
        if (document) {
          const saved = await api.patch<DocumentJson>(`documents/${document.id}`, bodyOf(values), version);
          setVersion(saved.version);
          reset(valuesOf(saved));
          client.setQueryData(apiQuery<DocumentJson>(`documents/${saved.id}`, {}, { live: false }).queryKey, saved);
          await client.invalidateQueries({ queryKey: ['api', `documents/${saved.id}/tree`] });
          setBanner({ kind: 'ok', text: t('setup.doc.saved') });
        } else {
          const created = await api.post<DocumentJson>('documents', bodyOf(values));
          sessionStorage.setItem(`nqtrack.created.${created.id}`, '1');
          void navigate({ to: '/documents/$id/edit', params: { id: created.id } });
        }
      } catch (e) {
        setBanner(failureBanner(e, setError, FIELDS, t));
      }
    },
    () => setBanner({ kind: 'error', text: t('setup.fixErrors') }),
  );

  // The latest version from the server; what the user changed stays as typed.
  const reloadLatest = async () => {
    if (!document) return;
    setBanner(await latestVersion<DocumentJson>(`documents/${document.id}`, (latest) => {
      setVersion(latest.version);
      reset(valuesOf(latest), { keepDirtyValues: true, keepErrors: false });
    }));
  };

  const field = (name: keyof Values) => {
    const message = fieldMessage(t, errors[name]?.message);
    return {
      id: `${id}-${name}`,
      'aria-invalid': message ? true : undefined,
      'aria-describedby': message ? `${id}-${name}-error` : undefined,
      error: message ? <p id={`${id}-${name}-error`} className="field-error" data-field-error={name}>{message}</p> : null,
    };
  };
  const f = Object.fromEntries(FIELDS.map((n) => [n, field(n as keyof Values)])) as Record<keyof Values, ReturnType<typeof field>>;
  const input = (name: keyof Values) => ({ id: f[name].id, 'aria-invalid': f[name]['aria-invalid'], 'aria-describedby': f[name]['aria-describedby'] });

  return (
    <div>
      <PageHeader title={document ? t('setup.doc.edit') : t('setup.doc.new')}>
        {document && <p><Link to="/documents/$id" params={{ id: document.id }}>{t('setup.doc.view')}</Link></p>}
      </PageHeader>
      <form className="card setup-form" onSubmit={(e) => void save(e)} noValidate data-document-form="">
        <SaveBanner banner={banner} onReload={() => void reloadLatest()} />
        <div className="field">
          <label htmlFor={f.title.id}>{t('setup.doc.title')}</label>
          <input {...register('title')} {...input('title')} maxLength={500} />
          {f.title.error}
        </div>
        <div className="setup-grid">
          <div className="field">
            <label htmlFor={f.kind.id}>{t('setup.doc.kind')}</label>
            <select {...register('kind')} {...input('kind')}>
              {DOCUMENT_KINDS.map((k) => <option key={k} value={k}>{t(`kind.doc.${k}`)}</option>)}
            </select>
            {f.kind.error}
          </div>
          <div className="field">
            <label htmlFor={f.issuer_unit_id.id}>{t('setup.doc.issuer')}</label>
            <select {...register('issuer_unit_id')} {...input('issuer_unit_id')}>
              <option value="">—</option>
              {extra && !units.some((u) => u.id === extra.id) && <option value={String(extra.id)}>{extra.short_name}</option>}
              {sorted.map((u) => (
                <option key={u.id} value={String(u.id)}>{u.short_name} ({lang === 'vi' ? u.kind?.name : u.kind?.name_en})</option>
              ))}
            </select>
            {f.issuer_unit_id.error}
          </div>
          <div className="field">
            <label htmlFor={f.code.id}>{t('setup.doc.code')}</label>
            <input {...register('code')} {...input('code')} autoCapitalize="off" spellCheck={false}
              aria-describedby={[`${id}-code-hint`, f.code['aria-describedby']].filter(Boolean).join(' ')} />
            <p id={`${id}-code-hint`} className="small muted">{t('setup.doc.codeHint')}</p>
            {f.code.error}
          </div>
          <div className="field">
            <label htmlFor={f.number.id}>{t('setup.doc.number')}</label>
            <input {...register('number')} {...input('number')} placeholder="01-NQ/ĐH" />
            {f.number.error}
          </div>
          <div className="field">
            <label htmlFor={f.issued_on.id}>{t('setup.doc.issuedOn')}</label>
            <input type="date" {...register('issued_on')} {...input('issued_on')} />
            {f.issued_on.error}
          </div>
          <div className="field">
            <label htmlFor={f.period_from.id}>{t('setup.doc.periodFrom')}</label>
            <input {...register('period_from')} {...input('period_from')} autoCapitalize="characters"
              aria-describedby={[`${id}-period-hint`, f.period_from['aria-describedby']].filter(Boolean).join(' ')} />
            {f.period_from.error}
          </div>
          <div className="field">
            <label htmlFor={f.period_to.id}>{t('setup.doc.periodTo')}</label>
            <input {...register('period_to')} {...input('period_to')} autoCapitalize="characters"
              aria-describedby={[`${id}-period-hint`, f.period_to['aria-describedby']].filter(Boolean).join(' ')} />
            {f.period_to.error}
          </div>
        </div>
        <p id={`${id}-period-hint`} className="small muted">{t('setup.doc.periodHint')}</p>
        <div className="button-row">
          <button type="submit" className="button primary" disabled={isSubmitting}>
            {isSubmitting && <span className="spinner spinner-inline" aria-hidden="true" />}
            {isSubmitting ? t('state.saving') : document ? t('setup.doc.save') : t('setup.doc.create')}
          </button>
        </div>
      </form>
    </div>
  );
}
