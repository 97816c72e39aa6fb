// The command palette's search per keystroke on a 10,000-element engagement
// (issue 14: under 16 ms). Types each query one key at a time, as the palette
// searches it (the previous answer narrowing the next), many times over, and
// prints the median, 95th percentile and maximum per keystroke; also the cost
// of building the index once and of rebuilding it after one edit.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../src/bindings', () => ({ commands: {}, events: {} }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: async () => null, save: async () => null }));

import { applyChange, fromSnapshot, type Model } from '../src/app/model';
import { joinParts, recordParts, type IndexPart } from '../src/app/search';
import { search, type SearchResult } from '../src/shared/search';
import { commandPart, LIMIT } from '../src/shell/CommandPalette';
import { appMenus, commandsOf, menuStateOf } from '../src/shell/commands';
import { getApp, setApp } from '../src/app/store';
import { element, note, session, threat } from '../src/shared/paletteFixture';
import { testChange, testSnapshot } from '../src/shared/testData';
import type { Element_Serialize } from '../src/bindings';

const ELEMENTS = 10_000;
const QUERIES = ['pay', 'payslip api', 'payroll db', 'kiosk', 'token', 'émployee portal 12'];
const ROUNDS = 25;

const WORDS = ['Payslip', 'Payroll', 'Employee', 'Kiosk', 'Token', 'Billing', 'Orders', 'Audit', 'Report', 'Identity', 'Pension', 'Tax'];
const SUFFIX = ['API', 'DB', 'portal', 'service', 'queue', 'store', 'gateway', 'worker', 'cache', 'admin'];

/** An engagement of `n` elements on 10 diagrams (a quarter of them flows), a
 *  threat on every third, 40 sessions of 20 notes, 30 people. */
function bigModel(n: number): Model {
  const diagrams = Array.from({ length: 10 }, (_, i) => ({ id: `d${i}`, name: `Diagram ${i}`, position: i }));
  const kinds = ['process', 'data_store', 'external_entity'] as const;
  const elements: Element_Serialize[] = [];
  for (let i = 0; i < n; i++) {
    const diagram_id = `d${i % 10}`;
    const name = `${WORDS[i % WORDS.length]} ${SUFFIX[(i * 7) % SUFFIX.length]} ${i}`;
    if (i % 4 === 3) elements.push(element(`e${i}`, `${name} data`, { diagram_id, kind: 'data_flow', source: `e${i - 1}`, target: `e${i - 2}` }));
    else elements.push(element(`e${i}`, name, { diagram_id, kind: kinds[i % 3] }));
  }
  const threats = [];
  for (let i = 0; i < n; i += 3) threats.push(threat(`t${i}`, `${WORDS[(i / 3) % WORDS.length]} records readable by another tenant ${i}`, [`e${i}`]));
  const sessions = Array.from({ length: 40 }, (_, i) => session(`s${i}`, `Follow-up ${i} on ${WORDS[i % WORDS.length]}`));
  const notes = [];
  for (let i = 0; i < 800; i++) notes.push(note(`n${i}`, `Who owns the ${WORDS[i % WORDS.length].toLowerCase()} keys? (${i})`, { session_id: `s${i % 40}` }));
  const people = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, name: `Person ${i} Ötzi`, side: i % 2 ? ('team' as const) : ('customer' as const), role: 'Engineer' }));
  return fromSnapshot(testSnapshot({ diagrams, elements, threats, sessions, notes, people }));
}

const ms = (t0: number) => performance.now() - t0;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length - 1) * p))];
};
const f = (x: number) => x.toFixed(3).padStart(8);

describe(`the palette on ${ELEMENTS} elements`, () => {
  it('searches each keystroke well under a frame', () => {
    const model = bigModel(ELEMENTS);
    setApp({ model, diagramId: 'd0' });

    let t0 = performance.now();
    const commands = commandPart(commandsOf(appMenus(menuStateOf(getApp()), [])));
    const all: IndexPart = joinParts([commands, ...recordParts(model)]);
    const build = ms(t0);

    // One element renamed: its part and the threats' are rebuilt, nothing else.
    const renamed = applyChange(model, testChange({ version: 2, elements_put: [element('e0', 'Payslip API renamed')] }));
    t0 = performance.now();
    joinParts([commands, ...recordParts(renamed)]);
    const rebuild = ms(t0);

    // The very first keystroke runs cold code (no JIT yet): timed alone, and one
    // warm-up round is left out of the figures.
    let start = performance.now();
    search(all.index, 'p', LIMIT, null);
    const cold = ms(start);
    for (const q of QUERIES) {
      let previous: SearchResult | null = null;
      for (let k = 1; k <= q.length; k++) previous = search(all.index, q.slice(0, k), LIMIT, previous);
    }

    const perQuery = new Map<string, number[]>();
    // The first key of a query searches every row; later keys only the previous matches.
    const firstKey: number[] = [];
    const every: number[] = [];
    const shown: Record<string, number> = {};
    for (let round = 0; round < ROUNDS; round++) {
      for (const q of QUERIES) {
        let previous: SearchResult | null = null;
        for (let k = 1; k <= q.length; k++) {
          const typed = q.slice(0, k);
          start = performance.now();
          const r: SearchResult = search(all.index, typed, LIMIT, previous);
          // What the palette renders: the rows of the hits.
          const rows = r.hits.map((i) => all.items[i]);
          const took = ms(start);
          previous = r;
          every.push(took);
          if (k === 1) firstKey.push(took);
          perQuery.set(q, [...(perQuery.get(q) ?? []), took]);
          if (k === q.length) shown[q] = rows.length === 0 ? 0 : r.matched.length;
        }
      }
    }

    const lines = [
      `palette search, ${ELEMENTS} elements + ${model.threats.size} threats + ${model.notes.size} notes + ${model.sessions.size} sessions + ${model.people.size} people + ${commands.items.length} commands (${all.items.length} rows indexed)`,
      `index built once: ${build.toFixed(1)} ms; after renaming one element: ${rebuild.toFixed(1)} ms; the first keystroke, cold: ${cold.toFixed(1)} ms`,
      `per keystroke (ms), ${ROUNDS} rounds:      median      p95      max   matches`,
      ...[...perQuery].map(([q, xs]) => `  ${JSON.stringify(q).padEnd(22)} ${f(pct(xs, 0.5))} ${f(pct(xs, 0.95))} ${f(Math.max(...xs))}   ${shown[q]}`),
      `  ${'all keystrokes'.padEnd(22)} ${f(pct(every, 0.5))} ${f(pct(every, 0.95))} ${f(Math.max(...every))}`,
      `  ${'first keys (full scan)'.padEnd(22)} ${f(pct(firstKey, 0.5))} ${f(pct(firstKey, 0.95))} ${f(Math.max(...firstKey))}`,
    ];
    console.log(lines.join('\n'));
    // The budget is a frame (16 ms) for search and render; search keeps far under it.
    expect(pct(every, 0.5)).toBeLessThan(16);
    expect(pct(every, 0.95)).toBeLessThan(16);
    expect(shown['payslip api']).toBeGreaterThan(0);
  });
});
