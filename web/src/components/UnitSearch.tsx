// Finds a unit by name or code, ignoring diacritics and case ("ba thuoc" → Bá Thước), as an
// ARIA combobox: type, move with the arrow keys, Enter opens the highlighted unit (or the first).
import { useNavigate } from '@tanstack/react-router';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client';
import type { ListOf, Unit } from '../api/types';
import { useI18n } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { foldVietnamese } from '../lib/fold';

const DEBOUNCE_MS = 150;
const LIMIT = 12;

// Best matches first: the short name itself, then names starting with the query, then the rest.
export function rankUnits(units: Unit[], query: string): Unit[] {
  const q = foldVietnamese(query.trim());
  const score = (u: Unit) => {
    const short = foldVietnamese(u.short_name);
    if (short === q) return 0;
    if (short.startsWith(q)) return 1;
    if (foldVietnamese(u.name).includes(q)) return 2;
    return 3;
  };
  return [...units].sort((a, b) => score(a) - score(b) || (a.kind?.level ?? 9) - (b.kind?.level ?? 9));
}

export function UnitSearch({ autoFocus = false, id: givenId }: { autoFocus?: boolean; id?: string }) {
  const { t, lang } = useI18n();
  const { asOfSearch } = useAsOf();
  const navigate = useNavigate();
  const generatedId = useId();
  const id = givenId ?? generatedId;
  const listId = `${id}-list`;
  const [text, setText] = useState('');
  const [results, setResults] = useState<Unit[] | null>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const query = text.trim();
    if (!query) {
      setResults(null);
      return;
    }
    const controller = new AbortController();
    setBusy(true);
    const timer = window.setTimeout(() => {
      api
        .get<ListOf<Unit>>('units', { q: query, limit: 200 }, controller.signal)
        .then((list) => {
          setResults(rankUnits(list.items, query).slice(0, LIMIT));
          setActive(-1);
          setBusy(false);
        })
        .catch(() => setBusy(false));
    }, DEBOUNCE_MS);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [text]);

  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const choose = (unit: Unit) => {
    setOpen(false);
    setText('');
    setActive(-1);
    void navigate({ to: '/units/$code', params: { code: unit.code }, search: asOfSearch });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = results?.length ?? 0;
    if (event.key === 'ArrowDown' && count) {
      event.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % count);
    } else if (event.key === 'ArrowUp' && count) {
      event.preventDefault();
      setActive((a) => (a <= 0 ? count - 1 : a - 1));
    } else if (event.key === 'Enter' && results && count) {
      event.preventDefault();
      choose(results[Math.max(active, 0)]!);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  const showList = open && text.trim() !== '';
  return (
    <div className="unit-search" ref={root}>
      <label htmlFor={id} className="visually-hidden">
        {t('nav.search.label')}
      </label>
      <input
        id={id}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={t('nav.search.placeholder')}
        aria-expanded={showList}
        aria-controls={showList ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={showList && active >= 0 ? `${listId}-${active}` : undefined}
        value={text}
        autoFocus={autoFocus}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <ul id={listId} role="listbox" aria-label={t('nav.search.results')} className="unit-search-list">
          {results === null || (busy && results.length === 0) ? (
            <li className="unit-search-note" role="presentation">
              {t('nav.search.searching')}
            </li>
          ) : results.length === 0 ? (
            <li className="unit-search-note" role="presentation">
              {t('nav.search.none', { q: text.trim() })}
            </li>
          ) : (
            results.map((unit, index) => (
              <li
                key={unit.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => choose(unit)}
              >
                <span className="unit-search-name">{unit.name}</span>
                <span className="unit-search-kind">{lang === 'vi' ? unit.kind?.name : unit.kind?.name_en}</span>
              </li>
            ))
          )}
        </ul>
      )}
    </div>
  );
}
