import { describe, expect, it } from 'vitest';
import { activeFilterCount, filterAndSort, NO_FILTERS, type ThreatRow } from './threatFilters';

const row = (id: string, over: Partial<ThreatRow> = {}): ThreatRow => ({
  id,
  title: `Threat ${id}`,
  category: 'T',
  elementIds: ['a'],
  assets: ['Web app'],
  risk: null,
  computed: null,
  status: 'draft',
  overridden: false,
  ...over,
});

const rows = [
  row('t2', { risk: 'high', category: 'I', elementIds: ['f1'], assets: ['Sign-in'] }),
  row('t10', { risk: 'critical', status: 'mitigated' }),
  row('t3', { risk: null, category: 'S', title: 'Forged tokens' }),
  row('t4', { risk: 'low', elementIds: ['a', 'db'], assets: ['Web app', 'Payroll DB'] }),
];

const ids = (list: ThreatRow[]) => list.map((r) => r.id);

describe('threat list filters', () => {
  it('keeps everything without filters, highest risk first, unrated last', () => {
    expect(ids(filterAndSort(rows, NO_FILTERS))).toEqual(['t10', 't2', 't4', 't3']);
  });

  it('filters by element (any affected asset), category, risk, status', () => {
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, element: 'db' }))).toEqual(['t4']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, element: 'a' }))).toEqual(['t10', 't4', 't3']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, category: 'I' }))).toEqual(['t2']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, risk: 'low' }))).toEqual(['t4']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, risk: 'unrated' }))).toEqual(['t3']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, status: 'mitigated' }))).toEqual(['t10']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, category: 'T', status: 'open' }))).toEqual(['t4']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, category: 'T', status: 'draft' }))).toEqual(['t4']);
  });

  it('searches words in the id, title and asset names', () => {
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, text: 'forged' }))).toEqual(['t3']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, text: 'payroll web' }))).toEqual(['t4']);
    expect(ids(filterAndSort(rows, { ...NO_FILTERS, text: 'T10' }))).toEqual(['t10']);
  });

  it('sorts by a column either way, ties by id in natural order', () => {
    expect(ids(filterAndSort(rows, NO_FILTERS, { key: 'id', desc: false }))).toEqual(['t2', 't3', 't4', 't10']);
    expect(ids(filterAndSort(rows, NO_FILTERS, { key: 'id', desc: true }))).toEqual(['t10', 't4', 't3', 't2']);
    expect(ids(filterAndSort(rows, NO_FILTERS, { key: 'category', desc: false }))).toEqual(['t3', 't4', 't10', 't2']);
  });

  it('counts active filters', () => {
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
    expect(activeFilterCount({ ...NO_FILTERS, risk: 'unrated', text: ' x ' })).toBe(2);
  });
});
