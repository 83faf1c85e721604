// A job followed by a screen: its latest state, Cancel, and polling that stops when the screen
// goes away.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { followJob, type Job } from './jobs';

export function useJob() {
  const [job, setJob] = useState<Job | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  // Follows a job just started until it ends; resolves with its last state.
  const follow = useCallback(async (started: Job): Promise<Job> => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setCancelling(false);
    try {
      return await followJob(started, setJob, controller.signal);
    } finally {
      setCancelling(false);
    }
  }, []);

  // Asks the server to cancel the job followed; the next poll shows it cancelled.
  const cancel = useCallback(async (): Promise<void> => {
    if (!job) return;
    setCancelling(true);
    try {
      await api.del<Job>(`jobs/${job.id}`);
    } catch (error) {
      setCancelling(false);
      throw error;
    }
  }, [job]);

  const reset = useCallback(() => setJob(null), []);
  return { job, cancelling, follow, cancel, reset };
}
