import { describe, expect, it } from 'vitest';
import { applyChange, fromSnapshot } from './model';
import { joinParts, recordParts, type PaletteItem } from './search';
import { search } from '../shared/search';
import { element, paletteSnapshot } from '../shared/paletteFixture';
import { testChange } from '../shared/testData';

const find = (items: readonly PaletteItem[], id: string) => items.find((i) => i.id === id);

describe("the palette's index over the engagement", () => {
  const model = fromSnapshot(paletteSnapshot());
  const all = joinParts(recordParts(model));

  it('lists every element, threat, session, note and person with its kind and where it lives', () => {
    expect(find(all.items, 'api')).toMatchObject({ kind: 'element', title: 'Payslip API', kindLabel: 'Process', where: 'Level 0' });
    expect(find(all.items, 'db')).toMatchObject({ kind: 'element', kindLabel: 'Data store', where: 'Payments' });
    expect(find(all.items, 'f1')).toMatchObject({ kind: 'element', where: 'Payslip API → Payslip web app · Level 0' });
    expect(find(all.items, 't1')).toMatchObject({ kind: 'threat', kindLabel: 'Threat', where: 'Information disclosure · on Payslip API' });
    // Reported to the customer: a finding, with its status.
    expect(find(all.items, 't2')).toMatchObject({ kind: 'finding', kindLabel: 'Finding', aside: 'Reported', where: 'Elevation of privilege · on Payroll DB' });
    expect(find(all.items, 'n1')).toMatchObject({ kind: 'note', title: 'Who rotates the DB credentials?', kindLabel: 'Question', where: 'Kick-off with the payroll team' });
    expect(find(all.items, 's1')).toMatchObject({ kind: 'session', kindLabel: 'Session', where: 'Scoping · 2026-11-20' });
    expect(find(all.items, 'p2')).toMatchObject({ kind: 'person', title: 'Sam Lee', where: 'Customer · Tech lead' });
    expect(find(all.items, 'd2')).toMatchObject({ kind: 'diagram', title: 'Payments', where: '1 element' });
    expect(all.items).toHaveLength(2 + 4 + 2 + 1 + 1 + 2);
  });

  it('finds records by part of their title, accents folded, best first', () => {
    const titles = (q: string) => search(all.index, q, 50).hits.map((i) => all.items[i].title);
    expect(titles('payslip api')).toEqual(['Payslip API', 'Payslip records', 'Payslip downloads are not logged']);
    // The words in the title first; then in where it lives (the flow's ends, the threat's element).
    expect(titles('payslip ap')).toEqual(['Payslip API', 'Payslip web app', 'Payslip records', 'Payslip downloads are not logged']);
    expect(titles('not logged')).toEqual(['Payslip downloads are not logged']);
    expect(titles('ozturk')).toEqual(['Maya Öztürk']);
    // The diagram, then what lives on it.
    expect(titles('payments')).toEqual(['Payments', 'Payroll DB']);
  });

  it('rebuilds only the parts whose records changed', () => {
    const before = recordParts(model);
    const renamed = applyChange(model, testChange({ version: 2, elements_put: [element('api', 'Salary API')] }));
    const after = recordParts(renamed);
    // Diagrams (their counts), elements and the threats on them (their "on …")
    // are rebuilt; sessions, notes, people kept.
    [0, 1, 2].forEach((i) => expect(after[i]).not.toBe(before[i]));
    after.slice(3).forEach((p, i) => expect(p).toBe(before[i + 3]));
    expect(find(after[2].items, 't1')?.where).toBe('Information disclosure · on Salary API');
    // Nothing changed: the very same index, and the joined one too.
    expect(recordParts(renamed)).toEqual(after);
    expect(joinParts(recordParts(renamed))).toBe(joinParts(after));
  });
});
