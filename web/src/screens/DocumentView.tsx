// A guiding document as its tree of items (goals, targets, key programs, breakthroughs, key
// tasks, key works), with the cascade links up and down and the coverage of the upper targets.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { can, useSession } from '../api/session';
import type { Coverage, DocumentTree, LinkedItem, TreeItem } from '../api/types';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { PageHeader, Section } from '../components/Page';
import { ProgressBar } from '../components/ProgressBar';
import { EmptyState, Resolved } from '../components/States';
import { isMessageKey, kindLabel, useI18n } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { formatDate, formatNumber } from '../lib/format';
import { periodLabel } from '../lib/period';
import { Link } from '../lib/link';
import { CascadeMatrix } from './CascadeMatrix';

export function DocumentView({ id }: { id: number }) {
  const doc = useQuery(apiQuery<DocumentTree>(`documents/${id}/tree`, {}, { live: false }));
  return <Resolved resource={doc}>{(data) => <DocumentBody doc={data} />}</Resolved>;
}

function collect(items: TreeItem[], pick: (item: TreeItem) => LinkedItem[]): Map<number, string> {
  const out = new Map<number, string>();
  const walk = (list: TreeItem[]) => {
    for (const item of list) {
      for (const link of pick(item)) out.set(link.document_id, link.document_title);
      walk(item.children);
    }
  };
  walk(items);
  return out;
}

function DocumentBody({ doc }: { doc: DocumentTree }) {
  const { t, lang } = useI18n();
  // The issuer's path comes with the document: a district reads the province's resolution without
  // reading the province itself.
  const issuerPath = doc.issuer_path;
  const issuer = issuerPath.length > 0 ? issuerPath[issuerPath.length - 1] : null;
  const session = useSession();
  const manages = can(session, 'manage', issuerPath.map((p) => p.id));
  const uppers = collect(doc.items, (item) => item.links_up);
  const lowers = collect(doc.items, (item) => item.links_down);
  uppers.delete(doc.id);
  lowers.delete(doc.id);
  const span = doc.period_from === doc.period_to ? periodLabel(doc.period_from, lang)
    : `${periodLabel(doc.period_from, lang)} – ${periodLabel(doc.period_to, lang)}`;
  return (
    <div>
      {issuer && <Breadcrumbs path={issuerPath} tail={doc.number || kindLabel(t, 'doc', doc.kind, doc.kind_label)} />}
      <PageHeader title={doc.title} eyebrow={<p className="eyebrow">{kindLabel(t, 'doc', doc.kind, doc.kind_label)}</p>}>
        <dl className="facts">
          <div><dt>{t('doc.number')}</dt><dd>{doc.number || '—'}</dd></div>
          <div><dt>{t('doc.issued')}</dt><dd>{formatDate(doc.issued_on, lang)}</dd></div>
          <div><dt>{t('doc.span')}</dt><dd>{span}</dd></div>
          {issuer && (
            <div><dt>{t('common.unit')}</dt><dd><Link to="/units/$code" params={{ code: issuer.code }}>{doc.issuer_name || issuer.name}</Link></dd></div>
          )}
          {doc.theme && <div><dt>{t('doc.theme')}</dt><dd>“{doc.theme}”</dd></div>}
        </dl>
        {manages && (
          <p><Link className="button" to="/documents/$id/edit" params={{ id: doc.id }}>{t('setup.doc.editLink')}</Link></p>
        )}
      </PageHeader>
      {(uppers.size > 0 || lowers.size > 0) && (
        <Section title={t('doc.coverage.title')} id="coverage">
          {[...uppers.entries()].map(([upperId, title]) => (
            <CoverageBlock key={`u${upperId}`} upperId={upperId} lowerId={doc.id} upperTitle={title} linkId={upperId}
              cascade={manages} />
          ))}
          {lowers.size > 0 && <h3 className="subhead">{t('doc.coverage.below')}</h3>}
          {[...lowers.entries()].map(([lowerId, title]) => (
            <CoverageBlock key={`l${lowerId}`} upperId={doc.id} lowerId={lowerId} upperTitle={doc.title} lowerTitle={title} linkId={lowerId} />
          ))}
        </Section>
      )}
      {uppers.size === 0 && lowers.size === 0 && (
        <p className="muted small">{t('doc.coverage.none')}</p>
      )}
      <CascadeMatrix documentId={doc.id} title={doc.title} />
      <Section title={t('doc.items', { n: doc.item_count })} id="items">
        {doc.items.length === 0 ? <EmptyState>{t('doc.itemsEmpty')}</EmptyState> : <ItemTree items={doc.items} />}
      </Section>
    </div>
  );
}

