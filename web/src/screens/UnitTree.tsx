// The unit tree: search ignoring diacritics, breadcrumbs, drill-down from the top to the
// grassroots. /units shows the top level; /units/:code/tree the units under one unit.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { useEffect, useId, useState } from 'react';
import { useSession, type Session } from '../api/session';
import type { ListOf, Unit, UnitDetail, UnitKind } from '../api/types';
import { AsOfSelect } from '../components/AsOfSelect';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { EmptyState, Resolved } from '../components/States';
import { WorkbookImport, type WorkbookSpec } from '../components/WorkbookImport';
import { useI18n } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { compareVietnamese } from '../lib/fold';
import { formatDate } from '../lib/format';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Link } from '../lib/link';
import { rankUnits } from '../components/UnitSearch';

export function UnitTree({ code }: { code: string | null }) {
  const { t } = useI18n();
  const { asOf } = useAsOf();
  const q = useSearch({ strict: false, select: (search) => search.q }) ?? '';
  const navigate = useNavigate();
  const [text, setText] = useState(q);
  const inputId = useId();
  const session = useSession();

  // Keep the search in the URL (debounced) so that Back returns to the same results.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if (text !== q) void navigate({ to: '.', search: (prev) => ({ ...prev, q: text.trim() || undefined }), replace: true, resetScroll: false });
    }, 200);
    return () => window.clearTimeout(timer);
  }, [text, q, navigate]);

  return (
    <div>
      <PageHeader title={t('tree.title')} actions={<AsOfSelect />}>
        <p className="muted">{t('tree.intro')}</p>
      </PageHeader>
      <div className="card search-card">
        <label htmlFor={inputId}>{t('nav.search.label')}</label>
        <input
          id={inputId}
          type="search"
          className="input-large"
          placeholder={t('nav.search.placeholder')}
          value={text}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={`${inputId}-hint`}
          onChange={(event) => setText(event.target.value)}
        />
        <p id={`${inputId}-hint`} className="small muted">
          {t('tree.searchHint')}
        </p>
      </div>
      {q.trim() ? <SearchResults q={q.trim()} asOf={asOf} /> : code ? <Children code={code} asOf={asOf} /> : <Roots asOf={asOf} />}
      {mayAdminister(session) && (
        <Section title={t('units.import.title')} id="units-import">
          <WorkbookImport name="units" spec={UNITS_WORKBOOK} />
        </Section>
      )}
    </div>
  );
}

// New units from Excel, for those who administer some unit (the server checks each parent).
const UNITS_WORKBOOK: WorkbookSpec = {
  template: { path: 'exports/units-template.xlsx', query: {}, name: 'bieu-mau-don-vi.xlsx' },
  upload: 'imports/units.xlsx',
  count: 'created',
  texts: {
    template: 'units.import.template',
    file: 'units.import.file',
    hint: 'units.import.hint',
    submit: 'units.import.submit',
    done: 'units.import.done',
  },
};

function mayAdminister(session: Session): boolean {
  if (session.state === 'no_login') return true;
  return session.state === 'signed_in' && session.user.grants.some((g) => g.role === 'administrator');
}

// The deepest kind level: units of a kind above it may have units under them.
function useDeepestLevel(): number {
  const kinds = useQuery(apiQuery<ListOf<UnitKind>>('unit-kinds', {}, { live: false }));
  return kinds.data ? Math.max(...kinds.data.items.map((k) => k.level)) : Number.POSITIVE_INFINITY;
}

function UnitRows({ units }: { units: Unit[] }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const deepest = useDeepestLevel();
  return (
    <ul className="unit-rows">
      {units.map((unit) => (
        <li key={unit.id} data-unit={unit.code}>
          <Link to="/units/$code" params={{ code: unit.code }} search={asOfSearch} className="unit-row-name">
            {unit.name}
          </Link>
          <span className="small muted">{lang === 'vi' ? unit.kind?.name : unit.kind?.name_en}</span>
          {unit.closed_on && (
            <span className="badge small" data-closed-on={unit.closed_on}>
              {t('tree.closed', { date: formatDate(unit.closed_on, lang) })}
            </span>
          )}
          {(unit.kind?.level ?? 0) < deepest && (
            <Link to="/units/$code/tree" params={{ code: unit.code }} search={asOfSearch} className="button small" aria-label={t('tree.drill', { unit: unit.short_name })}>
              {t('common.childUnits')} ›
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

function SearchResults({ q, asOf }: { q: string; asOf: string | null }) {
  const { t } = useI18n();
  const found = useQuery(apiQuery<ListOf<Unit>>('units', { q, as_of: asOf, limit: 200 }, { live: false }));
  return (
    <Section title={found.data ? t('tree.results', { n: found.data.count }) : t('nav.search.results')} id="results">
      <Resolved resource={found}>
        {(list) =>
          list.items.length === 0 ? (
            <EmptyState>{t('nav.search.none', { q })}</EmptyState>
          ) : (
            <UnitRows units={rankUnits(list.items, q)} />
          )
        }
      </Resolved>
    </Section>
  );
}

function Children({ code, asOf }: { code: string; asOf: string | null }) {
  const { t } = useI18n();
  const unit = useQuery(apiQuery<UnitDetail>(`units/${encodeURIComponent(code)}`, { as_of: asOf }, { live: false }));
  return (
    <Resolved resource={unit}>
      {(data) => (
        <>
          <Breadcrumbs path={data.path} />
          <Section title={t('tree.children', { unit: data.short_name, n: data.children.length })} id="children">
            {data.children.length === 0 ? (
              <EmptyState>{t('tree.empty')}</EmptyState>
            ) : (
              <UnitRows units={[...data.children].sort((a, b) => compareVietnamese(a.short_name, b.short_name))} />
            )}
          </Section>
        </>
      )}
    </Resolved>
  );
}

// The top of the tree: units of the kinds with the lowest level.
function Roots({ asOf }: { asOf: string | null }) {
  const { t } = useI18n();
  const kinds = useQuery(apiQuery<ListOf<UnitKind>>('unit-kinds', {}, { live: false }));
  const top = kinds.data?.items.reduce<UnitKind | null>((best, k) => (best === null || k.level < best.level ? k : best), null);
  const roots = useQuery(apiQuery<ListOf<Unit>>(top ? 'units' : null, { kind_id: top?.id, as_of: asOf, limit: 500 }, { live: false }));
  if (kinds.error) return <Resolved resource={kinds}>{() => null}</Resolved>;
  return (
    <Section title={t('tree.roots')} id="roots">
      <Resolved resource={roots}>{(list) => <UnitRows units={list.items} />}</Resolved>
    </Section>
  );
}
