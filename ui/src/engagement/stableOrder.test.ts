import { describe, expect, it } from 'vitest';
import { stableOrder } from './stableOrder';

const item = (id: string, name: string) => ({ id, name });
const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

describe('stableOrder', () => {
  it('sorts on first sight, then keeps rows where they are and appends new ones', () => {
    const first = stableOrder([], [item('c', 'Payroll'), item('a', 'Auth')], byName);
    expect(first.map((x) => x.id)).toEqual(['a', 'c']);
    // A component added, named "Billing": it goes last, not between the two.
    const next = stableOrder(first.map((x) => x.id), [item('c', 'Payroll'), item('a', 'Auth'), item('b', 'Billing')], byName);
    expect(next.map((x) => x.id)).toEqual(['a', 'c', 'b']);
    // Renamed so it would sort first: it stays put; a removed one just goes.
    const renamed = stableOrder(next.map((x) => x.id), [item('c', 'Accounts'), item('b', 'Billing')], byName);
    expect(renamed.map((x) => x.id)).toEqual(['c', 'b']);
  });
});
