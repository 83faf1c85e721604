// The frame of every screen: skip link, header with unit search, language and user, main area.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { apiQuery } from '../api/queries';
import { signOut, useSession } from '../api/session';
import type { Inbox } from '../api/types';
import { useI18n } from '../i18n';
import { Link } from '../lib/link';
import { managesSomething } from '../people/rights';
import { UnitSearch } from './UnitSearch';

export function Layout({ children }: { children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const session = useSession();
  // The unread count, polled and refetched after every write like any live query.
  const inbox = useQuery({ ...apiQuery<Inbox>(session.state === 'signed_in' ? 'inbox' : null) });
  const unread = inbox.data?.unread ?? 0;
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
            <rect width="32" height="32" rx="6" fill="currentColor" />
            <path d="M16 5l3.1 6.9 7.4.7-5.6 4.9 1.7 7.3L16 21l-6.6 3.8 1.7-7.3-5.6-4.9 7.4-.7z" fill="#fcd34d" />
          </svg>
          <span className="brand-text">
            <strong>{t('app.name')}</strong>{' '}
            <small>{t('app.tagline')}</small>
          </span>
        </Link>
        <UnitSearch id="unit-search" />
        <nav className="topnav" aria-label={t('nav.main')}>
          {session.state === 'signed_in' && (
            <Link to="/inbox" className="inbox-link" data-unread={unread}>
              {t('nav.inbox')}
              {unread > 0 && (
                <span className="unread-badge">
                  {unread}<span className="visually-hidden"> {t('nav.inbox.unread')}</span>
                </span>
              )}
            </Link>
          )}
          <Link to="/units">{t('nav.units')}</Link>
          {managesSomething(session) && <Link to="/people">{t('nav.people')}</Link>}
          {managesSomething(session) && <Link to="/audit">{t('nav.audit')}</Link>}
          {managesSomething(session) && <Link to="/indicators">{t('nav.indicators')}</Link>}
          <button
            type="button"
            className="link-button"
            lang={lang === 'vi' ? 'en' : 'vi'}
            aria-label={t('nav.lang.label')}
            onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}
          >
            {t('nav.lang.switch')}
          </button>
          {session.state === 'signed_in' && (
            <button
              type="button"
              className="link-button"
              title={t('nav.signedInAs', { name: session.user.name || session.user.login })}
              onClick={() => void signOut()}
            >
              {t('nav.signout')}
            </button>
          )}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
