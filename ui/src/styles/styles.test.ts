// The stylesheets' house rules, read from the files on disk: one :root (in
// styles/tokens.css), no raw colour anywhere else, every var() defined, CSS
// imported only from main.tsx in the documented order, no file over ~600 lines;
// the risk palette is the core's (vocabulary.json), set by palette.ts alone.
import { describe, expect, it } from 'vitest';
import vocabulary from '../vocabulary.json';
import { applyPalette, RISK_VARIABLES } from './palette';

const css = import.meta.glob<string>('/src/**/*.css', { query: '?raw', import: 'default', eager: true });
const sources = import.meta.glob<string>(['/src/**/*.ts', '/src/**/*.tsx', '!/src/**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

const TOKENS = '/src/styles/tokens.css';
const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '');
/** A hex colour (also %23-encoded, as in a data: URL), or an rgb()/hsl() call. */
const RAW_COLOUR = /(?:#|%23)[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/gi;

describe('stylesheets', () => {
  it('are all found', () => {
    expect(Object.keys(css)).toContain(TOKENS);
    expect(Object.keys(css).length).toBeGreaterThan(8);
  });

  it('hold no raw colour outside tokens.css', () => {
    const found = Object.entries(css)
      .filter(([file]) => file !== TOKENS)
      .flatMap(([file, text]) => (stripComments(text).match(RAW_COLOUR) ?? []).map((m) => `${file}: ${m}`));
    expect(found).toEqual([]);
  });

  it('have one :root, in tokens.css', () => {
    const roots = Object.entries(css).flatMap(([file, text]) =>
      (stripComments(text).match(/:root\b/g) ?? []).map(() => file),
    );
    expect(roots).toEqual([TOKENS]);
  });

  it('use only variables that are defined (tokens, local ones, the risk palette, React Flow)', () => {
    const all = Object.values(css).map(stripComments).join('\n');
    const defined = new Set([...all.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]));
    const used = new Set([...all.matchAll(/var\(\s*(--[\w-]+)/g)].map((m) => m[1]));
    const undefinedVars = [...used].filter((v) => !defined.has(v) && !v.startsWith('--risk-') && !v.startsWith('--xy-'));
    expect(undefinedVars).toEqual([]);
  });

  it('stay under ~600 lines each', () => {
    const long = Object.entries(css)
      .map(([file, text]) => [file, text.split('\n').length] as const)
      .filter(([, lines]) => lines > 650);
    expect(long).toEqual([]);
  });

  it('are imported from main.tsx only, tokens first, then base', () => {
    const importsCss = /^import\s+['"]([^'"]+\.css)['"];?$/gm;
    const elsewhere = Object.entries(sources)
      .filter(([file]) => file !== '/src/main.tsx')
      .flatMap(([file, text]) => [...text.matchAll(importsCss)].map((m) => `${file}: ${m[1]}`));
    expect(elsewhere).toEqual([]);
    const own = [...sources['/src/main.tsx'].matchAll(importsCss)].map((m) => m[1]).filter((p) => p.startsWith('./'));
    expect(own.slice(0, 2)).toEqual(['./styles/tokens.css', './styles/base.css']);
    // Every stylesheet of ui/src is imported, once.
    const files = Object.keys(css).map((f) => f.replace(/^\/src\//, './')).sort();
    expect([...own].sort()).toEqual(files);
  });
});

/** A colour literal as r,g,b,a (hex of 3, 4, 6 or 8 digits, or rgb()/rgba()). */
function canonical(literal: string): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(literal);
  if (hex) {
    const h = hex[1].length <= 4 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
    const a = h.length === 8 ? parseInt(h.slice(6, 8), 16) / 255 : 1;
    return [r, g, b, +a.toFixed(3)].join(',');
  }
  const [r, g, b, a = 1] = literal.replace(/^rgba?\(|\)$/g, '').split(/[\s,/]+/).filter(Boolean).map(Number);
  return [r, g, b, a].join(',');
}

describe('the risk palette', () => {
  const expected: Record<string, string> = Object.fromEntries([
    ...vocabulary.risk_levels.map((r) => [`--risk-${r.level}`, r.colour]),
    ['--risk-unrated', vocabulary.unrated_colour],
  ]);

  it("is the core's: palette.ts sets exactly the vocabulary's colours", () => {
    expect(RISK_VARIABLES).toEqual(expected);
    const set: Record<string, string> = {};
    applyPalette({ setProperty: (name: string, value: string | null) => void (set[name] = value ?? '') });
    expect(set).toEqual(expected);
    // The reports' Note colour, not the app's old teal.
    expect(set['--risk-note']).toBe('#4a6fa5');
  });

  it('is hard-coded in no stylesheet, and tokens.css does not define it', () => {
    const risk = new Set(Object.values(expected).map(canonical));
    const found = Object.entries(css).flatMap(([file, text]) =>
      (stripComments(text).match(/#[0-9a-f]{3,8}\b|rgba?\([^)]*\)/gi) ?? [])
        .filter((m) => risk.has(canonical(m)))
        .map((m) => `${file}: ${m}`),
    );
    expect(found).toEqual([]);
    expect(stripComments(css[TOKENS]).match(/--risk-[\w-]*\s*:/g)).toBeNull();
  });

  it('is what the stylesheets use for every level, and nothing else is called --risk-', () => {
    const all = Object.values(css).map(stripComments).join('\n');
    const used = new Set([...all.matchAll(/var\(\s*(--risk-[\w-]+)/g)].map((m) => m[1]));
    expect([...used].sort()).toEqual(Object.keys(expected).sort());
  });
});
