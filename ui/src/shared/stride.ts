// STRIDE, ratings and risk levels as the core names and colours them
// (its vocabulary), and pure mappings over them (unit-tested). Risk levels are
// never computed here: the core's threat overview says what each threat's level is.
import type { CellState, ElementKind, Rating, RiskLevel, Stride } from '../bindings';
import { labels, mapBy, VOCABULARY } from './vocabulary';

export const STRIDE: readonly Stride[] = VOCABULARY.stride.map((s) => s.category);

export const STRIDE_LABEL: Record<Stride, string> = labels(VOCABULARY.stride, (s) => s.category);

/** The six letters as segmented-control options (the full name as the tooltip). */
export const STRIDE_OPTIONS = STRIDE.map((c) => ({ value: c, label: c, title: STRIDE_LABEL[c] }));

/** Short names, for buttons. */
export const STRIDE_SHORT: Record<Stride, string> = mapBy(VOCABULARY.stride, (s) => s.category, (s) => s.short);

/** STRIDE per element (Microsoft SDL): the core's `Stride::applies_to`. */
export const APPLICABLE: Record<ElementKind, readonly Stride[]> = mapBy(VOCABULARY.kinds, (k) => k.kind, (k) => k.stride);

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

export const RATINGS: readonly Rating[] = VOCABULARY.ratings.map((r) => r.rating);
export const RATING_LABEL: Record<Rating, string> = labels(VOCABULARY.ratings, (r) => r.rating);

export const IMPACT_FACTORS = VOCABULARY.impact_factors as readonly { key: 'affected_users' | 'reputational' | 'financial'; label: string }[];

export const LIKELIHOOD_FACTORS = VOCABULARY.likelihood_factors as readonly { key: 'reproducibility' | 'exploitability' | 'discoverability'; label: string }[];

export const RISK_LEVELS: readonly RiskLevel[] = VOCABULARY.risk_levels.map((r) => r.level);
export const RISK_LABEL: Record<RiskLevel, string> = labels(VOCABULARY.risk_levels, (r) => r.level);

export function riskLabel(level: RiskLevel | null | undefined): string {
  return level ? RISK_LABEL[level] ?? level : VOCABULARY.unrated_label;
}

/** Risk colours: the reports' palette (the core's vocabulary); grey when unrated. */
export const RISK_COLOR: Record<RiskLevel | 'unrated', string> = {
  ...mapBy(VOCABULARY.risk_levels, (r) => r.level, (r) => r.colour),
  unrated: VOCABULARY.unrated_colour,
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

/** The core's default matrix (OWASP risk rating): rows impact low→high,
 *  columns likelihood low→high. "Reset to default" writes this. */
export const DEFAULT_MATRIX: RiskLevel[][] = VOCABULARY.default_matrix.cells;

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
