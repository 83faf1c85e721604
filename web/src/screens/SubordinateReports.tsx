// The reports of a unit's subordinates for one period: who sent, who was accepted or returned,
// and who has not reported; each row opens the report for review.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import type { SubordinateReports as View } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { StatusBadge } from '../components/StatusBadge';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/link';

const ORDER = ['submitted', 'returned', 'draft', 'missing', 'accepted'];

export function SubordinateReports({ code, period }: { code: string; period: string }) {
  const { t, lang } = useI18n();
  const view = useQuery(apiQuery<View>('views/reports', { unit_id: code, period }));
  return (
    <Resolved resource={view}>
      {(data) => {
        const status = (r: View['rows'][number]) => r.report?.status ?? 'missing';
        const count = (s: string) => data.rows.filter((r) => status(r) === s).length;
        const label = lang === 'vi' ? data.period.label : data.period.label_en;
        const rows = [...data.rows].sort((a, b) => ORDER.indexOf(status(a)) - ORDER.indexOf(status(b)));
        return (
          <div>
            <Breadcrumbs path={data.unit.path} tail={label} />
            <PageHeader title={`${t('reports.title')} — ${label}`}>
              <p>
                {t('reports.summary', {
                  accepted: count('accepted'),
                  submitted: count('submitted'),
                  returned: count('returned'),
                  draft: count('draft'),
                  missing: count('missing'),
                })}
              </p>
            </PageHeader>
            <Section title={data.unit.short_name} id="subordinate-reports">
              {rows.length === 0 ? (
                <EmptyState>{t('reports.empty')}</EmptyState>
              ) : (
                <div className="table-wrap" tabIndex={0} role="region" aria-label={t('reports.title')}>
                  <table className="data-table">
                    <thead>
                      <tr>
                        <th scope="col">{t('common.unit')}</th>
                        <th scope="col">{t('common.status')}</th>
                        <th scope="col">{t('reports.submittedAt')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((r) => (
                        <tr key={r.id} data-unit={r.code}>
                          <th scope="row">
                            <Link to="/units/$code/report/$period" params={{ code: r.code, period: data.period.code }}>{r.short_name}</Link>
                            <span className="block small muted">{lang === 'vi' ? r.kind_name : r.kind_name_en}</span>
                          </th>
                          <td><StatusBadge kind="report" status={status(r)} /></td>
                          <td>{formatDateTime(r.report?.submitted_at, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </Section>
          </div>
        );
      }}
    </Resolved>
  );
}
