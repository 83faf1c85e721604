// "/" and the page for a path the app does not have.
import { useNavigate } from '@tanstack/react-router';
import { Link } from '../lib/link';
import { useEffect } from 'react';
import { api } from '../api/client';
import { homeUnitId, useSession } from '../api/session';
import type { LeaderDashboard, UnitDetail } from '../api/types';
import { PageHeader } from '../components/Page';
import { EmptyState, Loading } from '../components/States';
import { useI18n } from '../i18n';

const LAST_UNIT_KEY = 'nqtrack.unit';
const DEMO_UNIT = 'ba-thuoc';

export function rememberUnit(code: string): void {
  try {
    localStorage.setItem(LAST_UNIT_KEY, code);
  } catch {
    // private mode
  }
}

// A committee member's own dashboard; for others back to the last unit, else the user's own
// unit, else the demo's Bá Thước, else the tree.
export function Home() {
  const session = useSession();
  const navigate = useNavigate();
  useEffect(() => {
    let last: string | null = null;
    try {
      last = localStorage.getItem(LAST_UNIT_KEY);
    } catch {
      last = null;
    }
    const home = homeUnitId(session);
    const candidates = [last, home === null ? null : String(home), DEMO_UNIT].filter((c): c is string => !!c);
    let cancelled = false;
    (async () => {
      try {
        const leader = await api.get<LeaderDashboard>('views/leader');
        if (leader.charges.length > 0) {
          if (!cancelled) void navigate({ to: '/leader', replace: true });
          return;
        }
      } catch {
        // go on to the units
      }
      for (const candidate of candidates) {
        try {
          const unit = await api.get<UnitDetail>(`units/${encodeURIComponent(candidate)}`);
          if (!cancelled) void navigate({ to: '/units/$code', params: { code: unit.code }, replace: true });
          return;
        } catch {
          // try the next one
        }
      }
      if (!cancelled) void navigate({ to: '/units', replace: true });
    })();
    return () => {
      cancelled = true;
    };
  }, [session, navigate]);
  return <Loading />;
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <div>
      <PageHeader title={t('state.notFound.title')} />
      <EmptyState action={<Link className="button primary" to="/units">{t('nav.units')}</Link>}>{t('state.notFound.body')}</EmptyState>
    </div>
  );
}