function ItemTree({ items }: { items: TreeItem[] }) {
  return (
    <ul className="item-tree">
      {items.map((item) => (
        <ItemNode key={item.id} item={item} />
      ))}
    </ul>
  );
}

function LinkList({ label, links }: { label: string; links: LinkedItem[] }) {
  const { t } = useI18n();
  const { asOfSearch } = useAsOf();
  if (links.length === 0) return null;
  return (
    <div className="item-links small">
      <span className="muted">{label}:</span>
      <ul>
        {links.map((l) => {
          const kindKey = `link.${l.link_kind}`;
          return (
            <li key={l.link_id}>
              <Link to="/documents/$id" params={{ id: l.document_id }} search={asOfSearch} hash={`item-${l.item_id}`}>
                {l.code} — {l.title}
              </Link>{' '}
              <span className="muted">
                ({isMessageKey(kindKey) ? t(kindKey) : l.link_kind}; {l.document_title})
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function ItemNode({ item }: { item: TreeItem }) {
  const { t } = useI18n();
  const { asOfSearch } = useAsOf();
  return (
    <li id={`item-${item.id}`} className={`item kind-${item.kind}`}>
      <div className="item-head">
        <span className="item-kind">{kindLabel(t, 'item', item.kind, item.kind_label)}</span>
        <span className="code">{item.code}</span>
        <span className="item-title">{item.title}</span>
        {item.measure && (
          <Link className="button small" to="/targets/$id" params={{ id: item.id }} search={asOfSearch}>
            {t('doc.openTarget')}
          </Link>
        )}
      </div>
      <LinkList label={t('doc.linksUp')} links={item.links_up} />
      <LinkList label={t('doc.linksDown')} links={item.links_down} />
      {item.children.length > 0 && <ItemTree items={item.children} />}
    </li>
  );
}

function CoverageBlock({ upperId, lowerId, upperTitle, lowerTitle, linkId, cascade }: {
  upperId: number; lowerId: number; upperTitle: string; lowerTitle?: string; linkId: number; cascade?: boolean;
}) {
  const { t, lang } = useI18n();
  const coverage = useQuery(apiQuery<Coverage>('rollups/coverage', { upper_document_id: upperId, lower_document_id: lowerId }, { live: false }));
  return (
    <div className="coverage">
      <Resolved resource={coverage}>
        {(c) => {
          const applicable = c.upper_targets - c.not_applicable;
          const share = applicable > 0 ? (100 * c.covered) / applicable : 100;
          return (
            <>
              <p>
                <Link to="/documents/$id" params={{ id: linkId }}>{lowerTitle ?? upperTitle}</Link>
                {cascade && <>{' '}<Link className="button small" to="/documents/$id/cascade" params={{ id: upperId }} search={{ lower: String(lowerId) }}
                  aria-label={t('cascade.openFor', { title: upperTitle })}>{t('cascade.open')}</Link></>}
              </p>
              <p className="coverage-summary">
                {t('doc.coverage.summary', {
                  covered: formatNumber(c.covered, lang),
                  total: formatNumber(c.upper_targets, lang),
                  na: formatNumber(c.not_applicable, lang),
                  upper: upperTitle,
                })}
              </p>
              <ProgressBar value={share} tone={c.uncovered.length ? 'orange' : 'green'} label={t('doc.coverage.title')} />
              {c.uncovered.length === 0 ? (
                <p className="small muted">{t('doc.coverage.complete')}</p>
              ) : (
                <details open={c.uncovered.length <= 8}>
                  <summary>{t('doc.coverage.uncovered', { n: c.uncovered.length })}</summary>
                  <ul className="small">
                    {c.uncovered.map((u) => (
                      <li key={u.item_id}>
                        <Link to="/documents/$id" params={{ id: upperId }} hash={`item-${u.item_id}`}>
                          {u.code} — {u.title}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </>
          );
        }}
      </Resolved>
    </div>
  );
}
