// The stylesheets' house rules, read from the files on disk: one :root (in
// styles/tokens.css), no raw colour anywhere else, every var() defined, CSS
// imported only from main.tsx in the documented order, no file over ~600 lines.
import { describe, expect, it } from 'vitest';

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
