// The "as of" date every figure is computed for, kept in the URL (?as_of=2021-12-31) so that a
// link shows the same figures to whoever opens it. Absent: today.
import { useLocation, withParams } from './router';
import { todayIso } from './format';

export function useAsOf(): { asOf: string | null; effective: string; link: (path: string) => string } {
  const { query } = useLocation();
  const raw = query.get('as_of');
  const asOf = raw && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? raw : null;
  return {
    asOf,
    effective: asOf ?? todayIso(),
    link: (path: string) => {
      if (!asOf) return path;
      const [base = path, search = ''] = path.split('?');
      return withParams(base, new URLSearchParams(search), { as_of: asOf });
    },
  };
}
