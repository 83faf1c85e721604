// The unit's path from the root, each step a link to its overview.
import type { PathStep } from '../api/types';
import { useI18n } from '../i18n';
import { Link } from '../lib/link';
import { useAsOf } from '../lib/asOf';

export function Breadcrumbs({ path, tail }: { path: PathStep[]; tail?: string }) {
  const { t } = useI18n();
  const { asOfSearch } = useAsOf();
  return (
    <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
      <ol>
        <li>
          <Link to="/units">{t('nav.units')}</Link>
        </li>
        {path.map((step, index) => (
          <li key={step.id}>
            {index === path.length - 1 && !tail ? (
              <span aria-current="page">{step.name}</span>
            ) : (
              <Link to="/units/$code" params={{ code: step.code }} search={asOfSearch}>{step.name}</Link>
            )}
          </li>
        ))}
        {tail && (
          <li>
            <span aria-current="page">{tail}</span>
          </li>
        )}
      </ol>
    </nav>
  );
}
