// Report files for a unit and period: the Word and Excel report and the values template to
// download, and values to upload from a filled template, a CSV or a DHIS2 dataValueSets file.
// CSV and DHIS2 run as server jobs with progress and Cancel; errors are listed record by record.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api, downloadFile, notifyDataChanged } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { formatNumber } from '../lib/format';
import { formatProgress, importFormatOf, progressPercent, type ImportFormat } from '../lib/files';
import { periodLabel, reportingPeriods } from '../lib/period';
import { todayIso } from '../lib/format';
import { ProgressBar } from './ProgressBar';

const FIRST_YEAR = 2020;

type Kind = 'docx' | 'xlsx' | 'template';

export function ReportDownloads({ unitId, unitCode, period: fixedPeriod }: { unitId: number; unitCode: string; period?: string }) {
  const { t, lang } = useI18n();
  const selectId = useId();
  const thisYear = Number(todayIso().slice(0, 4));
  const [chosen, setChosen] = useState(String(thisYear - 1));
  const period = fixedPeriod ?? chosen;
  const [busy, setBusy] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const run = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    setSaved(null);
    const path = kind === 'template' ? 'exports/template.xlsx' : `exports/report.${kind}`;
    const stem = kind === 'template' ? 'bieu-mau' : 'bao-cao';
    try {
      const name = await downloadFile(path, { unit_id: unitId, period, lang: kind === 'template' ? null : lang },
        `${stem}-${unitCode}-${period}.${kind === 'docx' ? 'docx' : 'xlsx'}`);
      setSaved(name);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 0 ? t('state.error.network') : e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const button = (kind: Kind, key: MessageKey) => (
    <button type="button" className="button" onClick={() => void run(kind)} disabled={busy !== null} aria-busy={busy === kind}
      data-download={kind}>
      {busy === kind && <span className="spinner spinner-inline" aria-hidden="true" />}
      {t(key)}
    </button>
  );

  return (
    <div className="report-files" data-downloads="">
      {!fixedPeriod && (
        <div className="field field-inline">
          <label htmlFor={selectId}>{t('files.period')}</label>
          <select id={selectId} value={chosen} onChange={(e) => setChosen(e.target.value)}>
            {reportingPeriods(FIRST_YEAR, thisYear).map((p) => <option key={p} value={p}>{periodLabel(p, lang)}</option>)}
          </select>
        </div>
      )}
      <div className="button-row">
        {button('docx', 'files.docx')}
        {button('xlsx', 'files.xlsx')}
        {button('template', 'files.template')}
      </div>
      <p className="small muted" role="status" aria-live="polite">
        {busy ? t('files.building') : saved ? t('files.saved', { name: saved }) : ''}
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          <strong>{t('files.downloadFailed')}</strong> {error}
        </div>
      )}
    </div>
  );
}

interface Job {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: { done: number; total: number };
  result?: { written: number };
  error?: { code: string; detail: string; pointer?: string; errors?: ApiError['errors'] };
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'job'; job: Job }
  | { kind: 'done'; written: number; job?: Job }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; errors: ApiError['errors'] };

const TYPES: Record<ImportFormat, { path: string; type: string; async: boolean }> = {
  xlsx: { path: 'imports/values.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', async: false },
  csv: { path: 'imports/values.csv', type: 'text/csv', async: true },
  dhis2: { path: 'imports/datavaluesets', type: 'application/json', async: true },
};

const POLL_MS = 400;

