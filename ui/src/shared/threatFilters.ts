// The threat list's filters and order, as pure functions (unit-tested).
import type { FindingState, RiskLevel, Stride } from '../bindings';
import { FINDING_STATES, isOpen } from './lifecycle';
import { RISK_LEVELS, STRIDE } from './stride';

export interface ThreatFilters {
  /** An element id: threats affecting it. Empty: every element. */
  element: string;
  category: Stride | '';
  /** A level, 'unrated', or empty for any. */
  risk: RiskLevel | 'unrated' | '';
  /** A finding status, 'open' (any not yet closed), or empty for any. */
  status: FindingState | 'open' | '';
  /** Words that must all appear in the title, id or an affected element's name. */
  text: string;
}

export const NO_FILTERS: ThreatFilters = { element: '', category: '', risk: '', status: '', text: '' };

export function activeFilterCount(f: ThreatFilters): number {
  return (f.element ? 1 : 0) + (f.category ? 1 : 0) + (f.risk ? 1 : 0) + (f.status ? 1 : 0) + (f.text.trim() ? 1 : 0);
}

export interface ThreatRow {
  id: string;
  title: string;
  category: Stride;
  elementIds: string[];
  /** Names of the affected elements, in the threat's order. */
  assets: string[];
  /** The effective level from the core's overview (null: unrated or not known yet). */
  risk: RiskLevel | null;
  computed: RiskLevel | null;
  status: FindingState;
  overridden: boolean;
}

export type SortKey = 'id' | 'title' | 'category' | 'asset' | 'risk' | 'status';
export interface Sort {
  key: SortKey;
  /** true: descending. Risk sorts highest first by default. */
  desc: boolean;
}

export const DEFAULT_SORT: Sort = { key: 'risk', desc: true };

export function matches(row: ThreatRow, f: ThreatFilters): boolean {
  if (f.element && !row.elementIds.includes(f.element)) return false;
  if (f.category && row.category !== f.category) return false;
  if (f.risk === 'unrated' ? row.risk !== null : f.risk && row.risk !== f.risk) return false;
  if (f.status === 'open' ? !isOpen(row.status) : f.status && row.status !== f.status) return false;
  const words = f.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const hay = `${row.id} ${row.title} ${row.assets.join(' ')}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) return false;
  }
  return true;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function riskRank(r: RiskLevel | null): number {
  return r === null ? -1 : RISK_LEVELS.indexOf(r);
}

function compare(a: ThreatRow, b: ThreatRow, key: SortKey): number {
  switch (key) {
    case 'risk':
      return riskRank(a.risk) - riskRank(b.risk);
    case 'category':
      return STRIDE.indexOf(a.category) - STRIDE.indexOf(b.category);
    case 'title':
      return collator.compare(a.title, b.title);
    case 'asset':
      return collator.compare(a.assets.join(', '), b.assets.join(', '));
    case 'status':
      // In the lifecycle's order: draft first, false positive last.
      return FINDING_STATES.indexOf(a.status) - FINDING_STATES.indexOf(b.status);
    default:
      return collator.compare(a.id, b.id);
  }
}

/** The rows that pass the filters, in the chosen order (ties: by id, t2 before t10). */
export function filterAndSort(rows: readonly ThreatRow[], f: ThreatFilters, sort: Sort = DEFAULT_SORT): ThreatRow[] {
  const out = rows.filter((r) => matches(r, f));
  const dir = sort.desc ? -1 : 1;
  out.sort((a, b) => dir * compare(a, b, sort.key) || collator.compare(a.id, b.id));
  return out;
}

/** The panel's lists cover the diagram on screen or all of them. */
export const SCOPES = [
  { value: 'diagram', label: 'This diagram' },
  { value: 'all', label: 'All diagrams' },
] as const;
