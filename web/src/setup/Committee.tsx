// "Phân công phụ trách": a unit's committee (its people: name and position) and, for each member,
// the fields and units they are in charge of in a term — added, changed with If-Match and removed
// by the unit's managers. React Hook Form and Zod like the other set-up forms: the server's
// refusal shows at the field it names, a 412 offers the latest keeping what was typed, nothing
// typed is lost on a failed save. The leader's dashboard reads these responsibilities.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, ApiError } from '../api/client';
import { apiQuery } from '../api/queries';
import type { Field, ListOf, Person, Responsibility, Term, UnitDetail } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n, type Translate } from '../i18n';
import { fieldErrors } from '../people/fields';
import { type PickedUnit, UnitPicker, unitLabel } from '../people/UnitPicker';
import { applyServerError } from './forms';
import { type Banner, SaveBanner } from './SaveBanner';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function messageOf(e: unknown, t: Translate): string {
  if (e instanceof ApiError && e.status === 0) return t('state.error.network');
  return e instanceof Error ? e.message : String(e);
}

function NoticeLine({ notice }: { notice: Notice }) {
  return (
    <div aria-live="polite">
      {notice?.kind === 'ok' && <p className="notice notice-ok" role="status">{notice.text}</p>}
      {notice?.kind === 'error' && <p className="notice notice-error" role="alert">{notice.text}</p>}
    </div>
  );
}

// What every write of this screen changes: the committee, its responsibilities, the dashboards.
async function refreshCommittee(client: ReturnType<typeof useQueryClient>): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: ['api', 'people'] }),
    client.invalidateQueries({ queryKey: ['api', 'responsibilities'] }),
    client.invalidateQueries({ queryKey: ['api', 'views/leader'] }),
  ]);
}

export function Committee({ code }: { code: string }) {
  const unit = useQuery(apiQuery<UnitDetail>(`units/${encodeURIComponent(code)}`, {}, { live: false }));
  const fields = useQuery(apiQuery<ListOf<Field>>('fields', {}, { live: false }));
  const terms = useQuery(apiQuery<ListOf<Term>>('terms', {}, { live: false }));
  const all = {
    data: unit.data && fields.data && terms.data ? { unit: unit.data, fields: fields.data.items, terms: terms.data.items } : undefined,
    error: unit.error ?? fields.error ?? terms.error,
    refetch: () => { void unit.refetch(); void fields.refetch(); void terms.refetch(); },
  };
  return <Resolved resource={all}>{(d) => <CommitteeBody {...d} />}</Resolved>;
}

interface Lists {
  fields: Field[];
  terms: Term[];
}

function CommitteeBody({ unit, fields, terms }: { unit: UnitDetail } & Lists) {
  const { t } = useI18n();
  const people = useQuery(apiQuery<ListOf<Person>>('people', { unit_id: unit.id }, { live: false }));
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  return (
    <div className="committee">
      <Breadcrumbs path={unit.path} tail={t('committee.title')} />
      <PageHeader title={t('committee.title')}>
        <p>{t('committee.lead', { unit: unit.short_name || unit.name })}</p>
      </PageHeader>
      <NoticeLine notice={notice} />
      <Resolved resource={people}>
        {(list) => (
          <Section title={t('committee.people', { n: list.items.length })} id="committee-people">
            {list.items.length === 0 ? <EmptyState>{t('committee.none')}</EmptyState> : (
              <ul className="committee-list" data-committee="">
                {list.items.map((p) => <PersonCard key={p.id} person={p} unitId={unit.id} fields={fields} terms={terms} />)}
              </ul>
            )}
            {adding ? (
              <PersonForm unitId={unit.id} onCancel={() => setAdding(false)}
                onDone={(text) => { setAdding(false); setNotice({ kind: 'ok', text }); }} />
            ) : (
              <p><button type="button" className="button" onClick={() => { setNotice(null); setAdding(true); }}>{t('committee.person.add')}</button></p>
            )}
          </Section>
        )}
      </Resolved>
    </div>
  );
}

// ---- A person: name and position

const personSchema = z.object({
  name: z.string().trim().min(1, 'setup.required').max(200, 'people.tooLong'),
  position: z.string().trim().max(300, 'people.tooLong'),
});
type PersonValues = z.infer<typeof personSchema>;
const PERSON_FIELDS = ['name', 'position'];