export function ValuesImport() {
  const { t, lang } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [cancelling, setCancelling] = useState(false);
  const timer = useRef<number | null>(null);
  const format = file ? importFormatOf(file.name) : null;

  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);

  const failure = (e: unknown): Phase => {
    if (e instanceof ApiError) {
      return { kind: 'failed', message: e.status === 0 ? t('state.error.network') : e.message, errors: e.errors };
    }
    return { kind: 'failed', message: e instanceof Error ? e.message : String(e), errors: [] };
  };

  const poll = (id: number) => {
    timer.current = window.setTimeout(async () => {
      timer.current = null;
      try {
        const job = await api.get<Job>(`jobs/${id}`);
        settle(job);
      } catch (e) {
        setPhase(failure(e));
      }
    }, POLL_MS);
  };

  const settle = (job: Job) => {
    if (job.state === 'queued' || job.state === 'running') {
      setPhase({ kind: 'job', job });
      poll(job.id);
      return;
    }
    setCancelling(false);
    if (job.state === 'done') {
      notifyDataChanged();
      setPhase({ kind: 'done', written: job.result?.written ?? job.progress.done, job });
    } else if (job.state === 'cancelled') {
      setPhase({ kind: 'cancelled' });
    } else {
      setPhase({ kind: 'failed', message: job.error?.detail ?? t('files.import.failed'), errors: job.error?.errors ?? [] });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !format) return;
    const spec = TYPES[format];
    setPhase({ kind: 'sending' });
    try {
      const bytes = await file.arrayBuffer();
      if (spec.async) {
        const job = await api.upload<Job>(spec.path, bytes, spec.type, { async: true });
        settle(job);
      } else {
        const result = await api.upload<{ written: number }>(spec.path, bytes, spec.type);
        setPhase({ kind: 'done', written: result.written });
      }
    } catch (e) {
      setPhase(failure(e));
    }
  };

  const cancel = async (id: number) => {
    setCancelling(true);
    try {
      await api.del<Job>(`jobs/${id}`);
    } catch (e) {
      setCancelling(false);
      setPhase(failure(e));
    }
  };

  const working = phase.kind === 'sending' || phase.kind === 'job';
  const where = (e: ApiError['errors'][number]): string => {
    if (e.sheet !== undefined) return t('files.import.cell', { sheet: e.sheet, row: e.row ?? '', column: e.column ?? '' });
    const pointer = e.pointer ?? e.field ?? '';
    const row = /^\/rows\/(\d+)/.exec(pointer);
    if (row) return t('files.import.line', { n: row[1]! });
    const value = /^\/dataValues\/(\d+)/.exec(pointer);
    if (value) return t('files.import.record', { n: Number(value[1]) + 1 });
    return pointer || '—';
  };

  return (
    <form className="values-import" onSubmit={(e) => void submit(e)} aria-busy={working} data-import="">
      <div className="field">
        <label htmlFor={inputId}>{t('files.import.file')}</label>
        <input id={inputId} ref={fileRef} type="file" accept=".xlsx,.csv,.json" aria-describedby={hintId} disabled={working}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setPhase({ kind: 'idle' });
          }} />
        <p id={hintId} className="small muted">{t('files.import.hint')}</p>
        {file && !format && <p className="field-error" role="alert">{t('files.import.unknownType')}</p>}
      </div>
      <button type="submit" className="button primary" disabled={!file || !format || working}>
        {phase.kind === 'sending' && <span className="spinner spinner-inline" aria-hidden="true" />}
        {t('files.import.submit')}
      </button>

      <div aria-live="polite" className="import-status">
        {phase.kind === 'sending' && <p className="small">{t('files.import.sending')}</p>}
        {(phase.kind === 'job' || (phase.kind === 'done' && phase.job)) && 'job' in phase && phase.job && (
          <div className="import-job" data-job-state={phase.job.state}>
            <p className="small">
              {t(phase.job.state === 'queued' ? 'files.import.queued' : phase.job.state === 'done' ? 'files.import.finishing' : 'files.import.running')}{' '}
              <strong data-progress={progressPercent(phase.job.progress.done, phase.job.progress.total)}>
                {formatProgress(phase.job.progress.done, phase.job.progress.total, lang)}
              </strong>
            </p>
            <ProgressBar value={phase.job.state === 'done' ? 100 : progressPercent(phase.job.progress.done, phase.job.progress.total)}
              tone="blue" label={t('files.import.progress')} />
            {phase.job.state !== 'done' && (
              <button type="button" className="button small" onClick={() => void cancel(phase.job!.id)} disabled={cancelling}>
                {cancelling ? t('files.import.cancelling') : t('files.import.cancel')}
              </button>
            )}
          </div>
        )}
        {phase.kind === 'done' && (
          <p className="notice notice-ok" role="status">{t('files.import.done', { n: formatNumber(phase.written, lang, { decimals: 0 }) })}</p>
        )}
        {phase.kind === 'cancelled' && <p className="notice" role="status">{t('files.import.cancelled')}</p>}
      </div>
      {phase.kind === 'failed' && (
        <div className="notice notice-error" role="alert">
          <strong>{t('files.import.failed')}</strong> {phase.message}
          {phase.errors.length > 0 && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('files.import.errors')}>
              <table className="data-table import-errors">
                <caption>{t('files.import.errorCount', { n: phase.errors.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('files.import.where')}</th>
                    <th scope="col">{t('files.import.detail')}</th>
                  </tr>
                </thead>
                <tbody>
                  {phase.errors.map((e, i) => (
                    <tr key={i}>
                      <th scope="row">{where(e)}</th>
                      <td>{e.detail}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </form>
  );
}
