// Lists edited in place keep their order while the page is open: a row the
// user just added or re-prioritised must not jump away under the pointer.

/** `items` in the order of `prev` (ids shown before), items not yet shown
 *  appended in `cmp` order; on first sight (`prev` empty) simply sorted. */
export function stableOrder<T extends { id: string }>(prev: readonly string[], items: readonly T[], cmp: (a: T, b: T) => number): T[] {
  const at = new Map(prev.map((id, i) => [id, i]));
  const known = items.filter((x) => at.has(x.id)).sort((a, b) => (at.get(a.id) ?? 0) - (at.get(b.id) ?? 0));
  const fresh = items.filter((x) => !at.has(x.id)).sort(cmp);
  return [...known, ...fresh];
}
