// The Import dialog's report as the user reads it: rendered to markup (no
// browser), then read back — the format, every count, the lines grouped
// Mapped / Defaulted / Kept / Dropped with their counts, and a refusal.
import { describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ImportPreview, ImportReport } from '../bindings';
import { ImportContent, ImportReportView } from './ImportReportView';
import { addLine, counts, createLine, formatLine, groups, IMPORT_FILTERS, lineText } from './importText';

const REPORT: ImportReport = {
  format: 'tm7',
  version: '4.3',
  diagrams: 1,
  entities: 1,
  processes: 1,
  stores: 2,
  flows: 6,
  boundaries: 2,
  threats: 43,
  // Deliberately out of order: the grouping, not the core's sort, orders them.
  lines: [
    { outcome: 'kept', text: "stencil property 'Azure Storage Type' → property", count: 2 },
    { outcome: 'mapped', text: 'connector → data flow', count: 6 },
    { outcome: 'defaulted', text: 'threat without a priority → not rated', count: 3 },
    { outcome: 'mapped', text: 'threat instance → threat', count: 43 },
  ],
};

const render = (report: ImportReport) => renderToStaticMarkup(createElement(ImportReportView, { report }));
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#x27;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();

/** The inner text of each element whose attribute `attr` is `value`, in order. */
function byAttr(html: string, attr: string, value: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<(\\w+)[^>]*\\b${attr}="${value}"[^>]*>`, 'g');
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const tag = m[1];
    let depth = 1;
    let i = m.index + m[0].length;
    const open = new RegExp(`<${tag}\\b|</${tag}>`, 'g');
    open.lastIndex = i;
    for (let n = open.exec(html); n; n = open.exec(html)) {
      depth += n[0].startsWith('</') ? -1 : 1;
      if (depth === 0) {
        out.push(text(html.slice(i, n.index)));
        i = -1;
        break;
      }
    }
    if (i !== -1) throw new Error(`unclosed <${tag}>`);
  }
  return out;
}

describe('the import report', () => {
  it('names the format and its version', () => {
    expect(byAttr(render(REPORT), 'data-testid', 'import-format')).toEqual(['Microsoft Threat Modeling Tool model, version 4.3']);
    expect(formatLine({ format: 'threat_dragon', version: '' })).toBe('Threat Dragon model');
    expect(formatLine({ format: 'otm', version: ' 0.2.0 ' })).toBe('OTM model, version 0.2.0');
  });

  it('shows every count, singular and plural, zeros too', () => {
    const html = render({ ...REPORT, entities: 0 });
    const shown = ['diagrams', 'entities', 'processes', 'stores', 'flows', 'boundaries', 'threats'].map((k) => byAttr(html, 'data-testid', `import-count-${k}`)[0]);
    expect(shown).toEqual(['1 diagram', '0 external entities', '1 process', '2 data stores', '6 data flows', '2 trust boundaries', '43 threats']);
    expect(html).toMatch(/data-testid="import-count-entities" data-n="0"|data-n="0"[^>]*data-testid="import-count-entities"/);
    expect(counts({ ...REPORT, boundaries: 1, threats: 1 }).map((c) => c.label).slice(-2)).toEqual(['1 trust boundary', '1 threat']);
  });

  it('groups the lines Mapped, Defaulted, Kept, Dropped, each line with its count', () => {
    const html = render(REPORT);
    const order = [...html.matchAll(/data-testid="import-group-(\w+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['mapped', 'defaulted', 'kept', 'dropped']);
    const mapped = byAttr(html, 'data-testid', 'import-group-mapped')[0];
    expect(mapped).toContain('6 × connector → data flow');
    expect(mapped).toContain('43 × threat instance → threat');
    expect(mapped).not.toContain('stencil property');
    expect(byAttr(html, 'data-testid', 'import-total-mapped')).toEqual(['49']);
    expect(byAttr(html, 'data-testid', 'import-total-kept')).toEqual(['2']);
    expect(byAttr(html, 'data-testid', 'import-group-defaulted')[0]).toContain('3 × threat without a priority → not rated');
    // A line seen once reads without "1 ×".
    expect(lineText({ outcome: 'kept', text: 'a note', count: 1 })).toBe('a note');
    expect(byAttr(html, 'data-testid', 'import-line')).toHaveLength(4);
  });

  it('says "Dropped: nothing" when nothing was lost, and lists what was when something was', () => {
    expect(byAttr(render(REPORT), 'data-testid', 'import-group-dropped')).toEqual(['Dropped: nothing']);
    const lossy = render({ ...REPORT, lines: [...REPORT.lines, { outcome: 'dropped', text: 'an image stencil (no element holds pictures)', count: 2 }] });
    const dropped = byAttr(lossy, 'data-testid', 'import-group-dropped')[0];
    expect(dropped).toContain('2 × an image stencil');
    expect(dropped).not.toContain('nothing');
    expect(byAttr(lossy, 'data-testid', 'import-total-dropped')).toEqual(['2']);
  });

  it('leaves out the groups that hold nothing, except Dropped', () => {
    const only = { ...REPORT, lines: [{ outcome: 'mapped' as const, text: 'x', count: 1 }] };
    expect(groups(only).map((g) => g.outcome)).toEqual(['mapped', 'dropped']);
    expect(groups({ ...REPORT, lines: [] }).map((g) => [g.outcome, g.total])).toEqual([['dropped', 0]]);
  });

  it('renders names as text, never as markup', () => {
    const html = render({ ...REPORT, lines: [{ outcome: 'kept', text: '<img src=x onerror=alert(1)>', count: 1 }] });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
});

describe('the dialog body', () => {
  const preview: ImportPreview = { path: '/home/ana/models/MTMT_MVP.tm7', title: 'MVP', destination: '/home/ana/models/MTMT_MVP-2.threatmodel', report: REPORT };
  const body = (p: Partial<Parameters<typeof ImportContent>[0]>) =>
    renderToStaticMarkup(createElement(ImportContent, { mode: 'new', preview: null, error: null, reading: false, engagementName: 'Payslip portal', ...p }));

  it('shows a refusal as its one line, and no report', () => {
    const refusal = 'This file is a zip archive, not a model: expected a Threat Dragon v2 JSON file, an OTM file (JSON or YAML) or a Microsoft Threat Modeling Tool .tm7 file';
    const html = body({ error: refusal, preview });
    expect(byAttr(html, 'data-testid', 'import-error')).toEqual([refusal]);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('import-report');
    expect(html).not.toContain('import-note');
  });

  it('shows the report, then where the new engagement goes (the source untouched)', () => {
    const html = body({ preview });
    expect(html).toContain('data-testid="import-report"');
    expect(byAttr(html, 'data-testid', 'import-note')).toEqual(['Creates MTMT_MVP-2.threatmodel in /home/ana/models; MTMT_MVP.tm7 itself is not changed.']);
  });

  it('into this engagement: says what is added, as one step', () => {
    const html = body({ preview, mode: 'into' });
    expect(byAttr(html, 'data-testid', 'import-note')).toEqual(['Adds 1 diagram to Payslip portal as new tabs: one step, undone with Ctrl+Z.']);
    expect(addLine({ ...REPORT, diagrams: 3 }, '  ')).toBe('Adds 3 diagrams to this engagement as new tabs: one step, undone with Ctrl+Z.');
  });

  it('before a file is read, says nothing is written yet', () => {
    expect(byAttr(body({}), 'data-testid', 'import-empty')[0]).toMatch(/^Nothing is written until you confirm/);
    expect(byAttr(body({ reading: true }), 'data-testid', 'import-empty')).toEqual(['Reading the file…']);
  });
});

describe('file names', () => {
  it('names the file the core chose, and the source it leaves untouched', () => {
    expect(createLine('C:\\models\\td.json', 'C:\\models\\td.threatmodel')).toBe('Creates td.threatmodel in C:\\models; td.json itself is not changed.');
    expect(createLine('td.json', 'td.threatmodel')).toBe('Creates td.threatmodel beside it; td.json itself is not changed.');
  });

  it('the picker offers every format an import reads', () => {
    expect(IMPORT_FILTERS[0].extensions).toEqual(expect.arrayContaining(['json', 'yaml', 'yml', 'tm7']));
  });
});
