// The superior's view of a cascade (GET /api/v1/rollups/cascade): a row per target of its document,
// a column per direct subordinate, each cell concretized, not applicable (with the reason) or
// missing, and each subordinate's counts. A live query: a subordinate's link or declaration shows
// here within seconds, without a reload.
import { useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { apiQuery } from '../api/queries';
import { can, useSession } from '../api/session';
import type { UnitDetail } from '../api/types';
import { Resolved } from '../components/States';
import { Section } from '../components/Page';
import { useI18n } from '../i18n';
import { formatNumber } from '../lib/format';
import { Link } from '../lib/link';
import type { CascadeMatrix as Matrix } from '../setup/CascadeEditor';

// Up to this many subordinates the matrix shows open; more (a district's communes) behind its
// summary, so the document's own items stay near.
const OPEN_UP_TO = 8;
const MARK = { covered: '✓', not_applicable: '—', missing: '✗' } as const;

// Which of `unitIds` the user manages, by each unit's path from the root (a subordinate reads its
// own unit, not always the issuer above it).
export function useManaged(unitIds: number[]): { managed: Set<number>; pending: boolean } {
  const session = useSession();
  const units = useQueries({ queries: unitIds.map((id) => apiQuery<UnitDetail>(`units/${id}`, {}, { live: false })) });
  const managed = new Set(units.flatMap((u) => (u.data && can(session, 'manage', u.data.path.map((p) => p.id)) ? [u.data.id] : [])));
  return { managed, pending: units.some((u) => u.isPending) };
}

// A manager of one of the issuer's direct subordinates gets the way to the set-up screen.
export function CascadeMatrix({ documentId, title }: { documentId: number; title: string }) {
  const { t, lang } = useI18n();
  const matrix = useQuery(apiQuery<Matrix>('rollups/cascade', { document_id: documentId }));
  const { managed } = useManaged(matrix.data?.units.map((u) => u.unit_id) ?? []);
  if (matrix.data && (matrix.data.units.length === 0 || matrix.data.targets.length === 0)) return null;
  const action: ReactNode = managed.size > 0 ? (
    <Link className="button small" to="/documents/$id/cascade" params={{ id: documentId }} aria-label={t('cascade.openFor', { title })}>{t('cascade.open')}</Link>
  ) : null;
  return (
    <Section title={t('cascade.matrix.title', { n: matrix.data?.units.length ?? 0 })} id="cascade-matrix" aside={action}>
      <Resolved resource={matrix}>
        {(m) => (
          <details className="cascade-matrix-details" open={m.units.length <= OPEN_UP_TO}>
            <summary>{t('cascade.matrix.summary', { complete: m.units.filter((u) => u.missing === 0).length, n: m.units.length })}</summary>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('cascade.matrix.caption')}>
              <table className="data-table cascade-matrix" data-cascade-matrix="">
                <caption className="small muted">{t('cascade.matrix.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('cascade.matrix.target')}</th>
                    {m.units.map((u) => {
                      const applicable = u.covered + u.missing;
                      return (
                        <th key={u.unit_id} scope="col" data-unit={u.code}>
                          {u.short_name}
                          <span className="small muted cascade-unit-count" title={t('cascade.matrix.unitDone', { covered: u.covered, na: u.not_applicable, missing: u.missing })}>
                            {' '}{formatNumber(u.covered, lang)}/{formatNumber(applicable, lang)}
                          </span>
                        </th>
                      );
                    })}
                  </tr>
                </thead>
                <tbody>
                  {m.targets.map((row) => (
                    <tr key={row.item_id} data-target={row.code}>
                      <th scope="row"><span className="code">{row.code}</span> <span className="cascade-row-title">{row.title}</span></th>
                      {row.cells.map((cell) => {
                        const label = t(`cascade.cover.${cell.cover}`);
                        const detail = cell.declaration?.reason ?? cell.lower_items.map((i) => i.code || i.title).join(', ');
                        return (
                          <td key={cell.unit_id} className={`cover-cell cover-${cell.cover}`} data-cover={cell.cover} title={detail || label}
                            data-unit={m.units.find((u) => u.unit_id === cell.unit_id)?.code}>
                            <span aria-hidden="true">{MARK[cell.cover]}</span>
                            <span className="visually-hidden">{label}{detail ? `: ${detail}` : ''}</span>
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        )}
      </Resolved>
    </Section>
  );
}
