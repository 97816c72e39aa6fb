// STRIDE, ratings, risk levels and statuses as the UI names and colours them.
// Pure data and mappings (unit-tested). Risk levels are never computed here:
// the core's threat overview says what each threat's level is.
import type { CellState, ElementKind, Rating, RiskLevel, Stride, ThreatStatus } from '../bindings';

export const STRIDE: readonly Stride[] = ['S', 'T', 'R', 'I', 'D', 'E'];

export const STRIDE_LABEL: Record<Stride, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Information disclosure',
  D: 'Denial of service',
  E: 'Elevation of privilege',
};

/** The six letters as segmented-control options (the full name as the tooltip). */
export const STRIDE_OPTIONS = STRIDE.map((c) => ({ value: c, label: c, title: STRIDE_LABEL[c] }));

/** Short names, for buttons. */
export const STRIDE_SHORT: Record<Stride, string> = {
  S: 'Spoofing',
  T: 'Tampering',
  R: 'Repudiation',
  I: 'Disclosure',
  D: 'Denial',
  E: 'Elevation',
};

/** STRIDE per element (Microsoft SDL), as DESIGN.md §2 and the core's `Stride::applies_to`. */
export const APPLICABLE: Record<ElementKind, readonly Stride[]> = {
  external_entity: ['S', 'R'],
  process: ['S', 'T', 'R', 'I', 'D', 'E'],
  data_store: ['T', 'R', 'I', 'D'],
  data_flow: ['T', 'I', 'D'],
  trust_boundary: [],
};

/** The categories that apply to every one of `kinds` (a threat on several
 *  elements must be valid for each), in STRIDE order. None for no kinds. */
export function applicableFor(kinds: Iterable<ElementKind>): Stride[] {
  let out: Stride[] | null = null;
  for (const k of kinds) {
    const allowed = APPLICABLE[k] ?? [];
    out = (out ?? [...STRIDE]).filter((c) => allowed.includes(c));
  }
  return out ?? [];
}

/** A pressed key to the STRIDE letter it names, if that letter is offered. */
export function letterFromKey(key: string, offered: readonly Stride[]): Stride | null {
  if (key.length !== 1) return null;
  const k = key.toUpperCase() as Stride;
  return offered.includes(k) ? k : null;
}

export const RATINGS: readonly Rating[] = ['low', 'medium', 'high'];
export const RATING_LABEL: Record<Rating, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const IMPACT_FACTORS = [
  { key: 'affected_users', label: 'Affected users' },
  { key: 'reputational', label: 'Reputational damage' },
  { key: 'financial', label: 'Financial damage' },
] as const;

export const LIKELIHOOD_FACTORS = [
  { key: 'reproducibility', label: 'Reproducibility' },
  { key: 'exploitability', label: 'Exploitability' },
  { key: 'discoverability', label: 'Discoverability' },
] as const;

export const RISK_LEVELS: readonly RiskLevel[] = ['note', 'low', 'medium', 'high', 'critical'];
export const RISK_LABEL: Record<RiskLevel, string> = {
  note: 'Note',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

export function riskLabel(level: RiskLevel | null | undefined): string {
  return level ? RISK_LABEL[level] ?? level : 'Not rated';
}

/** Risk colours: a scale that reads on a screen share (distinct hues, white
 *  text on each); grey when unrated. */
export const RISK_COLOR: Record<RiskLevel | 'unrated', string> = {
  note: '#0f766e',
  low: '#4d7c0f',
  medium: '#d97706',
  high: '#dc2626',
  critical: '#7f1d1d',
  unrated: '#94a3b8',
};

/** The badge of an element: its count and the key of its colour. */
export function badgeView(badge: { count: number; highest?: RiskLevel | null } | undefined): {
  count: number;
  level: RiskLevel | 'unrated';
  color: string;
  title: string;
} | null {
  if (!badge || !(badge.count > 0)) return null;
  const level = badge.highest && badge.highest in RISK_COLOR ? badge.highest : 'unrated';
  const n = badge.count;
  const what = `${n} threat${n === 1 ? '' : 's'}`;
  return {
    count: n,
    level,
    color: RISK_COLOR[level],
    title: level === 'unrated' ? `${what}, none rated yet` : `${what}; highest risk: ${RISK_LABEL[level]}`,
  };
}

export const STATUSES: readonly ThreatStatus[] = ['open', 'mitigated', 'accepted', 'transferred', 'not_applicable', 'false_positive'];
export const STATUS_LABEL: Record<ThreatStatus, string> = {
  open: 'Open',
  mitigated: 'Mitigated',
  accepted: 'Accepted',
  transferred: 'Transferred',
  not_applicable: 'Not applicable',
  false_positive: 'False positive',
};

/** The core's default matrix (OWASP risk rating): rows impact low→high,
 *  columns likelihood low→high. "Reset to default" writes this. */
export const DEFAULT_MATRIX: RiskLevel[][] = [
  ['note', 'low', 'medium'],
  ['low', 'medium', 'high'],
  ['medium', 'high', 'critical'],
];

export function isValidMatrix(cells: unknown): cells is RiskLevel[][] {
  return (
    Array.isArray(cells) &&
    cells.length === 3 &&
    cells.every((row) => Array.isArray(row) && row.length === 3 && row.every((c) => RISK_LEVELS.includes(c as RiskLevel)))
  );
}

export function sameMatrix(a: RiskLevel[][], b: RiskLevel[][]): boolean {
  return a.length === b.length && a.every((row, i) => row.length === b[i].length && row.every((c, j) => c === b[i][j]));
}

/** How a coverage cell shows: its state for tests, a short text, a tooltip. */
export interface CellView {
  state: CellState['state'];
  text: string;
  title: string;
  count: number;
}

export function cellView(category: Stride, cell: CellState, elementName: string): CellView {
  const cat = STRIDE_LABEL[category];
  const name = elementName.trim() || 'this element';
  switch (cell.state) {
    case 'threats': {
      const n = cell.count;
      return { state: 'threats', text: String(n), count: n, title: `${cat}: ${n} threat${n === 1 ? '' : 's'} logged on ${name}` };
    }
    case 'not_applicable':
      return { state: 'not_applicable', text: 'N/A', count: 0, title: `${cat} does not apply to ${name}: ${cell.reason}` };
    default:
      return { state: 'not_considered', text: '', count: 0, title: `${cat} on ${name}: not yet considered — click to log a threat` };
  }
}

/** "83 %" (whole percent; "—" when unknown). */
export function percentText(p: number | null | undefined): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return '—';
  // Never show 100 % unless everything is considered, never 0 % when something is.
  const r = Math.round(p);
  if (r === 100 && p < 100) return '99 %';
  if (r === 0 && p > 0) return '1 %';
  return `${r} %`;
}

/** A reference as typed ("cwe 79", "capec-94") → "CWE-79"; null if it is not a CWE or CAPEC id. */
export function normalizeReference(text: string): string | null {
  const m = /^\s*(cwe|capec)\s*[-:\s]?\s*(\d{1,6})\s*$/i.exec(text);
  return m ? `${m[1].toUpperCase()}-${m[2]}` : null;
}
