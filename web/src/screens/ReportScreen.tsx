// A unit's report for one period. The unit enters its indicators (validated as typed) and the
// narrative sections, saves a draft and submits; the reviewer above accepts, or returns it with a
// comment; an accepted report locks the period's data until it is reopened.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import { can, useSession } from '../api/session';
import type { Indicator, Report, ReportForm, ReportSections } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { Comments } from '../components/Comments';
import { PageHeader, Section } from '../components/Page';
import { Resolved } from '../components/States';
import { ReportDownloads, ValuesImport } from '../components/ReportFiles';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n, type MessageKey } from '../i18n';
import { formatDateTime, formatNumber, type Lang } from '../lib/format';
import { Link } from '../lib/link';
import { validateValue, valueToSend } from '../lib/validate';

const SECTIONS: (keyof ReportSections)[] = ['results', 'shortcomings', 'causes', 'next_tasks', 'recommendations'];
const EMPTY_SECTIONS: ReportSections = { results: '', shortcomings: '', causes: '', next_tasks: '', recommendations: '' };

type Notice = { tone: 'ok' | 'error'; text: string } | null;

function storedText(indicator: Indicator, value: ReportForm['indicators'][number]['value'], lang: Lang): string {
  if (!value) return '';
  if (indicator.value_type === 'yes_no') return value.value === null ? '' : value.value ? 'yes' : 'no';
  if (indicator.value_type === 'text') return value.text;
  // Without thousands separators, so that what is shown reads back unambiguously.
  return value.value === null ? '' : formatNumber(value.value, lang, { decimals: indicator.decimals }).replace(lang === 'vi' ? /\./g : /,/g, '');
}

function shownValue(indicator: Indicator, value: ReportForm['indicators'][number]['value'], lang: Lang, yes: string, no: string): string {
  if (!value) return '—';
  if (indicator.value_type === 'yes_no') return value.value ? yes : no;
  if (indicator.value_type === 'text') return value.text || '—';
  return `${formatNumber(value.value, lang, { decimals: indicator.decimals })} ${indicator.measure_unit}`;
}

export function ReportScreen({ code, period }: { code: string; period: string }) {
  const form = useQuery(apiQuery<ReportForm>('views/report-form', { unit_id: code, period }, { live: false }));
  const [notice, setNotice] = useState<Notice>(null);
  return (
    <Resolved resource={form}>
      {(data) => (
        <ReportBody
          key={`${data.period.code}:${data.report?.version ?? 0}`}
          form={data}
          notice={notice}
          setNotice={setNotice}
          reload={() => void form.refetch()}
        />
      )}
    </Resolved>
  );
}

