// One user: their details (name, e-mail, disabled) saved with If-Match — a 412 says someone else
// changed them and offers the latest, keeping what was typed; their roles, given and taken (a
// role above the giver's own is refused at the role field); and, for administrators, API
// tokens (the secret shown once), a new password and the release of a sign-in lock.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api, ApiError } from '../api/client';
import { apiQuery } from '../api/queries';
import { useSession } from '../api/session';
import type { ApiToken, ListOf, UserJson } from '../api/types';
import { PageHeader, Section } from '../components/Page';
import { Resolved } from '../components/States';
import { useI18n, type Translate } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/link';
import { administers } from './rights';
import { type Banner, SaveBanner } from '../setup/SaveBanner';
import { fieldErrors, GrantFields } from './fields';
import { PersonLink } from './PersonLink';
import { applyPeopleError } from './shared';
import type { PickedUnit } from './UnitPicker';

type Notice = { kind: 'ok' | 'error'; text: string } | null;

function NoticeLine({ notice }: { notice: Notice }) {
  if (!notice) return null;
  return notice.kind === 'ok'
    ? <p className="notice notice-ok" role="status">{notice.text}</p>
    : <p className="notice notice-error" role="alert">{notice.text}</p>;
}

function messageOf(e: unknown, t: Translate): string {
  if (e instanceof ApiError && e.status === 0) return t('state.error.network');
  return e instanceof Error ? e.message : String(e);
}

export function UserDetail({ id }: { id: number }) {
  const { t } = useI18n();
  const session = useSession();
  const user = useQuery(apiQuery<UserJson>(`users/${id}`, {}, { live: false }));
  const created = sessionStorage.getItem(`nqtrack.user.created.${id}`);
  return (
    <Resolved resource={user}>
      {(u) => (
        <div>
          <PageHeader title={u.name} eyebrow={<p className="eyebrow"><Link to="/people">{t('people.back')}</Link></p>}>
            <p className="muted">{u.login}</p>
          </PageHeader>
          {created && <p className="notice notice-ok" role="status">{t('people.new.created', { name: created })}</p>}
          <DetailsForm key={`${u.id}`} user={u} />
          <PersonLink user={u} />
          <Grants user={u} />
          {administers(session) && (
            <>
              <Tokens userId={u.id} />
              <PasswordReset userId={u.id} />
              <Unlock userId={u.id} />
            </>
          )}
        </div>
      )}
    </Resolved>
  );
}

const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const detailsSchema = z.object({
  name: z.string().trim().min(1, 'setup.required').max(200, 'people.tooLong'),
  email: z.string().trim().max(254, 'people.tooLong').refine((v) => v === '' || EMAIL.test(v), 'people.emailFormat'),
  disabled: z.boolean(),
});
type Details = z.infer<typeof detailsSchema>;
const DETAIL_FIELDS = ['name', 'email', 'disabled'];
const detailsOf = (u: UserJson): Details => ({ name: u.name, email: u.email, disabled: u.disabled });

function DetailsForm({ user }: { user: UserJson }) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [version, setVersion] = useState(user.version);
  const [banner, setBanner] = useState<Banner>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Details>({
    resolver: zodResolver(detailsSchema),
    defaultValues: detailsOf(user),
    mode: 'onTouched',
  });
  const { errors, isSubmitting, isDirty } = formState;
  // Saved elsewhere on this page (the person the user is): the new version, unless typed over.
  useEffect(() => {
    if (user.version > version && !isDirty) {
      setVersion(user.version);
      reset(detailsOf(user));
    }
  }, [user, version, isDirty, reset]);
  const save = handleSubmit(
    async (v) => {
      setBanner(null);
      try {
        const saved = await api.patch<UserJson>(`users/${user.id}`, { name: v.name.trim(), email: v.email.trim(), disabled: v.disabled }, version);
        setVersion(saved.version);
        reset(detailsOf(saved));
        client.setQueryData(apiQuery<UserJson>(`users/${user.id}`, {}, { live: false }).queryKey, saved);
        await client.invalidateQueries({ queryKey: ['api', 'users'] });
        setBanner({ kind: 'ok', text: t('people.edit.saved') });
      } catch (e) {
        const failure = applyPeopleError(e, setError, DETAIL_FIELDS, t);
        if (failure.kind === 'stale') setBanner({ kind: 'stale' });
        else setBanner({ kind: 'error', text: failure.kind === 'error' ? failure.message : t('setup.fixErrors') });
      }
    },
    () => setBanner({ kind: 'error', text: t('setup.fixErrors') }),
  );
  const reloadLatest = async () => {
    try {
      const latest = await api.get<UserJson>(`users/${user.id}`);
      setVersion(latest.version);
      reset(detailsOf(latest), { keepDirtyValues: true, keepErrors: false });
      setBanner({ kind: 'reloaded' });
    } catch (e) {
      setBanner({ kind: 'error', text: messageOf(e, t) });
    }
  };
  const errorOf = fieldErrors(id, t, errors);
  const input = (name: keyof Details) => {
    const e = errorOf(name);
    return { id: `${id}-${name}`, 'aria-invalid': e ? true : undefined, 'aria-describedby': e?.id };
  };
  return (
    <Section title={t('people.edit.title')} id="user-details">
      <form className="setup-form" onSubmit={(e) => void save(e)} noValidate data-user-form="">
        <SaveBanner banner={banner} onReload={() => void reloadLatest()} />
        <div className="setup-grid">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('people.field.name')}</label>
            <input {...register('name')} {...input('name')} autoComplete="off" />
            {errorOf('name')?.node}
          </div>
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('people.field.email')}</label>
            <input {...register('email')} {...input('email')} type="email" autoComplete="off" />
            {errorOf('email')?.node}
          </div>
        </div>
        <div className="field field-inline">
          <input type="checkbox" {...register('disabled')} id={`${id}-disabled`} />
          <label htmlFor={`${id}-disabled`}>{t('people.field.disabled')}</label>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={isSubmitting}>{t('people.edit.save')}</button>
        </div>
      </form>
    </Section>
  );
}

