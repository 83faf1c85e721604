// What the people screens' forms share: the roles in order of strength, and a server refusal put
// at the form field it names ("/grant/role" → "role").
import type { FieldValues, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../api/client';
import type { Role } from '../api/session';
import type { Translate } from '../i18n';
import { applyServerError, type SaveFailure } from '../setup/forms';

export const ROLES: Role[] = ['viewer', 'editor', 'reviewer', 'manager', 'administrator'];

// applyServerError for the people forms, whose body may nest the first role under "grant".
export function applyPeopleError<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly string[],
  t: Translate,
): SaveFailure {
  if (error instanceof ApiError && error.field) {
    const name = error.field.replace(/^\//, '').replace(/^grant\//, '');
    // A role above the giver's own: said in the reader's language at the role.
    const message = error.status === 403 && name === 'role' ? t('people.grants.above') : error.message;
    const flat = new ApiError(error.status, message, name, error.errors);
    return applyServerError(flat, setError as UseFormSetError<FieldValues>, fields, t);
  }
  return applyServerError(error, setError, fields, t);
}

