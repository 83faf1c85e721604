// Long work on the server runs as a job: started by a POST (202), followed by polling
// GET /jobs/{id} until it ends, cancelled by DELETE; an export job's file is then downloaded.
import { ApiError, api } from '../api/client';
import type { Translate } from '../i18n';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobIssue {
  sheet?: string;
  row?: number;
  column?: string;
  pointer?: string;
  field?: string;
  detail: string;
}

export interface Job {
  id: number;
  kind: string;
  state: JobState;
  progress: { done: number; total: number; phase?: string };
  result?: Record<string, unknown>;
  error?: { code: string; detail: string; pointer?: string; errors?: JobIssue[] };
  file?: { name: string; type: string; size: number; href: string };
}

export function isRunning(job: Job): boolean {
  return job.state === 'queued' || job.state === 'running';
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('aborted', 'AbortError'));
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    }, { once: true });
  });
}

// Follows `job` until it ends, handing every state seen to `onUpdate`; resolves with the last.
// Rejects with an AbortError when `signal` aborts (the job itself runs on).
export async function followJob(job: Job, onUpdate: (job: Job) => void, signal?: AbortSignal, pollMs = 400): Promise<Job> {
  let current = job;
  onUpdate(current);
  while (isRunning(current)) {
    await sleep(pollMs, signal);
    current = await api.get<Job>(`jobs/${current.id}`, undefined, signal);
    onUpdate(current);
  }
  return current;
}

// The path of a job's file for downloadFile: "jobs/12/file".
export function jobFilePath(job: Job): string {
  return `jobs/${job.id}/file`;
}

// What went wrong, in words for the user.
export function messageOf(e: unknown, t: Translate): string {
  if (e instanceof ApiError && e.status === 0) return t('state.error.network');
  return e instanceof Error ? e.message : String(e);
}

// The state of an upload that failed: the problem and its list of bad records or cells.
export function failureOf(e: unknown, t: Translate): { kind: 'failed'; message: string; errors: JobIssue[] } {
  return { kind: 'failed', message: messageOf(e, t), errors: e instanceof ApiError ? e.errors : [] };
}

// How an ended job turned out, for the screen that followed it.
export type JobOutcome =
  | { kind: 'done'; job: Job }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string; errors: JobIssue[] };

export function outcomeOf(job: Job, failedText: string): JobOutcome {
  if (job.state === 'done') return { kind: 'done', job };
  if (job.state === 'cancelled') return { kind: 'cancelled' };
  return { kind: 'failed', message: job.error?.detail ?? failedText, errors: job.error?.errors ?? [] };
}