const grantSchema = z.object({
  role: z.enum(['viewer', 'editor', 'reviewer', 'manager', 'administrator']),
  unit_id: z.number().nullable().refine((v): boolean => v !== null, 'setup.required'),
  subtree: z.boolean(),
});
type GrantValues = z.infer<typeof grantSchema>;
const GRANT_FIELDS = ['role', 'unit_id', 'subtree'];

function Grants({ user }: { user: UserJson }) {
  const { t } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const [notice, setNotice] = useState<Notice>(null);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const form = useForm<GrantValues>({
    resolver: zodResolver(grantSchema),
    defaultValues: { role: 'editor', unit_id: null, subtree: false },
    mode: 'onTouched',
  });
  const { handleSubmit, formState, setError } = form;
  const { isSubmitting } = formState;
  const refresh = async () => {
    await client.invalidateQueries({ queryKey: ['api', `users/${user.id}`] });
    await client.invalidateQueries({ queryKey: ['api', 'users'] });
  };
  const add = handleSubmit(async (v) => {
    setNotice(null);
    try {
      await api.post(`users/${user.id}/grants`, { role: v.role, unit_id: v.unit_id, subtree: v.subtree });
      await refresh();
      setNotice({ kind: 'ok', text: t('people.grants.added', { role: t(`role.${v.role}`), unit: unit?.label ?? '' }) });
    } catch (e) {
      const failure = applyPeopleError(e, setError, GRANT_FIELDS, t);
      setNotice({ kind: 'error', text: failure.kind === 'error' ? failure.message : t('setup.fixErrors') });
    }
  });
  const revoke = async (role: string, unitId: number) => {
    setNotice(null);
    try {
      await api.del(`users/${user.id}/grants?role=${encodeURIComponent(role)}&unit_id=${unitId}`);
      await refresh();
      setNotice({ kind: 'ok', text: t('people.grants.revoked') });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e, t) });
    }
  };
  return (
    <Section title={t('people.grants.title')} id="user-grants">
      <div aria-live="polite"><NoticeLine notice={notice} /></div>
      {user.grants.length === 0 ? <p className="muted">{t('people.grants.none')}</p> : (
        <ul className="grant-list" data-grants="">
          {user.grants.map((g) => (
            <li key={g.id} data-grant={`${g.role}@${g.unit_id}`}>
              <span>
                <strong>{t(`role.${g.role}`)}</strong> — {(g.unit_name || `#${g.unit_id}`)}{' '}
                <span className="muted">({g.subtree ? t('people.grants.withSubtree') : t('people.grants.onlyUnit')})</span>
              </span>
              <button type="button" className="button small danger"
                aria-label={t('people.grants.revokeLabel', { role: t(`role.${g.role}`), unit: (g.unit_name || `#${g.unit_id}`) })}
                onClick={() => void revoke(g.role, g.unit_id)}>{t('people.grants.revoke')}</button>
            </li>
          ))}
        </ul>
      )}
      <form className="setup-form" onSubmit={(e) => void add(e)} noValidate data-grant-form="">
        <GrantFields id={id} form={form} unit={unit} onUnit={setUnit} t={t} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={isSubmitting}>{t('people.grants.add')}</button>
        </div>
      </form>
    </Section>
  );
}

