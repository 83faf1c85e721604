// The fields the people forms share: a field's error line (its id for aria-describedby, and the
// line itself), and a role over a unit — role, unit, with its subtree — as a new user's first
// role and as a role granted later.
import { Controller, type FieldErrors, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';
import type { ReactNode } from 'react';
import type { Role } from '../api/session';
import type { Translate } from '../i18n';
import { fieldMessage } from '../setup/forms';
import { ROLES } from './shared';
import { UnitPicker, type PickedUnit } from './UnitPicker';

export type FieldError = { id: string; node: ReactNode } | null;

// The error line of each field of a form whose inputs are `${id}-${name}`.
export function fieldErrors<T extends FieldValues>(id: string, t: Translate, errors: FieldErrors<T>): (name: string) => FieldError {
  return (name) => {
    const message = fieldMessage(t, (errors as Record<string, { message?: string } | undefined>)[name]?.message);
    return message ? { id: `${id}-${name}-error`, node: <p id={`${id}-${name}-error`} className="field-error" data-field-error={name}>{message}</p> } : null;
  };
}

export interface GrantPart extends FieldValues {
  role: Role;
  unit_id: number | null;
  subtree: boolean;
}

export function GrantFields<T extends GrantPart>({ id, form, unit, onUnit, t }: {
  id: string;
  form: UseFormReturn<T>;
  unit: PickedUnit | null;
  onUnit: (unit: PickedUnit | null) => void;
  t: Translate;
}) {
  const errorOf = fieldErrors(id, t, form.formState.errors);
  const role = errorOf('role');
  const unitError = errorOf('unit_id');
  return (
    <>
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('people.field.role')}</label>
          <select {...form.register('role' as Path<T>)} id={`${id}-role`} aria-invalid={role ? true : undefined} aria-describedby={role?.id}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
          {role?.node}
        </div>
        <div className="field">
          <Controller control={form.control} name={'unit_id' as Path<T>} render={({ field }) => (
            <UnitPicker id={`${id}-unit_id`} label={t('people.field.unit')} value={unit} invalid={!!unitError}
              describedBy={unitError?.id} onChange={(u) => { onUnit(u); field.onChange(u ? u.id : null); }} />
          )} />
          {unitError?.node}
        </div>
      </div>
      <div className="field field-inline">
        <input type="checkbox" {...form.register('subtree' as Path<T>)} id={`${id}-subtree`} />
        <label htmlFor={`${id}-subtree`}>{t('people.field.subtree')}</label>
      </div>
      <p className="hint">{t('people.grants.rule')}</p>
    </>
  );
}
