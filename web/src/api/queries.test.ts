import { describe, expect, it } from 'vitest';
import { notifyDataChanged } from './client';
import { apiQuery, jobQuery, newQueryClient, REFRESH_MS } from './queries';

describe('apiQuery', () => {
  it('keys by path and query, polls only live queries', () => {
    const live = apiQuery('views/overview', { unit_id: 'ba-thuoc' });
    expect(live.queryKey).toEqual(['api', 'views/overview', { unit_id: 'ba-thuoc' }]);
    expect(live.refetchInterval).toBe(REFRESH_MS);
    expect(live.enabled).toBe(true);
    const still = apiQuery('unit-kinds', {}, { live: false });
    expect(still.refetchInterval).toBe(false);
    expect(apiQuery(null).enabled).toBe(false);
  });

  it('a write made from the page invalidates the live queries only', () => {
    const client = newQueryClient();
    const cache = client.getQueryCache();
    const live = cache.build(client, apiQuery('views/overview', { unit_id: 'ba-thuoc' }) as never);
    const still = cache.build(client, apiQuery('unit-kinds', {}, { live: false }) as never);
    live.setData({ n: 1 });
    still.setData({ n: 2 });
    notifyDataChanged();
    expect(live.state.isInvalidated).toBe(true);
    expect(still.state.isInvalidated).toBe(false);
    client.clear();
  });
});

describe('jobQuery', () => {
  it('polls while the job runs and stops when it ends', () => {
    const client = newQueryClient();
    const options = jobQuery(12);
    const query = client.getQueryCache().build(client, options as never);
    const interval = options.refetchInterval as unknown as (q: typeof query) => number | false;
    query.setData({ id: 12, kind: 'export', state: 'running', progress: { done: 1, total: 3 } });
    expect(interval(query)).toBeGreaterThan(0);
    query.setData({ id: 12, kind: 'export', state: 'done', progress: { done: 3, total: 3 } });
    expect(interval(query)).toBe(false);
    expect(jobQuery(null).enabled).toBe(false);
    client.clear();
  });
});
