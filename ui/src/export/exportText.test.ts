import { describe, expect, it } from 'vitest';
import type { RiskCount } from '../bindings';
import {
  allChoices,
  changesLine,
  choicesProblem,
  defaultDeliveryLabel,
  defaultDestination,
  diagramDestination,
  fileList,
  findingsLine,
  folderOf,
  FORMATS,
  resultLine,
  retarget,
  safeName,
  toFilter,
} from './exportText';

describe('default destinations', () => {
  it('go beside the engagement file, named after it and the version', () => {
    const path = '/home/ana/Threatloom/payslip.threatmodel';
    expect(defaultDestination(path, 'Payslip portal', '2', 'report_pdf')).toBe('/home/ana/Threatloom/Payslip portal — report v2.pdf');
    expect(defaultDestination(path, 'Payslip portal', '1', 'xlsx')).toBe('/home/ana/Threatloom/Payslip portal — findings v1.xlsx');
    expect(defaultDestination(path, 'Payslip portal', '1', 'jira_csv')).toBe('/home/ana/Threatloom/Payslip portal — Jira import v1.csv');
    expect(defaultDestination(path, 'Payslip portal', '3', 'summary_markdown')).toBe('/home/ana/Threatloom/Payslip portal — executive summary v3.md');
  });

  it('are folders for the wiki and the diagrams', () => {
    expect(defaultDestination('/d/x.threatmodel', 'Acme', '1', 'wiki_markdown')).toBe('/d/Acme — wiki v1');
    expect(defaultDestination('/d/x.threatmodel', 'Acme', '1', 'diagrams_svg')).toBe('/d/Acme — diagrams v1');
  });

  it('keep Windows paths Windows-shaped', () => {
    expect(defaultDestination('C:\\Users\\ana\\x.threatmodel', 'Acme', '1', 'report_pdf')).toBe('C:\\Users\\ana\\Acme — report v1.pdf');
    expect(folderOf('C:\\Users\\ana\\x.threatmodel')).toBe('C:\\Users\\ana');
    expect(folderOf('x.threatmodel')).toBe('');
    expect(defaultDestination('x.threatmodel', 'Acme', '1', 'xlsx')).toBe('Acme — findings v1.xlsx');
  });

  it('never carry separators or reserved characters from the name', () => {
    expect(safeName('Acme / payments: "v2" <beta>', 'x')).toBe('Acme payments v2 beta');
    expect(safeName('../../etc', 'x')).toBe('etc');
    expect(safeName('Q3 review.', 'x')).toBe('Q3 review');
    expect(safeName('  \n ', 'Threat model')).toBe('Threat model');
    expect(defaultDestination('/d/x.threatmodel', '', '1', 'report_pdf')).toBe('/d/Threat model — report v1.pdf');
  });

  it('follow the format when the user typed their own', () => {
    expect(retarget('/tmp/out.pdf', 'xlsx')).toBe('/tmp/out.xlsx');
    expect(retarget('/tmp/out', 'jira_csv')).toBe('/tmp/out.csv');
    expect(retarget('/tmp/out.csv', 'wiki_markdown')).toBe('/tmp/out');
    expect(retarget('/tmp/notes.txt', 'report_pdf')).toBe('/tmp/notes.txt.pdf');
  });

  it('name a diagram file after the diagram', () => {
    expect(diagramDestination('/d/x.threatmodel', 'Context: payroll', 'svg')).toBe('/d/Context payroll.svg');
    expect(diagramDestination('/d/x.threatmodel', '', 'png')).toBe('/d/Diagram.png');
  });

  it('offer every format the core writes, once', () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(7);
    expect(defaultDeliveryLabel('2')).toBe('Report v2');
  });
});

describe('the filter sent to the core', () => {
  const diagrams = ['d1', 'd2'];

  it('is empty ("all") when everything is ticked', () => {
    expect(toFilter(allChoices(diagrams), diagrams)).toEqual({
      diagram_ids: [],
      statuses: [],
      lifecycles: [],
      min_risk: null,
      include_out_of_scope: false,
    });
  });

  it('lists what is ticked, in a stable order', () => {
    const c = { ...allChoices(['d2']), statuses: ['mitigated', 'open'] as const, minRisk: 'high' as const, includeOutOfScope: true };
    const f = toFilter({ ...c, statuses: [...c.statuses] }, diagrams);
    expect(f.diagram_ids).toEqual(['d2']);
    expect(f.statuses).toEqual(['open', 'mitigated']);
    expect(f.lifecycles).toEqual([]);
    expect(f.min_risk).toBe('high');
    expect(f.include_out_of_scope).toBe(true);
  });

  it('says why nothing ticked cannot be exported', () => {
    expect(choicesProblem(allChoices(diagrams))).toBeNull();
    expect(choicesProblem({ ...allChoices([]) })).toMatch(/diagram/);
    expect(choicesProblem({ ...allChoices(diagrams), statuses: [] })).toMatch(/status/);
    expect(choicesProblem({ ...allChoices(diagrams), lifecycles: [] })).toMatch(/finding state/);
  });
});

describe('preview lines', () => {
  const byRisk: RiskCount[] = [
    { level: 'critical', count: 2 },
    { level: 'high', count: 3 },
    { level: 'medium', count: 0 },
    { level: 'low', count: 1 },
    { level: 'note', count: 0 },
    { level: null, count: 1 },
  ];

  it('count findings by level, leaving out empty levels', () => {
    expect(findingsLine(7, byRisk)).toBe('7 findings: 2 critical, 3 high, 1 low, 1 not rated');
    expect(findingsLine(1, [{ level: 'low', count: 1 }])).toBe('1 finding: 1 low');
    expect(findingsLine(0, [])).toBe('0 findings');
  });

  it('say what changed since the last delivery, or that there was none', () => {
    expect(changesLine(null)).toMatch(/^First delivery/);
    expect(
      changesLine({
        since_label: 'Report v1',
        since_date: '2026-11-20',
        new: 2,
        changed: 1,
        unchanged: 4,
        removed: [{ id: 't9', title: 'Gone' }],
      }),
    ).toBe('Since Report v1 (2026-11-20): 2 new, 1 changed, 1 removed');
  });

  it('say what an export wrote', () => {
    expect(resultLine('report_pdf', 1, 12)).toBe('Exported 12 findings to');
    expect(resultLine('wiki_markdown', 13, 12)).toBe('Exported 12 findings as 13 pages to');
    expect(resultLine('diagrams_svg', 1, 0)).toBe('Exported 1 diagram to');
    expect(fileList(['/a/index.md', '/a/t1.md'])).toBe('index.md, t1.md');
    expect(fileList(['/a/1', '/a/2', '/a/3', '/a/4', '/a/5', '/a/6'])).toBe('1, 2, 3, 4 and 2 more');
  });
});