function Tokens({ userId }: { userId: number }) {
  const { t, lang } = useI18n();
  const id = useId();
  const client = useQueryClient();
  const tokens = useQuery(apiQuery<ListOf<ApiToken>>(`users/${userId}/tokens`, {}, { live: false }));
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['api', `users/${userId}/tokens`] });
  const create = async () => {
    setNotice(null);
    setSecret(null);
    if (!name.trim()) {
      setNameError(t('setup.required'));
      return;
    }
    setNameError(null);
    try {
      const made = await api.post<{ token: string; name: string }>(`users/${userId}/tokens`, { name: name.trim() });
      setSecret(made);
      setName('');
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.field?.replace(/^\//, '') === 'name') setNameError(e.message);
      else setNotice({ kind: 'error', text: messageOf(e, t) });
    }
  };
  const revoke = async (token: ApiToken) => {
    setNotice(null);
    try {
      await api.del(`users/${userId}/tokens/${token.id}`);
      await refresh();
      setNotice({ kind: 'ok', text: t('people.tokens.revokedDone', { name: token.name }) });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e, t) });
    }
  };
  return (
    <Section title={t('people.tokens.title')} id="user-tokens">
      <div aria-live="polite">
        <NoticeLine notice={notice} />
        {secret && (
          <div className="notice notice-warn" role="status" data-token-secret="">
            <p>{t('people.tokens.secret', { name: secret.name })}</p>
            <code className="secret">{secret.token}</code>
          </div>
        )}
      </div>
      <Resolved resource={tokens}>
        {(list) => list.items.length === 0 ? <p className="muted">{t('people.tokens.none')}</p> : (
          <ul className="token-list" data-tokens="">
            {list.items.map((tk) => (
              <li key={tk.id} data-token={tk.name}>
                <span>
                  <strong>{tk.name}</strong>{' '}
                  <span className="muted">{t('people.tokens.created', { at: formatDateTime(tk.created_at, lang) })}</span>
                  {tk.revoked && <span className="badge badge-red">{t('people.tokens.revoked')}</span>}
                </span>
                {!tk.revoked && (
                  <button type="button" className="button small danger" aria-label={t('people.tokens.revokeLabel', { name: tk.name })}
                    onClick={() => void revoke(tk)}>{t('people.tokens.revoke')}</button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Resolved>
      <form className="setup-form" noValidate onSubmit={(e) => { e.preventDefault(); void create(); }} data-token-form="">
        <div className="field">
          <label htmlFor={`${id}-token-name`}>{t('people.tokens.name')}</label>
          <input id={`${id}-token-name`} value={name} maxLength={200} onChange={(e) => setName(e.target.value)}
            aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? `${id}-token-name-error` : undefined} />
          {nameError && <p id={`${id}-token-name-error`} className="field-error" data-field-error="name">{nameError}</p>}
        </div>
        <div className="form-actions">
          <button type="submit" className="button">{t('people.tokens.create')}</button>
        </div>
      </form>
    </Section>
  );
}

function PasswordReset({ userId }: { userId: number }) {
  const { t } = useI18n();
  const id = useId();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const save = async () => {
    setNotice(null);
    if ([...password].length < 12) {
      setError(t('people.passwordShort'));
      return;
    }
    setError(null);
    try {
      await api.post(`users/${userId}/password`, { password });
      setPassword('');
      setNotice({ kind: 'ok', text: t('people.password.done') });
    } catch (e) {
      if (e instanceof ApiError && e.field?.replace(/^\//, '') === 'password') setError(e.message);
      else setNotice({ kind: 'error', text: messageOf(e, t) });
    }
  };
  return (
    <Section title={t('people.password.title')} id="user-password">
      <div aria-live="polite"><NoticeLine notice={notice} /></div>
      <form className="setup-form" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }} data-password-form="">
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('people.password.new')}</label>
          <input id={`${id}-password`} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-password-error` : undefined} />
          {error && <p id={`${id}-password-error`} className="field-error" data-field-error="password">{error}</p>}
        </div>
        <div className="form-actions">
          <button type="submit" className="button">{t('people.password.save')}</button>
        </div>
      </form>
    </Section>
  );
}

function Unlock({ userId }: { userId: number }) {
  const { t } = useI18n();
  const [notice, setNotice] = useState<Notice>(null);
  const unlock = async () => {
    setNotice(null);
    try {
      await api.post(`users/${userId}/unlock`, undefined);
      setNotice({ kind: 'ok', text: t('people.unlock.done') });
    } catch (e) {
      setNotice({ kind: 'error', text: messageOf(e, t) });
    }
  };
  return (
    <Section title={t('people.unlock.title')} id="user-unlock">
      <p>{t('people.unlock.body')}</p>
      <div aria-live="polite"><NoticeLine notice={notice} /></div>
      <div className="form-actions">
        <button type="button" className="button" onClick={() => void unlock()}>{t('people.unlock.button')}</button>
      </div>
    </Section>
  );
}
