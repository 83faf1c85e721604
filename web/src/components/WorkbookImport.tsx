// An Excel form in and out: download its template, fill it, upload it; the server checks every
// cell and applies all of it or nothing, as a job with progress and Cancel, and lists each
// problem by sheet, row and column. Used for new units and for an obligation's evidence.
import { useId, useState, type FormEvent } from 'react';
import { api, downloadFile, notifyDataChanged, type Query } from '../api/client';
import { useI18n, type MessageKey } from '../i18n';
import { formatNumber } from '../lib/format';
import { failureOf, outcomeOf, type Job, type JobIssue } from '../lib/jobs';
import { useJob } from '../api/queries';
import { ImportErrors } from './ImportErrors';
import { JobProgress } from './JobProgress';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface WorkbookSpec {
  template: { path: string; query: Query; name: string };
  upload: string;                 // "imports/units.xlsx"
  count: string;                  // the member of the job's result that counts what was written
  texts: {
    template: MessageKey;         // the download button
    file: MessageKey;             // the file field's label
    hint: MessageKey;
    submit: MessageKey;
    done: MessageKey;             // with {n}
  };
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; n: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; errors: JobIssue[] };

export function WorkbookImport({ spec, name }: { spec: WorkbookSpec; name: string }) {
  const { t, lang } = useI18n();
  const inputId = useId();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [downloading, setDownloading] = useState(false);
  const job = useJob();

  const template = async () => {
    setDownloading(true);
    try {
      await downloadFile(spec.template.path, spec.template.query, spec.template.name);
    } catch (e) {
      setPhase(failureOf(e, t));
    } finally {
      setDownloading(false);
    }
  };

  const settle = (ended: Job) => {
    const outcome = outcomeOf(ended, t('files.import.failed'));
    if (outcome.kind !== 'done') return setPhase(outcome);
    notifyDataChanged();
    setPhase({ kind: 'done', n: Number(ended.result?.[spec.count] ?? 0) });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setPhase({ kind: 'working' });
    job.reset();
    try {
      const started = await api.upload<Job>(spec.upload, await file.arrayBuffer(), XLSX, { async: true });
      settle(await job.follow(started));
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setPhase(failureOf(e, t));
    }
  };

  const working = phase.kind === 'working';
  return (
    <form className="values-import" onSubmit={(e) => void submit(e)} aria-busy={working} data-workbook={name}>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void template()} disabled={downloading} aria-busy={downloading}>
          {downloading && <span className="spinner spinner-inline" aria-hidden="true" />}
          {t(spec.texts.template)}
        </button>
      </div>
      <div className="field">
        <label htmlFor={inputId}>{t(spec.texts.file)}</label>
        <input id={inputId} type="file" accept=".xlsx" aria-describedby={hintId} disabled={working}
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setPhase({ kind: 'idle' });
            job.reset();
          }} />
        <p id={hintId} className="small muted">{t(spec.texts.hint)}</p>
      </div>
      <button type="submit" className="button primary" disabled={!file || working}>
        {working && <span className="spinner spinner-inline" aria-hidden="true" />}
        {t(spec.texts.submit)}
      </button>
      <div aria-live="polite" className="import-status">
        {job.job && (
          <JobProgress job={job.job} label={t(spec.texts.submit)} cancelling={job.cancelling}
            onCancel={() => void job.cancel().catch((e: unknown) => setPhase(failureOf(e, t)))} />
        )}
        {phase.kind === 'done' && (
          <p className="notice notice-ok" role="status">{t(spec.texts.done, { n: formatNumber(phase.n, lang, { decimals: 0 }) })}</p>
        )}
        {phase.kind === 'cancelled' && <p className="notice" role="status">{t('workbook.cancelled')}</p>}
      </div>
      {phase.kind === 'failed' && (
        <div className="notice notice-error" role="alert">
          <strong>{t('workbook.failed')}</strong> {phase.message}
          <ImportErrors errors={phase.errors} />
        </div>
      )}
    </form>
  );
}
