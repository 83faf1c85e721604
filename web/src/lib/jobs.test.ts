// Following a job: every state is handed on until it ends, and stopping the screen stops the
// polling.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { followJob, jobFilePath, type Job } from './jobs';

const states: Job[] = [
  { id: 3, kind: 'import-units', state: 'queued', progress: { done: 0, total: 0 } },
  { id: 3, kind: 'import-units', state: 'running', progress: { done: 1, total: 2, phase: 'units' } },
  { id: 3, kind: 'import-units', state: 'done', progress: { done: 2, total: 2, phase: 'units' }, result: { created: 2 } },
];

afterEach(() => vi.unstubAllGlobals());

describe('followJob', () => {
  it('polls GET /jobs/{id} until the job ends', async () => {
    const asked: string[] = [];
    let next = 1;
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify(states[next++]), { status: 200, headers: { 'Content-Type': 'application/json' } });
    });
    const seen: Job['state'][] = [];
    const last = await followJob(states[0]!, (job) => seen.push(job.state), undefined, 1);
    expect(seen).toEqual(['queued', 'running', 'done']);
    expect(last.result).toEqual({ created: 2 });
    expect(asked).toEqual(['/api/v1/jobs/3', '/api/v1/jobs/3']);
    expect(jobFilePath(last)).toBe('jobs/3/file');
  });
  it('stops when aborted', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(states[1]), { status: 200 }));
    const controller = new AbortController();
    const following = followJob(states[1]!, () => controller.abort(), controller.signal, 5);
    await expect(following).rejects.toThrow('aborted');
  });
});
