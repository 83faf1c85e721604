// The route tree: which page a URL opens with which parameters, what the search parameters keep
// and drop, and the URLs the app's links build (plain text, never JSON).
import { createMemoryHistory, isNotFound } from '@tanstack/react-router';
import { describe, expect, it } from 'vitest';
import { newRouter } from './routes';

const router = newRouter(createMemoryHistory({ initialEntries: ['/'] }));

// The deepest match of a URL: the page it opens.
function open(href: string) {
  const matches = router.matchRoutes(router.parseLocation(createMemoryHistory({ initialEntries: [href] }).location));
  return matches[matches.length - 1]!;
}

describe('routes', () => {
  it('opens each page with its typed parameters', () => {
    expect(open('/units/ba-thuoc-ban-cong/report/2021')).toMatchObject({ routeId: '/units/$code/report/$period', params: { code: 'ba-thuoc-ban-cong', period: '2021' } });
    expect(open('/units/ba-thuoc/tree')).toMatchObject({ routeId: '/units/$code/tree', params: { code: 'ba-thuoc' } });
    expect(open('/units/ba-thuoc')).toMatchObject({ routeId: '/units/$code' });
    expect(open('/documents/12/edit')).toMatchObject({ routeId: '/documents/$id/edit', params: { id: 12 } });
    expect(open('/documents/new')).toMatchObject({ routeId: '/documents/new' });
    expect(open('/obligations/new')).toMatchObject({ routeId: '/obligations/new' });
    expect(open('/people/7')).toMatchObject({ routeId: '/people/$id', params: { id: 7 } });
    expect(open('/documents/4/cascade?lower=9')).toMatchObject({ routeId: '/documents/$id/cascade', params: { id: 4 }, search: { lower: '9' } });
    expect(open('/documents/4/cascade?lower=x').search).not.toHaveProperty('lower', 'x');
  });

  it('takes a path it does not have, or a number that is not one, for a page that does not exist', () => {
    expect(open('/nowhere/at/all').routeId).toBe('__root__');
    const wrongId = open('/targets/abc');
    expect(wrongId.routeId).toBe('/targets/$id');
    expect(isNotFound(wrongId.paramsError)).toBe(true);
  });

  it('keeps the search parameters the page knows and drops a value it refuses', () => {
    const duty = open('/obligations/3?unit=ba-thuoc&filter=bogus&as_of=2021-12-31&q=%C4%90i%E1%BB%81n');
    expect(duty.search).toMatchObject({ unit: 'ba-thuoc', as_of: '2021-12-31', q: 'Điền' });
    expect(duty.search).not.toHaveProperty('filter', 'bogus');
    expect(open('/obligations/3?filter=not_done').search).toMatchObject({ filter: 'not_done' });
    expect(open('/units?as_of=yesterday').search).not.toHaveProperty('as_of', 'yesterday');
    expect(open('/obligations/new?unit=12&item=5').search).toMatchObject({ unit: '12', item: '5' });
  });

  it('builds plain URLs for links', () => {
    expect(router.buildLocation({ to: '/obligations/$id', params: { id: 3 }, search: { unit: 'ba-thuoc', q: 'Điền' } }).href)
      .toBe('/obligations/3?unit=ba-thuoc&q=%C4%90i%E1%BB%81n');
    expect(router.buildLocation({ to: '/obligations/new', search: { unit: '12', item: '5' } }).href).toBe('/obligations/new?unit=12&item=5');
    expect(router.buildLocation({ to: '/documents/$id', params: { id: 4 }, hash: 'item-9' }).href).toBe('/documents/4#item-9');
  });
});
