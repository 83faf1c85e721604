// The progress of a server job: what it is doing, how far (done/total and a bar), and Cancel
// while it runs.
import { useI18n, isMessageKey } from '../i18n';
import { formatProgress, progressPercent } from '../lib/files';
import { isRunning, type Job } from '../lib/jobs';
import { ProgressBar } from './ProgressBar';

export function JobProgress({ job, label, cancelling, onCancel }: {
  job: Job;
  label: string;  // what the bar measures, for screen readers
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t, lang } = useI18n();
  const { done, total, phase } = job.progress;
  const phaseKey = `job.phase.${phase ?? ''}`;
  const percent = job.state === 'done' ? 100 : progressPercent(done, total);
  return (
    <div className="import-job" data-job-state={job.state}>
      <p className="small">
        {t(job.state === 'queued' ? 'job.queued' : job.state === 'done' ? 'job.finished' : 'job.running')}{' '}
        {phase && <span data-phase={phase}>{isMessageKey(phaseKey) ? t(phaseKey) : phase}: </span>}
        <strong data-progress={percent}>{formatProgress(done, total, lang)}</strong>
      </p>
      <ProgressBar value={percent} tone="blue" label={label} />
      {isRunning(job) && (
        <button type="button" className="button small" onClick={onCancel} disabled={cancelling}>
          {cancelling ? t('job.cancelling') : t('job.cancel')}
        </button>
      )}
    </div>
  );
}