function ReportBody({ form, notice, setNotice, reload }: {
  form: ReportForm;
  notice: Notice;
  setNotice: (n: Notice) => void;
  reload: () => void;
}) {
  const { t, lang } = useI18n();
  const session = useSession();
  const pathIds = form.unit.path.map((p) => p.id);
  const report = form.report;
  const status = report?.status ?? 'draft';
  const editable = (report === null || status === 'draft' || status === 'returned') && can(session, 'enter', pathIds);
  const reviewable = report !== null && (status === 'submitted' || status === 'accepted') && can(session, 'review', pathIds);
  const periodName = lang === 'vi' ? form.period.label : form.period.label_en;
  const reviewer = form.reviewer?.short_name ?? '';

  return (
    <div>
      <Breadcrumbs path={form.unit.path} tail={periodName} />
      <PageHeader
        title={t('report.title', { period: periodName })}
        eyebrow={<p className="eyebrow">{form.unit.name}</p>}
        actions={<StatusBadge kind="report" status={report ? status : 'missing'} />}
      >
        {form.reviewer && <p className="muted">{t('report.reviewer', { unit: form.reviewer.name })}</p>}
      </PageHeader>
      {notice && (
        <p className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {report?.status === 'accepted' && <p className="notice notice-locked" role="note">🔒 {t('report.locked')}</p>}
      {report?.status === 'returned' && <p className="notice notice-warn">{t('report.returnedNote', { comment: report.review_comment })}</p>}
      {report?.status === 'submitted' && (
        <p className="notice notice-info">{t('report.waiting', { time: formatDateTime(report.submitted_at, lang), unit: reviewer })}</p>
      )}
      {editable ? (
        <ReportEditor form={form} setNotice={setNotice} reload={reload} />
      ) : (
        <ReportReadOnly form={form} />
      )}
      {reviewable && report && <ReviewPanel report={report} setNotice={setNotice} reload={reload} />}
      {report?.reviewed_at && report.review_comment && report.status !== 'returned' && (
        <p className="small muted">
          {t('report.review.by', { by: report.reviewed_by, time: formatDateTime(report.reviewed_at, lang), comment: report.review_comment })}
        </p>
      )}
      <Section title={t('files.title')} id="files">
        <ReportDownloads unitId={form.unit.id} unitCode={form.unit.code} period={form.period.code} />
        {editable && (
          <>
            <h3 className="subheading">{t('files.import.title')}</h3>
            <ValuesImport />
          </>
        )}
      </Section>
      <p>
        <Link to="/units/$code" params={{ code: form.unit.code }}>← {form.unit.short_name}</Link>
        {form.reviewer && (
          <>
            {' · '}
            <Link to="/units/$code/reports/$period" params={{ code: form.reviewer.code, period: form.period.code }}>{t('reports.title')} — {form.reviewer.short_name}</Link>
          </>
        )}
      </p>
      {report && <Comments entity="report" entityId={report.id} />}
    </div>
  );
}

function ReportReadOnly({ form }: { form: ReportForm }) {
  const { t, lang } = useI18n();
  const sections = form.report?.sections ?? EMPTY_SECTIONS;
  return (
    <>
      <Section title={t('report.indicators')} id="indicators">
        {form.indicators.length === 0 ? (
          <p className="muted">{t('report.indicators.none')}</p>
        ) : (
          <dl className="value-list">
            {form.indicators.map(({ indicator, value }) => (
              <div key={indicator.id}>
                <dt>{indicator.name}</dt>
                <dd data-indicator={indicator.code}>{shownValue(indicator, value, lang, t('report.yes'), t('report.no'))}</dd>
              </div>
            ))}
          </dl>
        )}
      </Section>
      {form.report && (
        <Section title={t('report.sections')} id="sections">
          {SECTIONS.map((key) => (
            <div key={key} className="section-text">
              <h3>{t(`report.section.${key}`)}</h3>
              <p>{sections[key] || <span className="muted">{t('report.emptySection')}</span>}</p>
            </div>
          ))}
        </Section>
      )}
    </>
  );
}

function ReportEditor({ form, setNotice, reload }: { form: ReportForm; setNotice: (n: Notice) => void; reload: () => void }) {
  const { t, lang } = useI18n();
  const initial = Object.fromEntries(form.indicators.map(({ indicator, value }) => [indicator.id, storedText(indicator, value, lang)]));
  const [values, setValues] = useState<Record<number, string>>(initial);
  const [sections, setSections] = useState<ReportSections>(form.report?.sections ?? EMPTY_SECTIONS);
  const [serverErrors, setServerErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);

  const problems = Object.fromEntries(
    form.indicators.map(({ indicator }) => [indicator.id, validateValue(indicator, values[indicator.id] ?? '', lang)]),
  );
  const invalid = form.indicators.filter(({ indicator }) => problems[indicator.id] !== null);

  const save = async (submit: boolean) => {
    if (invalid.length > 0) {
      setNotice({ tone: 'error', text: t('report.valid.fix', { n: invalid.length }) });
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    if (submit && !sections.results.trim()) {
      setNotice({ tone: 'error', text: t('report.valid.required') });
      formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(`${formId}-results`)}`)?.focus();
      return;
    }
    setBusy(true);
    setNotice(null);
    setServerErrors({});
    try {
      let report: Report | null = form.report;
      if (!report) {
        report = await api.post<Report>('reports', { unit_id: form.unit.id, period: form.period.code, sections });
      } else if (SECTIONS.some((key) => sections[key] !== report!.sections[key])) {
        report = await api.patch<Report>(`reports/${report.id}`, { sections }, report.version);
      }
      const changed = form.indicators
        .filter(({ indicator }) => (values[indicator.id] ?? '') !== (initial[indicator.id] ?? ''))
        .map(({ indicator }) => ({ indicator, value: valueToSend(indicator, values[indicator.id] ?? '', lang) }))
        .filter((entry) => entry.value !== undefined);
      if (changed.length > 0) {
        try {
          await api.post('values', {
            values: changed.map(({ indicator, value }) => ({
              indicator_id: indicator.id,
              unit_id: form.unit.id,
              period: form.period.code,
              value,
              report_id: report!.id,
            })),
          });
        } catch (error) {
          if (error instanceof ApiError && error.errors.length) {
            setServerErrors(Object.fromEntries(error.errors.map((e) => [changed[e.index ?? -1]?.indicator.id ?? 0, e.detail])));
          }
          throw error;
        }
      }
      if (submit) {
        report = await api.post<Report>(`reports/${report.id}/transitions`, { action: 'submit' }, report.version);
        setNotice({ tone: 'ok', text: t('report.submitted', { unit: form.reviewer?.short_name ?? '' }) });
      } else {
        setNotice({ tone: 'ok', text: t('report.saved', { time: formatDateTime(Date.now(), lang).slice(-5) }) });
      }
      reload();
    } catch (error) {
      setNotice({ tone: 'error', text: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void save(true);
  };

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate aria-busy={busy}>
      <Section title={t('report.indicators')} id="indicators">
        {form.indicators.length === 0 ? (
          <p className="muted">{t('report.indicators.none')}</p>
        ) : (
          <div className="indicator-fields">
            {form.indicators.map(({ indicator, targets, value }) => {
              const fieldId = `${formId}-ind-${indicator.id}`;
              const problem = problems[indicator.id];
              const message = problem ? t(problem.key as MessageKey, problem.vars) : serverErrors[indicator.id];
              const hint = `${fieldId}-hint`;
              return (
                <div className="field indicator-field" key={indicator.id} data-indicator={indicator.code}>
                  {indicator.value_type === 'yes_no' ? (
                    <fieldset aria-describedby={hint}>
                      <legend>{indicator.name}</legend>
                      {(['yes', 'no'] as const).map((choice) => (
                        <label key={choice} className="radio">
                          <input type="radio" name={fieldId} value={choice} checked={values[indicator.id] === choice}
                            onChange={() => setValues({ ...values, [indicator.id]: choice })} />
                          {t(`report.${choice}`)}
                        </label>
                      ))}
                    </fieldset>
                  ) : (
                    <>
                      <label htmlFor={fieldId}>
                        {indicator.name}
                        {indicator.measure_unit && <span className="muted"> ({indicator.measure_unit})</span>}
                      </label>
                      <input
                        id={fieldId}
                        inputMode={indicator.value_type === 'text' ? 'text' : 'decimal'}
                        value={values[indicator.id] ?? ''}
                        aria-invalid={message ? true : undefined}
                        aria-describedby={`${hint}${message ? ` ${fieldId}-error` : ''}`}
                        onChange={(e) => setValues({ ...values, [indicator.id]: e.target.value })}
                      />
                    </>
                  )}
                  {message && (
                    <p id={`${fieldId}-error`} className="field-error" role="alert">
                      {message}
                    </p>
                  )}
                  <p id={hint} className="small muted">
                    {targets.length > 0 && t('report.forTargets', { targets: targets.map((x) => x.code).join(', ') })}
                    {value && (
                      <>
                        {' · '}
                        {t('report.entered', {
                          value: shownValue(indicator, value, lang, t('report.yes'), t('report.no')),
                          by: value.entered_by,
                          time: formatDateTime(value.entered_at, lang),
                        })}
                      </>
                    )}
                  </p>
                </div>
              );
            })}
          </div>
        )}
      </Section>
      <Section title={t('report.sections')} id="sections">
        {SECTIONS.map((key) => (
          <div className="field" key={key}>
            <label htmlFor={`${formId}-${key}`}>{t(`report.section.${key}`)}</label>
            <textarea id={`${formId}-${key}`} rows={key === 'results' ? 5 : 3} value={sections[key]} maxLength={20000}
              onChange={(e) => setSections({ ...sections, [key]: e.target.value })} />
          </div>
        ))}
      </Section>
      <div className="form-actions">
        <button type="button" className="button" disabled={busy} onClick={() => void save(false)}>
          {busy ? t('state.saving') : t('report.saveDraft')}
        </button>
        <button type="submit" className="button primary" disabled={busy}>
          {t('report.submit')}
        </button>
      </div>
    </form>
  );
}

function ReviewPanel({ report, setNotice, reload }: { report: Report; setNotice: (n: Notice) => void; reload: () => void }) {
  const { t } = useI18n();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  const act = async (action: 'accept' | 'return' | 'reopen') => {
    if (action !== 'accept' && !comment.trim()) {
      setError(t('report.review.commentRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api.post<Report>(`reports/${report.id}/transitions`, { action, comment: comment.trim() }, report.version);
      setNotice({ tone: 'ok', text: t('report.review.done', { status: t(`status.report.${next.status}`) }) });
      reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('report.review.title')} id="review">
      <div className="field">
        <label htmlFor={fieldId}>{t('report.review.comment')}</label>
        <textarea id={fieldId} rows={3} value={comment} onChange={(e) => setComment(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? `${fieldId}-error` : undefined} />
        {error && <p id={`${fieldId}-error`} className="field-error" role="alert">{error}</p>}
      </div>
      <div className="form-actions">
        {report.status === 'submitted' ? (
          <>
            <button type="button" className="button primary" disabled={busy} onClick={() => void act('accept')}>
              {t('report.review.accept')}
            </button>
            <button type="button" className="button danger" disabled={busy} onClick={() => void act('return')}>
              {t('report.review.return')}
            </button>
          </>
        ) : (
          <button type="button" className="button" disabled={busy} onClick={() => void act('reopen')}>
            {t('report.review.reopen')}
          </button>
        )}
      </div>
    </Section>
  );
}
