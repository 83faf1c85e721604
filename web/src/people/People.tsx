// People and rights (administrators; a manager within their subtree): the users, filtered by
// unit and searched by login, name or e-mail; a new user with a first role over a unit. The
// server decides who sees whom; a role above the manager's own is refused at the role field.
import { zodResolver } from '@hookform/resolvers/zod';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../api/client';
import { apiQuery } from '../api/queries';
import { useSession } from '../api/session';
import type { ListOf, UserJson } from '../api/types';
import { PageHeader } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { useI18n } from '../i18n';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';
import { managesSomething } from './rights';
import { fieldErrors, GrantFields } from './fields';
import { applyPeopleError } from './shared';
import { UnitPicker, type PickedUnit } from './UnitPicker';

const route = getRouteApi('/people');

export function People() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const search = route.useSearch();
  const unitId = search.unit_id ?? null;
  const q = search.q ?? '';
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [text, setText] = useState(q);
  const [adding, setAdding] = useState(false);
  const users = useQuery({ ...apiQuery<ListOf<UserJson>>('users', { unit_id: unitId, q: q || null }), placeholderData: (p) => p });

  if (!managesSomething(session)) {
    return (
      <div>
        <PageHeader title={t('people.title')} />
        <EmptyState>{t('people.adminOnly')}</EmptyState>
      </div>
    );
  }
  return (
    <div>
      <PageHeader
        title={t('people.title')}
        actions={!adding && <button type="button" className="button primary" onClick={() => setAdding(true)}>{t('people.new')}</button>}
      />
      {adding && <NewUser onDone={() => setAdding(false)} />}
      <form
        className="card filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void navigate({ to: '/people', search: (prev) => ({ ...prev, q: text.trim() || undefined, unit_id: unit ? String(unit.id) : undefined }), replace: true, resetScroll: false });
        }}
      >
        <UnitPicker id="people-unit" label={t('people.filter.unit')} value={unit} onChange={setUnit} anyLabel={t('people.filter.anyUnit')} />
        <div className="field">
          <label htmlFor="people-q">{t('people.filter.search')}</label>
          <input id="people-q" type="search" value={text} placeholder={t('people.filter.searchHint')} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="filter-actions">
          <button type="submit" className="button">{t('audit.filter.apply')}</button>
        </div>
      </form>
      <Resolved resource={users}>
        {(list) => list.items.length === 0 ? <EmptyState>{t('people.none')}</EmptyState> : (
          <section className="card" aria-labelledby="people-list-title">
            <h2 id="people-list-title" className="visually-hidden">{t('people.count', { n: list.count })}</h2>
            <p className="muted">{t('people.count', { n: list.count })}</p>
            <ul className="people-list" data-people-list="">
              {list.items.map((u) => (
                <li key={u.id} data-user={u.login}>
                  <div>
                    <Link to="/people/$id" params={{ id: u.id }}><strong>{u.name}</strong></Link>{' '}
                    <span className="muted">{u.login}</span>
                    {u.disabled && <span className="badge badge-red">{t('people.state.disabled')}</span>}
                  </div>
                  {u.email && <div className="muted">{u.email}</div>}
                  <div className="grant-chips">
                    {u.grants.map((g) => (
                      <span key={g.id} className="chip">{t(`role.${g.role}`)} · {g.unit_name || `#${g.unit_id}`}</span>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        )}
      </Resolved>
    </div>
  );
}

const LOGIN = /^[a-z0-9._-]+$/;
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;
const newUserSchema = z.object({
  login: z.string().trim().min(1, 'setup.required').max(64, 'people.tooLong').regex(LOGIN, 'people.loginFormat'),
  name: z.string().trim().min(1, 'setup.required').max(200, 'people.tooLong'),
  email: z.string().trim().max(254, 'people.tooLong').refine((v) => v === '' || EMAIL.test(v), 'people.emailFormat'),
  password: z.string().min(12, 'people.passwordShort').max(1024, 'people.tooLong'),
  role: z.enum(['viewer', 'editor', 'reviewer', 'manager', 'administrator']),
  unit_id: z.number().nullable(),
  subtree: z.boolean(),
});
type NewUserValues = z.infer<typeof newUserSchema>;
const NEW_FIELDS = ['login', 'name', 'email', 'password', 'role', 'unit_id', 'subtree'];

function NewUser({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  const id = useId();
  const [banner, setBanner] = useState<string | null>(null);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const form = useForm<NewUserValues>({
    resolver: zodResolver(newUserSchema),
    defaultValues: { login: '', name: '', email: '', password: '', role: 'editor', unit_id: null, subtree: false },
    mode: 'onTouched',
  });
  const { register, handleSubmit, formState, setError } = form;
  const { errors, isSubmitting } = formState;
  const errorOf = fieldErrors(id, t, errors);
  const navigate = useNavigate();
  const input = (name: keyof NewUserValues) => {
    const e = errorOf(name);
    return { id: `${id}-${name}`, 'aria-invalid': e ? true : undefined, 'aria-describedby': e?.id };
  };
  const save = handleSubmit(
    async (v) => {
      setBanner(null);
      try {
        const created = await api.post<{ id: number; name: string }>('users', {
          login: v.login.trim(),
          name: v.name.trim(),
          email: v.email.trim(),
          password: v.password,
          ...(v.unit_id !== null ? { grant: { role: v.role, unit_id: v.unit_id, subtree: v.subtree } } : {}),
        });
        sessionStorage.setItem(`nqtrack.user.created.${created.id}`, created.name);
        onDone();
        void navigate({ to: '/people/$id', params: { id: created.id } });
      } catch (e) {
        const failure = applyPeopleError(e, setError, NEW_FIELDS, t);
        setBanner(failure.kind === 'error' ? failure.message : t('setup.fixErrors'));
      }
    },
    () => setBanner(t('setup.fixErrors')),
  );
  return (
    <form className="card setup-form" onSubmit={(e) => void save(e)} noValidate data-new-user="">
      <h2>{t('people.new.title')}</h2>
      {banner && <p className="notice notice-error" role="alert"><strong>{t('setup.failed')}.</strong> {banner}</p>}
      <div className="setup-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('people.field.name')}</label>
          <input {...register('name')} {...input('name')} autoComplete="off" />
          {errorOf('name')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-login`}>{t('people.field.login')}</label>
          <input {...register('login')} {...input('login')} autoComplete="off" autoCapitalize="none" spellCheck={false}
            aria-describedby={[errorOf('login')?.id, `${id}-login-hint`].filter(Boolean).join(' ')} />
          <p id={`${id}-login-hint`} className="hint">{t('people.field.loginHint')}</p>
          {errorOf('login')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('people.field.email')}</label>
          <input {...register('email')} {...input('email')} type="email" autoComplete="off" />
          {errorOf('email')?.node}
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('people.field.password')}</label>
          <input {...register('password')} {...input('password')} type="password" autoComplete="new-password"
            aria-describedby={[errorOf('password')?.id, `${id}-password-hint`].filter(Boolean).join(' ')} />
          <p id={`${id}-password-hint`} className="hint">{t('people.field.passwordHint')}</p>
          {errorOf('password')?.node}
        </div>
      </div>
      <GrantFields id={id} form={form} unit={unit} onUnit={setUnit} t={t} />
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={isSubmitting}>{t('people.create')}</button>
        <button type="button" className="button" onClick={onDone}>{t('people.cancel')}</button>
      </div>
    </form>
  );
}
