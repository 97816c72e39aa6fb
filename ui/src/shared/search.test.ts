import { describe, expect, it } from 'vitest';
import { buildIndex, fold, joinIndexes, matchOf, normalizeQuery, search, TIER, type IndexEntry } from './search';

const index = (titles: string[], context = '') => buildIndex(titles.map((title) => ({ title, context })));
const titlesOf = (titles: string[], q: string, limit = 50) => search(index(titles), q, limit).hits.map((i) => titles[i]);

describe('fold', () => {
  it('folds case and accents, once', () => {
    expect(fold('Émile Zoë ÇA')).toBe('emile zoe ca');
    expect(fold('Données personnelles')).toBe('donnees personnelles');
    expect(normalizeQuery('  Payslip   API ')).toBe('payslip api');
  });
});

describe('search ranking', () => {
  it('puts a title that starts with the query first, then a word start, then inside a word', () => {
    const titles = ['Kiosk display', 'Daily pay run', 'Paying agent', 'Repay ledger', 'Payslip API'];
    // Prefix (shorter first), then "pay" starting a word, then inside "Repay".
    expect(titlesOf(titles, 'pay')).toEqual(['Payslip API', 'Paying agent', 'Daily pay run', 'Repay ledger']);
  });

  it('ranks every word of the query found in the title after the title containing it whole', () => {
    const titles = ['API for payslips', 'Payslip API', 'Payslip web app', 'Payroll DB'];
    expect(titlesOf(titles, 'payslip api')).toEqual(['Payslip API', 'API for payslips']);
  });

  it('finds words in the context (kind, where it lives) last', () => {
    const entries: IndexEntry[] = [
      { title: 'Orders API', context: 'Process Level 0' },
      { title: 'Level 0 notes', context: 'Note Kickoff' },
      { title: 'Billing', context: 'Process Level 0' },
    ];
    const r = search(buildIndex(entries), 'level 0', 10);
    expect(r.hits.map((i) => entries[i].title)).toEqual(['Level 0 notes', 'Billing', 'Orders API']);
    expect(search(buildIndex(entries), 'process orders', 10).hits.map((i) => entries[i].title)).toEqual(['Orders API']);
  });

  it('matches across case and accents', () => {
    expect(titlesOf(['Équipe sécurité', 'Securite reseau'], 'SECURITE')).toEqual(['Securite reseau', 'Équipe sécurité']);
    expect(titlesOf(['Équipe sécurité'], 'équipe')).toEqual(['Équipe sécurité']);
  });

  it('lists demoted entries (commands disabled now) after the others of their tier', () => {
    const idx = buildIndex([
      { title: 'Undo', context: '', demoted: true },
      { title: 'Undock panel', context: '' },
    ]);
    expect(search(idx, 'und', 10).hits).toEqual([1, 0]);
  });

  it('caps the rows shown but counts every match', () => {
    const titles = Array.from({ length: 120 }, (_, i) => `Process ${i}`);
    const r = search(index(titles), 'proc', 50);
    expect(r.hits).toHaveLength(50);
    expect(r.matched).toHaveLength(120);
    expect(search(index(titles), '   ', 50).hits).toEqual([]);
  });

  it('gives the same answer narrowing the previous matches as searching them all', () => {
    const titles = ['Payslip API', 'Payroll DB', 'Pay run', 'API gateway', 'Payslip PDF store', 'Employee', 'Paying agent API'];
    const idx = index(titles, 'process');
    let previous = null;
    for (const q of ['p', 'pa', 'pay', 'pays', 'payslip', 'payslip ', 'payslip a', 'payslip ap', 'payslip api']) {
      const narrowed = search(idx, q, 50, previous);
      expect(narrowed.hits).toEqual(search(idx, q, 50).hits);
      previous = narrowed;
    }
    // A shorter query (Backspace) searches everything again.
    expect(search(idx, 'pa', 50, previous).hits).toEqual(search(idx, 'pa', 50).hits);
  });

  it('joins indexes built apart in order', () => {
    const all = joinIndexes([index(['Export…']), index(['Export service'])]);
    expect(all.titles).toEqual(['export…', 'export service']);
    expect(search(all, 'export', 5).hits).toEqual([0, 1]);
  });

  it('says which tier a title matches in', () => {
    expect(matchOf('payslip api', '', 'pay', ['pay'])).toEqual({ tier: TIER.prefix, pos: 0 });
    expect(matchOf('the payslip', '', 'pay', ['pay'])).toEqual({ tier: TIER.wordStart, pos: 4 });
    expect(matchOf('repay', '', 'pay', ['pay'])).toEqual({ tier: TIER.inside, pos: 2 });
    expect(matchOf('api for payslips', '', 'payslip api', ['payslip', 'api'])).toEqual({ tier: TIER.words, pos: 0 });
    expect(matchOf('orders', 'process', 'process', ['process'])).toEqual({ tier: TIER.context, pos: 0 });
    expect(matchOf('orders', 'process', 'billing', ['billing'])).toBeNull();
  });
});
