// Reading the API through TanStack Query (docs/decisions/0013-web-libraries.md): one cache for
// the whole UI, keyed by path and query. A live query keeps a screen's figures current: it
// refetches every few seconds while the page is visible, when the window regains focus, and after
// every write made from this page (the client announces each successful mutation; the cache
// invalidates the live queries then). A refetch keeps showing the last data until the new one
// arrives; a query whose key changes shows nothing of the old key's data.
import { QueryClient, queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { isRunning, type Job } from '../lib/jobs';
import { api, onDataChanged, type Query } from './client';

export const REFRESH_MS = 5000;

export function newQueryClient(): QueryClient {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 0,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
        retry: false,  // the screen shows the error with a Retry button
      },
    },
  });
  onDataChanged(() => void client.invalidateQueries({ predicate: (q) => q.meta?.live === true }));
  return client;
}

// The query for GET /api/v1/<path>?<query>; none while `path` is null. `live: false` for what a
// write from another screen does not change under the reader (a unit's name, the unit kinds, a
// document's tree): fetched when a screen mounts, not polled.
export function apiQuery<T>(path: string | null, query: Query = {}, { live = true }: { live?: boolean } = {}) {
  return queryOptions({
    queryKey: ['api', path, query] as const,
    queryFn: ({ signal }) => api.get<T>(path!, query, signal),
    enabled: path !== null,
    meta: { live },
    refetchInterval: live ? REFRESH_MS : false,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: live,
  });
}

// A job the screen follows (an export or an import run on the server): its latest state, polled
// through the cache every POLL_MS while it runs and no longer once it ends or the screen goes
// away; Cancel asks the server, and the next poll shows it cancelled.
export const JOB_POLL_MS = 400;

export function jobQuery(id: number | null) {
  return queryOptions({
    queryKey: ['api', `jobs/${id}`, {}] as const,
    queryFn: ({ signal }) => api.get<Job>(`jobs/${id}`, {}, signal),
    enabled: id !== null,
    meta: { live: false },
    refetchInterval: (query) => (query.state.data && isRunning(query.state.data) ? JOB_POLL_MS : false),
    refetchOnWindowFocus: false,
    staleTime: JOB_POLL_MS,
  });
}

export function useJob() {
  const client = useQueryClient();
  const [id, setId] = useState<number | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const waiting = useRef<{ id: number; resolve: (job: Job) => void; reject: (e: unknown) => void } | null>(null);
  const { data, error } = useQuery(jobQuery(id));
  const job = id !== null && data?.id === id ? data : null;

  // The screen went away: whoever awaits the job stops waiting (the job itself runs on).
  useEffect(() => () => waiting.current?.reject(new DOMException('aborted', 'AbortError')), []);
  useEffect(() => {
    const w = waiting.current;
    if (!w || w.id !== id) return;
    if (job && !isRunning(job)) {
      waiting.current = null;
      setCancelling(false);
      w.resolve(job);
    } else if (error) {
      waiting.current = null;
      setCancelling(false);
      w.reject(error);
    }
  }, [id, job, error]);

  // Follows a job just started until it ends; resolves with its last state.
  const follow = useCallback(
    (started: Job): Promise<Job> => {
      waiting.current?.reject(new DOMException('aborted', 'AbortError'));
      waiting.current = null;
      client.setQueryData(jobQuery(started.id).queryKey, started);
      setCancelling(false);
      setId(started.id);
      if (!isRunning(started)) return Promise.resolve(started);
      return new Promise<Job>((resolve, reject) => {
        waiting.current = { id: started.id, resolve, reject };
      });
    },
    [client],
  );

  // Asks the server to cancel the job followed; the next poll shows it cancelled.
  const cancel = useCallback(async (): Promise<void> => {
    if (!job) return;
    setCancelling(true);
    try {
      await api.del<Job>(`jobs/${job.id}`);
    } catch (e) {
      setCancelling(false);
      throw e;
    }
  }, [job]);

  const reset = useCallback(() => setId(null), []);
  return { job, cancelling, follow, cancel, reset };
}