function PersonForm({ person, unitId, onDone, onCancel }: {
  person?: Person;
  unitId: number;
  onDone: (text: string) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [version, setVersion] = useState(person?.version ?? 0);
  const [banner, setBanner] = useState<Banner>(null);
  const { register, handleSubmit, formState, setError, reset, setFocus } = useForm<PersonValues>({
    resolver: zodResolver(personSchema),
    defaultValues: { name: person?.name ?? '', position: person?.position ?? '' },
    mode: 'onTouched',
  });
  useEffect(() => setFocus('name'), [setFocus]);
  const { errors, isSubmitting } = formState;
  const save = handleSubmit(
    async (v) => {
      setBanner(null);
      // The unit is sent again: a partial update clears the optional ids it does not name.
      const body = { name: v.name.trim(), position: v.position.trim(), unit_id: person?.unit_id ?? unitId };
      try {
        const saved = person ? await api.patch<Person>(`people/${person.id}`, body, version) : await api.post<Person>('people', body);
        await refreshCommittee(client);
        onDone(t(person ? 'committee.person.saved' : 'committee.person.created', { name: saved.name }));
      } catch (e) {
        const failure = applyServerError(e, setError, PERSON_FIELDS, t);
        if (failure.kind === 'stale') setBanner({ kind: 'stale' });
        else setBanner({ kind: 'error', text: failure.kind === 'error' ? failure.message : t('setup.fixErrors') });
      }
    },
    () => setBanner({ kind: 'error', text: t('setup.fixErrors') }),
  );
  const reloadLatest = async () => {
    if (!person) return;
    try {
      const latest = await api.get<Person>(`people/${person.id}`);
      setVersion(latest.version);
      reset({ name: latest.name, position: latest.position }, { keepDirtyValues: true, keepErrors: false });
      setBanner({ kind: 'reloaded' });
    } catch (e) {
      setBanner({ kind: 'error', text: messageOf(e, t) });
    }
  };
  const errorOf = fieldErrors(id, t, errors);
  const input = (name: keyof PersonValues) => {
    const e = errorOf(name);
    return { id: `${id}-${name}`, 'aria-invalid': e ? true : undefined, 'aria-describedby': e?.id };
  };
  return (
    <form className="setup-form committee-form" onSubmit={(e) => void save(e)} noValidate data-person-form=""
      aria-label={person ? t('committee.person.editTitle', { name: person.name }) : t('committee.person.new')}>
      <SaveBanner banner={banner} onReload={() => void reloadLatest()} />
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('committee.person.name')}</label>
          <input {...register('name')} {...input('name')} autoComplete="off" />
          {errorOf('name')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-position`}>{t('committee.person.position')}</label>
          <input {...register('position')} {...input('position')} autoComplete="off" placeholder={t('committee.person.positionHint')} />
          {errorOf('position')?.node}
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={isSubmitting}>
          {t(person ? 'committee.person.save' : 'committee.person.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>{t('committee.cancel')}</button>
      </div>
    </form>
  );
}

// ---- A member of the committee with their responsibilities

function PersonCard({ person, unitId, fields, terms }: { person: Person; unitId: number } & Lists) {
  const { t } = useI18n();
  const client = useQueryClient();
  const charges = useQuery(apiQuery<ListOf<Responsibility>>('responsibilities', { person_id: person.id }, { live: false }));
  const [editing, setEditing] = useState<'person' | 'new' | number | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const done = (text: string) => { setEditing(null); setNotice({ kind: 'ok', text }); };
  const open = (what: typeof editing) => { setNotice(null); setEditing(what); };
  const remove = async (charge: Responsibility, what: string) => {
    setNotice(null);
    try {
      await api.del(`responsibilities/${charge.id}`, charge.version);
      await refreshCommittee(client);
      setNotice({ kind: 'ok', text: t('committee.charge.removed', { what }) });
    } catch (e) {
      if (e instanceof ApiError && (e.status === 412 || e.status === 404)) {
        await refreshCommittee(client);
        setNotice({ kind: 'error', text: t('committee.charge.stale') });
      } else {
        setNotice({ kind: 'error', text: messageOf(e, t) });
      }
    }
  };
  return (
    <li className="committee-person" data-person={person.name}>
      <div className="committee-person-head">
        <div>
          <strong>{person.name}</strong>
          {person.position && <span className="muted block">{person.position}</span>}
        </div>
        {editing !== 'person' && (
          <button type="button" className="button small" aria-label={t('committee.person.editLabel', { name: person.name })}
            onClick={() => open('person')}>{t('committee.person.edit')}</button>
        )}
      </div>
      {editing === 'person' && <PersonForm person={person} unitId={unitId} onDone={done} onCancel={() => setEditing(null)} />}
      <NoticeLine notice={notice} />
      <h3 className="committee-charges-title">{t('committee.charges')}</h3>
      <Resolved resource={charges}>
        {(list) => list.items.length === 0 ? <p className="muted">{t('committee.charges.none')}</p> : (
          <ul className="charge-rows" data-charges="">
            {list.items.map((c) => (
              <ChargeRow key={c.id} charge={c} fields={fields} terms={terms} person={person}
                editing={editing === c.id} onEdit={() => open(c.id)} onCancel={() => setEditing(null)} onDone={done}
                onRemove={(what) => void remove(c, what)} />
            ))}
          </ul>
        )}
      </Resolved>
      {editing === 'new' ? (
        <ChargeForm person={person} fields={fields} terms={terms} onDone={done} onCancel={() => setEditing(null)} />
      ) : (
        <p>
          <button type="button" className="button small" aria-label={t('committee.charge.addLabel', { name: person.name })}
            onClick={() => open('new')}>{t('committee.charge.add')}</button>
        </p>
      )}
    </li>
  );
}

// The unit a responsibility names, by its short name (and code).
function useUnitName(unitId: number | null | undefined) {
  const unit = useQuery(apiQuery<UnitDetail>(unitId ? `units/${unitId}` : null, {}, { live: false }));
  return unit.data ? { id: unit.data.id, label: unitLabel(unit.data), short: unit.data.short_name || unit.data.name } : null;
}

function describe(charge: Responsibility, fields: Field[], unitName: string | null, t: Translate): string {
  const field = fields.find((f) => f.code === charge.field_code);
  return [
    charge.field_code ? t('committee.charge.fieldLabel', { name: field?.name ?? charge.field_code }) : null,
    charge.unit_id ? t('committee.charge.unitLabel', { name: unitName ?? `#${charge.unit_id}` }) : null,
  ].filter(Boolean).join(' · ');
}

function ChargeRow({ charge, fields, terms, person, editing, onEdit, onCancel, onDone, onRemove }: {
  charge: Responsibility;
  person: Person;
  editing: boolean;
  onEdit: () => void;
  onCancel: () => void;
  onDone: (text: string) => void;
  onRemove: (what: string) => void;
} & Lists) {
  const { t } = useI18n();
  const unit = useUnitName(charge.unit_id);
  const what = describe(charge, fields, unit?.short ?? null, t);
  const term = terms.find((x) => x.code === charge.term_code);
  return (
    <li data-charge={charge.field_code || `unit-${charge.unit_id}`}>
      <div className="charge-row">
        <span>
          <strong>{what}</strong>
          <span className="muted small block">
            {term?.name ?? charge.term_code}{charge.note && <> · {charge.note}</>}
          </span>
        </span>
        {!editing && (
          <span className="charge-actions">
            <button type="button" className="button small" aria-label={t('committee.charge.editLabel', { what })} onClick={onEdit}>
              {t('committee.charge.edit')}
            </button>
            <button type="button" className="button small danger" aria-label={t('committee.charge.removeLabel', { what })}
              onClick={() => onRemove(what)}>{t('committee.charge.remove')}</button>
          </span>
        )}
      </div>
      {editing && <ChargeForm person={person} charge={charge} initialUnit={unit} fields={fields} terms={terms} onDone={onDone} onCancel={onCancel} />}
    </li>
  );
}

// ---- A responsibility: a term, a field and/or a unit, a note

const chargeSchema = z.object({
  term_code: z.string().min(1, 'setup.required'),
  field_code: z.string(),
  unit_id: z.number().nullable(),
  note: z.string().trim().max(1000, 'people.tooLong'),
}).refine((v) => v.field_code !== '' || v.unit_id !== null, { path: ['field_code'], message: 'committee.charge.needOne' });
type ChargeValues = z.infer<typeof chargeSchema>;
const CHARGE_FIELDS = ['term_code', 'field_code', 'unit_id', 'note', 'person_id'];

const valuesOf = (c: Responsibility): ChargeValues => ({ term_code: c.term_code, field_code: c.field_code, unit_id: c.unit_id, note: c.note });

// The latest term first: a new responsibility is for the term in office.
function latestTerm(terms: Term[]): string {
  return [...terms].sort((a, b) => b.code.localeCompare(a.code))[0]?.code ?? '';
}

function ChargeForm({ person, charge, initialUnit, fields, terms, onDone, onCancel }: {
  person: Person;
  charge?: Responsibility;
  initialUnit?: PickedUnit | null;
  onDone: (text: string) => void;
  onCancel: () => void;
} & Lists) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [version, setVersion] = useState(charge?.version ?? 0);
  const [banner, setBanner] = useState<Banner>(null);
  const [unit, setUnit] = useState<PickedUnit | null>(initialUnit ?? null);
  const form = useForm<ChargeValues>({
    resolver: zodResolver(chargeSchema),
    defaultValues: charge ? valuesOf(charge) : { term_code: latestTerm(terms), field_code: '', unit_id: null, note: '' },
    mode: 'onTouched',
  });
  const { register, handleSubmit, formState, setError, reset, setFocus, control } = form;
  useEffect(() => setFocus('field_code'), [setFocus]);
  const { errors, isSubmitting } = formState;
  const save = handleSubmit(
    async (v) => {
      setBanner(null);
      // Every field is sent: a partial update clears the optional ids it does not name.
      const body = { person_id: person.id, term_code: v.term_code, field_code: v.field_code, unit_id: v.unit_id, note: v.note.trim() };
      try {
        const saved = charge
          ? await api.patch<Responsibility>(`responsibilities/${charge.id}`, body, version)
          : await api.post<Responsibility>('responsibilities', body);
        await refreshCommittee(client);
        onDone(t('committee.charge.saved', { what: describe(saved, fields, unit?.label ?? null, t) }));
      } catch (e) {
        const failure = applyServerError(e, setError, CHARGE_FIELDS, t);
        if (failure.kind === 'stale') setBanner({ kind: 'stale' });
        else setBanner({ kind: 'error', text: failure.kind === 'error' ? failure.message : t('setup.fixErrors') });
      }
    },
    () => setBanner({ kind: 'error', text: t('setup.fixErrors') }),
  );
  const reloadLatest = async () => {
    if (!charge) return;
    try {
      const latest = await api.get<Responsibility>(`responsibilities/${charge.id}`);
      setVersion(latest.version);
      reset(valuesOf(latest), { keepDirtyValues: true, keepErrors: false });
      setBanner({ kind: 'reloaded' });
    } catch (e) {
      setBanner({ kind: 'error', text: messageOf(e, t) });
    }
  };
  const errorOf = fieldErrors(id, t, errors);
  const input = (name: keyof ChargeValues) => {
    const e = errorOf(name);
    return { id: `${id}-${name}`, 'aria-invalid': e ? true : undefined, 'aria-describedby': e?.id };
  };
  const unitError = errorOf('unit_id');
  return (
    <form className="setup-form committee-form" onSubmit={(e) => void save(e)} noValidate data-charge-form=""
      aria-label={charge ? t('committee.charge.editTitle', { name: person.name }) : t('committee.charge.new', { name: person.name })}>
      <SaveBanner banner={banner} onReload={() => void reloadLatest()} />
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={`${id}-field_code`}>{t('committee.charge.field')}</label>
          <select {...register('field_code')} {...input('field_code')}>
            <option value="">{t('committee.charge.noField')}</option>
            {fields.map((f) => <option key={f.code} value={f.code}>{f.name}</option>)}
          </select>
          {errorOf('field_code')?.node}
        </div>
        <div className="field">
          <Controller control={control} name="unit_id" render={({ field }) => (
            <UnitPicker id={`${id}-unit_id`} label={t('committee.charge.unit')} value={unit} anyLabel={t('committee.charge.noUnit')}
              invalid={!!unitError} describedBy={unitError?.id}
              onChange={(u) => { setUnit(u); field.onChange(u ? u.id : null); }} />
          )} />
          {unitError?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-term_code`}>{t('committee.charge.term')}</label>
          <select {...register('term_code')} {...input('term_code')}>
            {terms.map((x) => <option key={x.code} value={x.code}>{x.name}</option>)}
          </select>
          {errorOf('term_code')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-note`}>{t('committee.charge.note')}</label>
          <input {...register('note')} {...input('note')} autoComplete="off" />
          {errorOf('note')?.node}
        </div>
      </div>
      {errorOf('person_id')?.node}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={isSubmitting}>{t('committee.charge.save')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('committee.cancel')}</button>
      </div>
    </form>
  );
}
