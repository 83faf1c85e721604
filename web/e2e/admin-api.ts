// The set-up of browser tests through the API: the demo administrator's session, and a call
// with its cookie, CSRF token and an Idempotency-Key that fails the test unless answered 2xx.
import { baseUrl, expect } from './fixtures';
import { BROWSER } from './users';

// An administrator's API session: its cookie and CSRF token.
export async function adminApi() {
  const response = await fetch(`${baseUrl()}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: BROWSER.login, password: BROWSER.password }),
  });
  expect(response.status).toBe(200);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrf_token: csrf } = (await response.json()) as { csrf_token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const answer = await fetch(`${baseUrl()}/api/v1/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf, 'Idempotency-Key': crypto.randomUUID() },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await answer.text();
    expect(answer.ok, `${method} ${path}: ${answer.status} ${text}`).toBe(true);
    return JSON.parse(text) as T;
  };
}
