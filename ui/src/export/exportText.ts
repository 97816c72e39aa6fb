// The Export dialog's words and defaults, as pure functions (unit-tested):
// formats, default destinations beside the engagement file, the filter sent to
// the core, and the preview lines.
import type { DeliveryDiff, ExportFilter_Deserialize, ExportFormat, FindingState, ImageFormat, LeftOut, RiskCount, RiskLevel } from '../bindings';
import { FINDING_STATES } from '../shared/lifecycle';
import { riskLabel } from '../shared/stride';
import { VOCABULARY } from '../shared/vocabulary';
import { fileName } from '../shared/paths';

export interface FormatDef {
  id: ExportFormat;
  label: string;
  kind: string;
  detail: string;
  /** File extension; `null` for a folder. */
  ext: string | null;
  /** Names the default destination: "<engagement> — <stem> v2". */
  stem: string;
  /** The whole model for another tool: the filter and the delivery record do not apply. */
  model?: boolean;
  /** The save dialog's filter, when it differs from `ext` (".otm.json" files are JSON). */
  filterExts?: string[];
}

export const FORMATS: readonly FormatDef[] = [
  { id: 'report_pdf', label: 'Report', kind: 'PDF', detail: 'Cover, summary, approach, scope, diagrams, findings, appendices', ext: 'pdf', stem: 'report' },
  { id: 'summary_pdf', label: 'Executive summary', kind: 'PDF', detail: 'Scope, results and the top risks, a few pages', ext: 'pdf', stem: 'executive summary' },
  { id: 'summary_markdown', label: 'Executive summary', kind: 'Markdown', detail: 'The same summary as a Markdown file', ext: 'md', stem: 'executive summary' },
  { id: 'xlsx', label: 'Spreadsheet', kind: 'XLSX', detail: 'Findings, Coverage and Sessions sheets', ext: 'xlsx', stem: 'findings' },
  { id: 'jira_csv', label: 'Jira', kind: 'CSV', detail: 'One issue per finding, for Jira’s CSV importer', ext: 'csv', stem: 'Jira import' },
  { id: 'wiki_markdown', label: 'Wiki pages', kind: 'Markdown folder', detail: 'An index and one page per finding', ext: null, stem: 'wiki' },
  { id: 'diagrams_svg', label: 'Diagrams', kind: 'SVG folder', detail: 'One drawing per diagram', ext: null, stem: 'diagrams' },
  { id: 'threat_dragon', label: 'Threat Dragon', kind: 'JSON', detail: 'The whole model as a Threat Dragon v2 file: every diagram, element and threat', ext: 'json', stem: 'Threat Dragon', model: true },
  { id: 'otm_json', label: 'OTM', kind: 'JSON', detail: 'The whole model as an Open Threat Model 0.2 file (IriusRisk, startleft)', ext: 'otm.json', stem: 'model', model: true, filterExts: ['json'] },
  { id: 'otm_yaml', label: 'OTM', kind: 'YAML', detail: 'The whole model as an Open Threat Model 0.2 file, in YAML', ext: 'yaml', stem: 'model', model: true, filterExts: ['yaml', 'yml'] },
];

export function formatDef(id: ExportFormat): FormatDef {
  return FORMATS.find((f) => f.id === id) ?? FORMATS[0];
}

/** The folder of a file path, with the path's own separator ('' when none). */
export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i < 0 ? '' : path.slice(0, i);
}

