// What the set-up screens' forms share (React Hook Form + Zod, docs/decisions/0013): the period
// code's pattern, client messages as catalogue keys, and a server problem+json answer put at the
// field its pointer names.
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { z } from 'zod';
import { ApiError } from '../api/client';
import { isMessageKey, type Translate } from '../i18n';

// The server's Content-Security-Policy forbids eval: Zod must not even probe for it (its JIT).
z.config({ jitless: true });

// A period code: year 2021, half 2021S1, quarter 2021Q3, month 202107, term 2020T5.
export const PERIOD = /^\d{4}(S[12]|Q[1-4]|0[1-9]|1[0-2]|T\d{1,2})?$/;
export const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

// A field's message: a catalogue key from the schema (translated), or the server's own words.
export function fieldMessage(t: Translate, message: string | undefined): string | undefined {
  if (!message) return undefined;
  return isMessageKey(message) ? t(message) : message;
}

// How a failed save turned out for the form: at a field, a version conflict, or a general error.
export type SaveFailure = { kind: 'field' } | { kind: 'stale' } | { kind: 'error'; message: string };

// Puts a server refusal at the field it names (`field` is a JSON pointer such as "/title"); a
// 409 already_exists on a code is the code's; 412 is a version conflict.
export function applyServerError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
  t: Translate,
): SaveFailure {
  if (error instanceof ApiError) {
    if (error.status === 412) return { kind: 'stale' };
    const name = error.field?.replace(/^\//, '').split('/')[0];
    if (name && fields.includes(name)) {
      setError(name as Path<T>, { type: 'server', message: error.message }, { shouldFocus: true });
      return { kind: 'field' };
    }
    if (error.status === 409 && fields.includes('code') && /code/.test(error.message)) {
      setError('code' as Path<T>, { type: 'server', message: t('setup.codeTaken') }, { shouldFocus: true });
      return { kind: 'field' };
    }
    if (error.status === 0) return { kind: 'error', message: t('state.error.network') };
  }
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}
