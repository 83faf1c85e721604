// Loads a JSON resource and keeps it current: refetches after every write made from this page,
// when the window regains focus, and every few seconds while the page is visible, so figures
// change without a reload. A refetch keeps showing the last data until the new one arrives.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, onDataChanged, type Query } from '../api/client';

export const REFRESH_MS = 5000;

export interface Resource<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;  // the first load only
  reload: () => void;
}

export function useResource<T>(path: string | null, query: Query = {}, options: { live?: boolean } = {}): Resource<T> {
  const live = options.live ?? true;
  const key = path === null ? null : JSON.stringify([path, query]);
  const [state, setState] = useState<{ key: string | null; data: T | null; error: Error | null }>({
    key: null,
    data: null,
    error: null,
  });
  const generation = useRef(0);
  const queryRef = useRef(query);
  queryRef.current = query;

  const load = useCallback(() => {
    if (path === null || key === null) return;
    const mine = ++generation.current;
    const controller = new AbortController();
    api
      .get<T>(path, queryRef.current, controller.signal)
      .then((data) => {
        if (mine === generation.current) setState({ key, data, error: null });
      })
      .catch((error: unknown) => {
        if (error instanceof DOMException && error.name === 'AbortError') return;
        if (mine === generation.current) {
          setState((s) => ({ key, data: s.key === key ? s.data : null, error: error as Error }));
        }
      });
    return () => controller.abort();
  }, [path, key]);

  useEffect(() => {
    const abort = load();
    if (!live) return abort;
    const onFocus = () => load();
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, REFRESH_MS);
    window.addEventListener('focus', onFocus);
    const unsubscribe = onDataChanged(() => load());
    return () => {
      abort?.();
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      unsubscribe();
    };
  }, [load, live]);

  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: key !== null && (!current || (state.data === null && state.error === null)),
    reload: () => void load(),
  };
}
