// Which committee member a user is ("Người dùng này là: …"): a person picked from those in the
// reader's sight (a search box narrowing a native select), or nobody; saved with If-Match on the
// user. The server refuses a person who is already another user's at the picker, and a 412 offers
// the latest keeping the choice. The user's "My responsibilities" dashboard follows this link.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, ApiError } from '../api/client';
import { apiQuery } from '../api/queries';
import type { ListOf, Person, UserJson } from '../api/types';
import { Section } from '../components/Page';
import { useI18n } from '../i18n';
import { compareVietnamese, matchesSearch } from '../lib/fold';
import { type Banner, SaveBanner } from '../setup/SaveBanner';
import { fieldErrors } from './fields';
import { applyPeopleError } from './shared';

const schema = z.object({ person_id: z.number().nullable() });
type Values = z.infer<typeof schema>;

export function personLabel(p: Pick<Person, 'name' | 'position'>): string {
  return p.position ? `${p.name} — ${p.position}` : p.name;
}

export function PersonLink({ user }: { user: UserJson }) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const people = useQuery(apiQuery<ListOf<Person>>('people', {}, { live: false }));
  const [text, setText] = useState('');
  const [banner, setBanner] = useState<Banner>(null);
  const userKey = apiQuery<UserJson>(`users/${user.id}`, {}, { live: false }).queryKey;
  const { control, handleSubmit, formState, setError, reset } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { person_id: user.person?.id ?? null },
  });
  const { errors, isSubmitting } = formState;
  const save = handleSubmit(async (v) => {
    setBanner(null);
    try {
      const saved = await api.patch<UserJson>(`users/${user.id}`, { person_id: v.person_id }, user.version);
      client.setQueryData(userKey, saved);
      reset({ person_id: saved.person?.id ?? null });
      await client.invalidateQueries({ queryKey: ['api', 'users'] });
      await client.invalidateQueries({ queryKey: ['api', 'views/leader'] });
      setBanner({ kind: 'ok', text: saved.person ? t('committee.user.saved', { name: saved.person.name }) : t('committee.user.cleared') });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        // Another user is that person: said in the reader's language, naming them when known.
        const login = /user "([^"]+)"/.exec(e.message)?.[1];
        const message = login ? t('committee.user.takenBy', { login }) : t('committee.user.taken');
        setError('person_id', { type: 'server', message }, { shouldFocus: true });
        setBanner({ kind: 'error', text: t('setup.fixErrors') });
        return;
      }
      const failure = applyPeopleError(e, setError, ['person_id'], t);
      if (failure.kind === 'stale') setBanner({ kind: 'stale' });
      else setBanner({ kind: 'error', text: failure.kind === 'error' ? failure.message : t('setup.fixErrors') });
    }
  });
  const reloadLatest = async () => {
    try {
      const latest = await api.get<UserJson>(`users/${user.id}`);
      client.setQueryData(userKey, latest);
      reset({ person_id: latest.person?.id ?? null }, { keepDirtyValues: true, keepErrors: false });
      setBanner({ kind: 'reloaded' });
    } catch (e) {
      setBanner({ kind: 'error', text: e instanceof ApiError && e.status === 0 ? t('state.error.network') : String((e as Error).message) });
    }
  };
  const errorOf = fieldErrors(id, t, errors);
  const error = errorOf('person_id');
  const all = [...(people.data?.items ?? [])].sort((a, b) => compareVietnamese(a.name, b.name));
  return (
    <Section title={t('committee.user.title')} id="user-person">
      <p data-user-person="">
        {user.person ? <strong>{t('committee.user.is', { name: personLabel(user.person) })}</strong> : t('committee.user.isNobody')}
      </p>
      <p className="hint">{t('committee.user.hint')}</p>
      <form className="setup-form" onSubmit={(e) => void save(e)} noValidate data-person-link="">
        <SaveBanner banner={banner} onReload={() => void reloadLatest()} />
        <Controller control={control} name="person_id" render={({ field }) => {
          const shown = all.filter((p) => p.id === field.value || matchesSearch(`${p.name} ${p.position}`, text));
          return (
            <div className="field unit-picker">
              <label htmlFor={`${id}-person_id`}>{t('committee.user.person')}</label>
              <input type="search" className="unit-picker-search" aria-label={t('committee.user.search')}
                placeholder={t('committee.user.search')} value={text} onChange={(e) => setText(e.target.value)} />
              <select id={`${id}-person_id`} value={field.value === null ? '' : String(field.value)}
                aria-invalid={error ? true : undefined} aria-describedby={error?.id}
                onChange={(e) => field.onChange(e.target.value === '' ? null : Number(e.target.value))} onBlur={field.onBlur}>
                <option value="">{t('committee.user.nobody')}</option>
                {shown.map((p) => <option key={p.id} value={String(p.id)}>{personLabel(p)}</option>)}
              </select>
              {error?.node}
            </div>
          );
        }} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={isSubmitting}>{t('committee.user.save')}</button>
        </div>
      </form>
    </Section>
  );
}
