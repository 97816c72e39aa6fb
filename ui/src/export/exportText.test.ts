import { describe, expect, it } from 'vitest';
import type { RiskCount } from '../bindings';
import {
  allChoices,
  changesLine,
  defaultChoices,
  leftOutLine,
  unratedLine,
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

  it('keep the chosen folder but take the new format\'s own name', () => {
    expect(retarget('/tmp/executive-summary.pdf', 'Acme', '2', 'xlsx')).toBe('/tmp/Acme — findings v2.xlsx');
    expect(retarget('/tmp/jira.csv', 'Acme', '2', 'wiki_markdown')).toBe('/tmp/Acme — wiki v2');
    expect(retarget('C:\\out\\x.pdf', '', '1', 'jira_csv')).toBe('C:\\out\\Threat model — Jira import v1.csv');
  });

  it('name a diagram file after the diagram', () => {
    expect(diagramDestination('/d/x.threatmodel', 'Context: payroll', 'svg')).toBe('/d/Context payroll.svg');
    expect(diagramDestination('/d/x.threatmodel', '', 'png')).toBe('/d/Diagram.png');
  });

  it('offer every format the core writes, once', () => {
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(10);
    expect(FORMATS).toHaveLength(10);
    expect(defaultDeliveryLabel('2')).toBe('Report v2');
  });

  it('write the models for other tools with their own extensions, the whole model', () => {
    const path = '/home/ana/Threatloom/payslip.threatmodel';
    expect(defaultDestination(path, 'Payslip portal', '1', 'threat_dragon')).toBe('/home/ana/Threatloom/Payslip portal — Threat Dragon v1.json');
    expect(defaultDestination(path, 'Payslip portal', '1', 'otm_json')).toBe('/home/ana/Threatloom/Payslip portal — model v1.otm.json');
    expect(defaultDestination(path, 'Payslip portal', '1', 'otm_yaml')).toBe('/home/ana/Threatloom/Payslip portal — model v1.yaml');
    expect(retarget('/tmp/x.otm.json', 'Acme', '2', 'otm_yaml')).toBe('/tmp/Acme — model v2.yaml');
    const models = FORMATS.filter((f) => f.model).map((f) => f.id);
    expect(models).toEqual(['threat_dragon', 'otm_json', 'otm_yaml']);
    expect(resultLine('threat_dragon', 1, 0)).toBe('Exported the whole model to');
    expect(resultLine('xlsx', 1, 3)).toBe('Exported 3 findings to');
  });
});

describe('the filter sent to the core', () => {
  const diagrams = ['d1', 'd2'];

  it('leaves out false positives by default, as the core does', () => {
    const f = toFilter(defaultChoices(diagrams), diagrams);
    expect(f.lifecycles).not.toContain('false_positive');
    expect(f.lifecycles).toContain('mitigated');
    expect(leftOutLine([{ count: 2, what: 'false positives' }, { count: 1, what: 'threat on an out-of-scope element' }])).toBe(
      'Leaves out 2 false positives · 1 threat on an out-of-scope element',
    );
    expect(leftOutLine([])).toBeNull();
    expect(unratedLine(['t3', 't7'], (id) => (id === 't3' ? 'Weak SSO' : 'Replay'))).toBe(
      '2 findings are not rated and will read “Not rated”: t3 Weak SSO, t7 Replay',
    );
    expect(unratedLine([], () => '')).toBeNull();
  });

  it('is empty ("all") when everything is ticked', () => {
    expect(toFilter(allChoices(diagrams), diagrams)).toEqual({
      diagram_ids: [],
      lifecycles: [],
      min_risk: null,
      include_out_of_scope: false,
      library_source: false,
    });
  });

  it('names library entries only when asked: never by default', () => {
    expect(defaultChoices(diagrams).librarySource).toBe(false);
    expect(toFilter({ ...defaultChoices(diagrams), librarySource: true }, diagrams).library_source).toBe(true);
  });

  it('lists what is ticked, in a stable order', () => {
    const c = { ...allChoices(['d2']), lifecycles: ['mitigated', 'draft'] as const, minRisk: 'high' as const, includeOutOfScope: true };
    const f = toFilter({ ...c, lifecycles: [...c.lifecycles] }, diagrams);
    expect(f.diagram_ids).toEqual(['d2']);
    expect(f.lifecycles).toEqual(['draft', 'mitigated']);
    expect(f.min_risk).toBe('high');
    expect(f.include_out_of_scope).toBe(true);
  });

  it('says why nothing ticked cannot be exported', () => {
    expect(choicesProblem(allChoices(diagrams))).toBeNull();
    expect(choicesProblem({ ...allChoices([]) })).toMatch(/diagram/);
    expect(choicesProblem({ ...allChoices(diagrams), lifecycles: [] })).toMatch(/status/);
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
