// The "as of" date every figure is computed for, kept in the URL (?as_of=2021-12-31, checked by
// the root route in src/routes.tsx) so that a link shows the same figures to whoever opens it.
// Absent: today. Links to other pages of figures pass `search={asOfSearch}` to keep it.
import { useSearch } from '@tanstack/react-router';
import { todayIso } from './format';

export function useAsOf(): { asOf: string | null; effective: string; asOfSearch: { as_of?: string } } {
  const asOf = useSearch({ from: '__root__', select: (search) => search.as_of }) ?? null;
  return { asOf, effective: asOf ?? todayIso(), asOfSearch: asOf ? { as_of: asOf } : {} };
}
