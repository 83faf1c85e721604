// Signing in: login and password, then back to where the user was going.
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { signIn } from '../api/session';
import { useI18n } from '../i18n';

export function Login() {
  const { t, lang, setLang } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loginId = useId();
  const passwordId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(login.trim(), password);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) setError(t('login.failed'));
      else if (e instanceof ApiError && e.status === 0) setError(t('state.error.network'));
      else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-page">
      <form className="card login-card" onSubmit={submit} aria-describedby="login-intro">
        <div className="brand brand-large">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="40" height="40">
            <rect width="32" height="32" rx="6" fill="currentColor" />
            <path d="M16 5l3.1 6.9 7.4.7-5.6 4.9 1.7 7.3L16 21l-6.6 3.8 1.7-7.3-5.6-4.9 7.4-.7z" fill="#fcd34d" />
          </svg>
          <span className="brand-text">
            <strong>{t('app.name')}</strong>
            <small>{t('app.tagline')}</small>
          </span>
        </div>
        <h1>{t('login.title')}</h1>
        <p id="login-intro" className="muted">
          {t('login.intro')}
        </p>
        <div className="field">
          <label htmlFor={loginId}>{t('login.login')}</label>
          <input id={loginId} name="username" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t('login.password')}</label>
          <input id={passwordId} name="password" type="password" autoComplete="current-password" required value={password}
            onChange={(e) => setPassword(e.target.value)} />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('login.busy') : t('login.submit')}
        </button>
        <button type="button" className="link-button" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
          {t('nav.lang.switch')}
        </button>
      </form>
    </main>
  );
}
