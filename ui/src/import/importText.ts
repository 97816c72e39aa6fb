// The Import dialog's words, as pure functions (unit-tested): the format line,
// the counts, the report's lines grouped by outcome, the file filter, and
// where a new engagement goes.
import type { Format, ImportReport, Outcome, ReportLine } from '../bindings';
import { fileName } from '../shared/paths';

export const FORMAT_LABEL: Record<Format, string> = {
  threat_dragon: 'Threat Dragon',
  otm: 'OTM',
  tm7: 'Microsoft Threat Modeling Tool',
  pytm: 'pytm',
};

export const OUTCOMES: readonly Outcome[] = ['mapped', 'defaulted', 'kept', 'dropped'];

export const OUTCOME_LABEL: Record<Outcome, string> = {
  mapped: 'Mapped',
  defaulted: 'Defaulted',
  kept: 'Kept',
  dropped: 'Dropped',
};

/** What each group means, under its heading. */
export const OUTCOME_HINT: Record<Outcome, string> = {
  mapped: 'read into Threatloom’s own fields',
  defaulted: 'missing in the file: a default was used',
  kept: 'no field of ours holds it: kept as a property or note',
  dropped: 'lost',
};

/** The file picker's filter: every format an import reads. */
export const IMPORT_FILTERS = [
  { name: 'Threat models (Threat Dragon, OTM, Microsoft Threat Modeling Tool, pytm)', extensions: ['json', 'yaml', 'yml', 'otm', 'tm7'] },
  { name: 'All files', extensions: ['*'] },
];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Microsoft Threat Modeling Tool model, version 4.3" (no version when the file says none). */
export function formatLine(report: Pick<ImportReport, 'format' | 'version'>): string {
  const label = FORMAT_LABEL[report.format] ?? String(report.format);
  const version = report.version.trim();
  return version ? `${label} model, version ${version}` : `${label} model`;
}

export interface Count {
  key: 'diagrams' | 'entities' | 'processes' | 'stores' | 'flows' | 'boundaries' | 'threats';
  n: number;
  label: string;
}

/** The counts, every one shown (a 0 says something too). */
export function counts(report: ImportReport): Count[] {
  const c = (key: Count['key'], one: string, many?: string): Count => ({ key, n: report[key], label: plural(report[key], one, many) });
  return [
    c('diagrams', 'diagram'),
    c('entities', 'external entity', 'external entities'),
    c('processes', 'process', 'processes'),
    c('stores', 'data store'),
    c('flows', 'data flow'),
    c('boundaries', 'trust boundary', 'trust boundaries'),
    c('threats', 'threat'),
  ];
}

export interface Group {
  outcome: Outcome;
  label: string;
  hint: string;
  lines: ReportLine[];
  /** Everything the group's lines count (a line seen 14 times counts 14). */
  total: number;
}

/** The report's lines by outcome, in the order Mapped, Defaulted, Kept,
 *  Dropped. Dropped is always there (empty: "nothing"); the others only when
 *  they hold a line. */
export function groups(report: ImportReport): Group[] {
  return OUTCOMES.map((outcome) => {
    const lines = report.lines.filter((l) => l.outcome === outcome);
    return {
      outcome,
      label: OUTCOME_LABEL[outcome],
      hint: OUTCOME_HINT[outcome],
      lines,
      total: lines.reduce((sum, l) => sum + l.count, 0),
    };
  }).filter((g) => g.lines.length > 0 || g.outcome === 'dropped');
}

/** "14 × flow protocol 'HTTPS' → Protocol", or the text alone when it happened once. */
export function lineText(line: ReportLine): string {
  return line.count > 1 ? `${line.count} × ${line.text}` : line.text;
}

function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

/** "Creates MTMT_MVP.threatmodel in /home/ana/models; MTMT_MVP.tm7 itself is
 *  not changed." `destination` is the core's choice of file. */
export function createLine(source: string, destination: string): string {
  const folder = folderOf(destination);
  const where = folder ? ` in ${folder}` : ' beside it';
  return `Creates ${fileName(destination)}${where}; ${fileName(source.trim())} itself is not changed.`;
}

/** "Adds 2 diagrams to Payslip portal as new tabs, one step to undo." */
export function addLine(report: ImportReport, engagementName: string): string {
  const name = engagementName.trim() || 'this engagement';
  return `Adds ${plural(report.diagrams, 'diagram')} to ${name} as new tabs: one step, undone with Ctrl+Z.`;
}
