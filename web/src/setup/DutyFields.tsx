// What the duty form and the task form share: the name, code, issue and due dates of an
// obligation (their checks and their fields), the issue date a unit since closed gives, the
// field errors as the forms show them, the line above a form that failed, and the item served.
import type { ReactNode } from 'react';
import type { FieldErrors, FieldValues, UseFormRegister } from 'react-hook-form';
import { z } from 'zod';
import type { Item, UnitDetail } from '../api/types';
import type { Translate } from '../i18n';
import { todayIso } from '../lib/format';
import { CODE, fieldMessage } from './forms';

export const DATE = /^\d{4}-\d{2}-\d{2}$/;

// The checks of the four fields; the due date from the issue date on is checked by `dueAfterIssue`.
export const dutyBasics = {
  title: z.string().trim().min(1, 'setup.required').max(500, 'setup.tooLong'),
  code: z.string().trim().min(1, 'setup.required').max(100, 'setup.tooLong').regex(CODE, 'setup.codeFormat'),
  issued_on: z.string().regex(DATE, 'setup.required'),
  due_on: z.string().regex(DATE, 'setup.required'),
};
export const dueAfterIssue: [(v: { issued_on: string; due_on: string }) => boolean, { path: string[]; message: string }] = [
  (v) => v.due_on >= v.issued_on,
  { path: ['due_on'], message: 'duty.dueBeforeIssued' },
];

// A unit since closed (a district of before the 2025 reform) issues on its last day at the latest.
export function defaultIssueDate(unit: UnitDetail): string {
  return unit.valid_to && unit.valid_to < todayIso() ? unit.valid_to : todayIso();
}

export interface FieldError {
  id: string;
  node: ReactNode;
}

// A form's field errors: the message of `name` (its id, and the node under the field) and the
// attributes of the control that describe it.
export function fieldErrors(id: string, errors: FieldErrors, t: Translate) {
  const errorOf = (name: string): FieldError | null => {
    const message = fieldMessage(t, (errors as Record<string, { message?: string } | undefined>)[name]?.message);
    return message ? { id: `${id}-${name}-error`, node: <p id={`${id}-${name}-error`} className="field-error" data-field-error={name}>{message}</p> } : null;
  };
  const input = (name: string) => {
    const e = errorOf(name);
    return { id: `${id}-${name}`, 'aria-invalid': e ? true : undefined, 'aria-describedby': e?.id };
  };
  return { errorOf, input };
}

// The line above a form: the server's words, or "fix the fields marked" while a field is.
export function FormFailure({ banner, marked, t }: { banner: string | null; marked: boolean; t: Translate }) {
  if (!banner && !marked) return null;
  return <p className="notice notice-error" role="alert"><strong>{t('setup.failed')}.</strong> {banner ?? t('setup.fixErrors')}</p>;
}

export function ServedItem({ item, t }: { item: Item | null; t: Translate }) {
  if (!item) return null;
  return (
    <p className="small" data-serves={item.id}>
      {t('duty.serves')}: {item.code && <span className="code">{item.code}</span>} {item.title}
    </p>
  );
}

// The name, the code with its hint, the issue and the due date.
export function DutyBasicFields<T extends FieldValues>({ id, register, errors, t }: {
  id: string;
  register: UseFormRegister<T>;
  errors: FieldErrors;
  t: Translate;
}) {
  const { errorOf, input } = fieldErrors(id, errors, t);
  const reg = (name: string) => register(name as Parameters<UseFormRegister<T>>[0]);
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('duty.title')}</label>
        <input {...reg('title')} {...input('title')} maxLength={500} />
        {errorOf('title')?.node}
      </div>
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={`${id}-code`}>{t('duty.code')}</label>
          <input {...reg('code')} {...input('code')} autoCapitalize="off" spellCheck={false}
            aria-describedby={[`${id}-code-hint`, errorOf('code')?.id].filter(Boolean).join(' ')} />
          <p id={`${id}-code-hint`} className="small muted">{t('duty.codeHint')}</p>
          {errorOf('code')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-issued_on`}>{t('duty.issuedOn')}</label>
          <input type="date" {...reg('issued_on')} {...input('issued_on')} />
          {errorOf('issued_on')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-due_on`}>{t('duty.dueOn')}</label>
          <input type="date" {...reg('due_on')} {...input('due_on')} />
          {errorOf('due_on')?.node}
        </div>
      </div>
    </>
  );
}