function join(folder: string, name: string): string {
  if (!folder) return name;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${name}` : `${folder}${sep}${name}`;
}

/** A title made safe as a file name on every system: no separators, reserved
 *  characters or control characters; `fallback` when nothing is left. */
export function safeName(title: string, fallback: string): string {
  const cleaned = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().replace(/^[.\s]+|[.\s]+$/g, '');
  return (cleaned || fallback).slice(0, 120);
}

/** Where an export goes by default: beside the engagement file, named after it,
 *  e.g. `/work/Payslip portal — report v2.pdf` (a folder for folder formats). */
export function defaultDestination(engagementPath: string, engagementName: string, version: string, format: ExportFormat): string {
  const f = formatDef(format);
  const base = `${safeName(engagementName, 'Threat model')} — ${f.stem} v${version}`;
  return join(folderOf(engagementPath), f.ext ? `${base}.${f.ext}` : base);
}

/** A destination chosen for one format, moved to another: the folder stays,
 *  the name becomes the new format's default (a summary's name must not
 *  carry over to the spreadsheet, nor the Jira file's to the wiki folder). */
export function retarget(path: string, engagementName: string, version: string, format: ExportFormat): string {
  return join(folderOf(path), fileName(defaultDestination('', engagementName, version, format)));
}

/** The default file of one diagram beside the engagement: `<folder>/<diagram>.svg`. */
export function diagramDestination(engagementPath: string, diagramName: string, format: ImageFormat): string {
  return join(folderOf(engagementPath), `${safeName(diagramName, 'Diagram')}.${format}`);
}

export function defaultDeliveryLabel(version: string): string {
  return `Report v${version}`;
}

/** The dialog's choices. Every list holds what is ticked. */
export interface ExportChoices {
  diagramIds: string[];
  lifecycles: FindingState[];
  minRisk: RiskLevel | null;
  includeOutOfScope: boolean;
  /** Name the library entry each finding was made from (internal reviews). */
  librarySource: boolean;
}

/** What a deliverable holds unless the user chooses otherwise: the core's
 *  default filter (every finding but the false positives), on every diagram. */
export function defaultChoices(diagramIds: string[]): ExportChoices {
  const d = VOCABULARY.default_filter;
  const lifecycles = d.lifecycles.length === 0 ? [...FINDING_STATES] : [...d.lifecycles];
  return {
    diagramIds,
    lifecycles,
    minRisk: d.min_risk ?? null,
    includeOutOfScope: d.include_out_of_scope,
    librarySource: d.library_source ?? false,
  };
}

/** Everything ticked: false positives included. */
export function allChoices(diagramIds: string[]): ExportChoices {
  return { ...defaultChoices(diagramIds), lifecycles: [...FINDING_STATES], minRisk: null };
}

/** The core's filter: a list with everything ticked is sent empty ("all"), in
 *  the given order so the same choices always make the same filter. */
export function toFilter(c: ExportChoices, allDiagramIds: readonly string[]): ExportFilter_Deserialize {
  const pick = <T>(chosen: readonly T[], all: readonly T[]): T[] => (all.every((x) => chosen.includes(x)) ? [] : all.filter((x) => chosen.includes(x)));
  return {
    diagram_ids: pick(c.diagramIds, allDiagramIds),
    lifecycles: pick(c.lifecycles, FINDING_STATES),
    min_risk: c.minRisk,
    include_out_of_scope: c.includeOutOfScope,
    library_source: c.librarySource,
  };
}

/** Why the choices cannot be exported, or null. */
export function choicesProblem(c: ExportChoices): string | null {
  if (c.diagramIds.length === 0) return 'Choose at least one diagram';
  if (c.lifecycles.length === 0) return 'Choose at least one status';
  return null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "Leaves out 2 false positives · 1 on out-of-scope elements" (the core counts). */
export function leftOutLine(left: readonly LeftOut[]): string | null {
  if (left.length === 0) return null;
  return `Leaves out ${left.map((l) => `${l.count} ${l.what}`).join(' · ')}`;
}

/** "2 findings are not rated: t3 Weak SSO, t7 …" — said before exporting. */
export function unratedLine(ids: readonly string[], titleOf: (id: string) => string): string | null {
  if (ids.length === 0) return null;
  const names = ids.map((id) => `${id} ${titleOf(id)}`.trim());
  return `${plural(ids.length, 'finding is', 'findings are')} not rated and will read “Not rated”: ${names.join(', ')}`;
}

/** "12 findings: 2 critical, 3 high, 1 not rated" (levels with none left out). */
export function findingsLine(total: number, byRisk: readonly RiskCount[]): string {
  const head = plural(total, 'finding');
  const parts = byRisk.filter((r) => r.count > 0).map((r) => `${r.count} ${riskLabel(r.level).toLowerCase()}`);
  return parts.length ? `${head}: ${parts.join(', ')}` : head;
}

/** "Since Report v1 (2026-11-20): 2 new, 1 changed, 0 removed", or "First delivery". */
export function changesLine(changes: DeliveryDiff | null | undefined): string {
  if (!changes) return 'First delivery: nothing delivered to the customer yet';
  return `Since ${changes.since_label} (${changes.since_date}): ${changes.new} new, ${changes.changed} changed, ${changes.removed.length} removed`;
}

/** The line above the written path: what went where. */
export function resultLine(format: ExportFormat, files: number, findings: number): string {
  if (formatDef(format).model) return 'Exported the whole model to';
  if (format === 'diagrams_svg') return `Exported ${plural(files, 'diagram')} to`;
  if (format === 'wiki_markdown') return `Exported ${plural(findings, 'finding')} as ${plural(files, 'page')} to`;
  return `Exported ${plural(findings, 'finding')} to`;
}

/** The file names under a folder result: a few, then "and N more". */
export function fileList(files: readonly string[], shown = 4): string {
  const names = files.map(fileName);
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? `${head} and ${names.length - shown} more` : head;
}
