// Report files for a unit and period: the Word and Excel report and the values (CSV, DHIS2)
// made on the server as export jobs with progress and Cancel, then downloaded; the values
// template; and values to upload from a filled template, a CSV or a DHIS2 dataValueSets file.
// CSV and DHIS2 uploads run as server jobs with progress and Cancel; errors are listed record by
// record.
import { useId, useRef, useState, type FormEvent } from 'react';
import { api, downloadFile, notifyDataChanged, withQuery } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { formatNumber } from '../lib/format';
import { importFormatOf, type ImportFormat } from '../lib/files';
import { failureOf, jobFilePath, messageOf, outcomeOf, type Job, type JobIssue } from '../lib/jobs';
import { periodLabel, reportingPeriods } from '../lib/period';
import { todayIso } from '../lib/format';
import { useJob } from '../api/queries';
import { ImportErrors } from './ImportErrors';
import { JobProgress } from './JobProgress';

const FIRST_YEAR = 2020;

type Kind = 'docx' | 'xlsx' | 'csv' | 'dhis2' | 'template';

// The export route of each kind made as a job, and the name to fall back on.
const EXPORTS: Record<Exclude<Kind, 'template'>, { path: string; extension: string; values: boolean }> = {
  docx: { path: 'exports/report.docx', extension: 'docx', values: false },
  xlsx: { path: 'exports/report.xlsx', extension: 'xlsx', values: false },
  csv: { path: 'exports/values.csv', extension: 'csv', values: true },
  dhis2: { path: 'exports/datavaluesets', extension: 'json', values: true },
};

export function ReportDownloads({ unitId, unitCode, period: fixedPeriod }: { unitId: number; unitCode: string; period?: string }) {
  const { t, lang } = useI18n();
  const selectId = useId();
  const thisYear = Number(todayIso().slice(0, 4));
  const [chosen, setChosen] = useState(String(thisYear - 1));
  const period = fixedPeriod ?? chosen;
  const [busy, setBusy] = useState<Kind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const exportJob = useJob();

  // An export made on the server as a job, followed, then downloaded.
  const exportFile = async (kind: Exclude<Kind, 'template'>): Promise<string | null> => {
    const spec = EXPORTS[kind];
    const query = spec.values ? { unit_id: unitId, from: period, to: period } : { unit_id: unitId, period, lang };
    const started = await api.post<Job>(withQuery(spec.path, query), undefined);
    const job = await exportJob.follow(started);
    if (job.state === 'cancelled' || (job.state === 'done' && !job.file)) {
      setCancelled(true);
      return null;
    }
    if (job.state !== 'done' || !job.file) throw new Error(job.error?.detail ?? t('files.downloadFailed'));
    return downloadFile(jobFilePath(job), {}, job.file.name);
  };

  const run = async (kind: Kind) => {
    setBusy(kind);
    setError(null);
    setSaved(null);
    setCancelled(false);
    exportJob.reset();
    try {
      const name = kind === 'template'
        ? await downloadFile('exports/template.xlsx', { unit_id: unitId, period }, `bieu-mau-${unitCode}-${period}.xlsx`)
        : await exportFile(kind);
      if (name) setSaved(name);
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(messageOf(e, t));
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
        {button('csv', 'files.valuesCsv')}
        {button('dhis2', 'files.valuesDhis2')}
      </div>
      {exportJob.job && (
        <JobProgress job={exportJob.job} label={t('files.exportProgress')} cancelling={exportJob.cancelling}
          onCancel={() => void exportJob.cancel().catch((e: unknown) => setError(messageOf(e, t)))} />
      )}
      <p className="small muted" role="status" aria-live="polite">
        {busy ? t('files.building') : saved ? t('files.saved', { name: saved }) : cancelled ? t('files.exportCancelled') : ''}
      </p>
      {error && (
        <div className="notice notice-error" role="alert">
          <strong>{t('files.downloadFailed')}</strong> {error}
        </div>
      )}
    </div>
  );
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'job' }
  | { kind: 'done'; written: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; errors: JobIssue[] };

const TYPES: Record<ImportFormat, { path: string; type: string; async: boolean }> = {
  xlsx: { path: 'imports/values.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', async: false },
  csv: { path: 'imports/values.csv', type: 'text/csv', async: true },
  dhis2: { path: 'imports/datavaluesets', type: 'application/json', async: true },
};

export function ValuesImport() {
  const { t, lang } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const importJob = useJob();
  const format = file ? importFormatOf(file.name) : null;

  const settle = (job: Job) => {
    const outcome = outcomeOf(job, t('files.import.failed'));
    if (outcome.kind !== 'done') return setPhase(outcome);
    notifyDataChanged();
    setPhase({ kind: 'done', written: Number(job.result?.written ?? job.progress.done) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file || !format) return;
    const spec = TYPES[format];
    setPhase({ kind: 'sending' });
    importJob.reset();
    try {
      const bytes = await file.arrayBuffer();
      if (spec.async) {
        const started = await api.upload<Job>(spec.path, bytes, spec.type, { async: true });
        setPhase({ kind: 'job' });
        settle(await importJob.follow(started));
      } else {
        const result = await api.upload<{ written: number }>(spec.path, bytes, spec.type);
        setPhase({ kind: 'done', written: result.written });
      }
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setPhase(failureOf(e, t));
    }
  };

  const working = phase.kind === 'sending' || phase.kind === 'job';

  return (
    <form className="values-import" onSubmit={(e) => void submit(e)} aria-busy={working} data-import="">
      <div className="field">
        <label htmlFor={inputId}>{t('files.import.file')}</label>
        <input id={inputId} ref={fileRef} type="file" accept=".xlsx,.csv,.json" aria-describedby={hintId} disabled={working}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setPhase({ kind: 'idle' });
            importJob.reset();
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
        {importJob.job && (phase.kind === 'job' || phase.kind === 'done') && (
          <JobProgress job={importJob.job} label={t('files.import.progress')} cancelling={importJob.cancelling}
            onCancel={() => void importJob.cancel().catch((e: unknown) => setPhase(failureOf(e, t)))} />
        )}
        {phase.kind === 'done' && (
          <p className="notice notice-ok" role="status">{t('files.import.done', { n: formatNumber(phase.written, lang, { decimals: 0 }) })}</p>
        )}
        {phase.kind === 'cancelled' && <p className="notice" role="status">{t('files.import.cancelled')}</p>}
      </div>
      {phase.kind === 'failed' && (
        <div className="notice notice-error" role="alert">
          <strong>{t('files.import.failed')}</strong> {phase.message}
          <ImportErrors errors={phase.errors} />
        </div>
      )}
    </form>
  );
}
