// The window's copy of the engagement: built from a Snapshot, advanced only by
// the core's Change values (command results and events), never edited locally.
import type {
  Change,
  Diagram,
  Element_Deserialize,
  Element_Serialize,
  EngagementChanged,
  EngagementInfo,
  Dismissal,
  HistoryState,
  NotApplicable,
  PropValue,
  Snapshot,
  Threat_Deserialize,
  Threat_Serialize,
} from '../bindings';

/** A rectangle with real numbers (the generated type allows null, which is how
 *  JSON carries a non-finite float; the UI treats that as 0). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An element as the UI holds it: the core's element with its optional fields filled in. */
export interface Element {
  id: string;
  diagram_id: string;
  kind: Element_Serialize['kind'];
  name: string;
  description: string;
  rect: Rect;
  source: string | null;
  target: string | null;
  props: { [key: string]: PropValue };
}

export interface History {
  undo: string | null;
  redo: string | null;
}

function num(v: number | null | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function normalizeElement(e: Element_Serialize | Element_Deserialize): Element {
  const r = e.rect ?? { x: 0, y: 0, width: 0, height: 0 };
  return {
    id: String(e.id),
    diagram_id: String(e.diagram_id),
    kind: e.kind,
    name: typeof e.name === 'string' ? e.name : '',
    description: typeof e.description === 'string' ? e.description : '',
    rect: { x: num(r.x, 0), y: num(r.y, 0), width: Math.max(1, num(r.width, 1)), height: Math.max(1, num(r.height, 1)) },
    source: e.source ?? null,
    target: e.target ?? null,
    props: e.props ?? {},
  };
}

/** A threat as the UI holds it: every field present (the generated type allows
 *  some to be missing). Fields this UI does not know are kept, so an edit sends
 *  them back unchanged. */
export type Threat = Threat_Serialize;

export function normalizeThreat(t: Threat_Deserialize | Threat_Serialize): Threat {
  const impact = t.impact ?? { rationale: '' };
  const likelihood = t.likelihood ?? { rationale: '' };
  return {
    ...t,
    id: String(t.id),
    element_ids: Array.isArray(t.element_ids) ? t.element_ids.map(String) : [],
    title: typeof t.title === 'string' ? t.title : '',
    scenario: typeof t.scenario === 'string' ? t.scenario : '',
    impact: {
      ...impact,
      affected_users: impact.affected_users ?? null,
      reputational: impact.reputational ?? null,
      financial: impact.financial ?? null,
      rationale: typeof impact.rationale === 'string' ? impact.rationale : '',
    },
    likelihood: {
      ...likelihood,
      reproducibility: likelihood.reproducibility ?? null,
      exploitability: likelihood.exploitability ?? null,
      discoverability: likelihood.discoverability ?? null,
      rationale: typeof likelihood.rationale === 'string' ? likelihood.rationale : '',
    },
    risk_override: t.risk_override ?? null,
    recommended_actions: Array.isArray(t.recommended_actions) ? t.recommended_actions : [],
    status: t.status ?? 'open',
    references: Array.isArray(t.references) ? t.references : [],
    origin: t.origin ?? { type: 'manual' },
    // Passed back untouched (the core keeps provenance on edits anyway).
    source: (t.source ?? null) as Threat['source'],
    lifecycle: t.lifecycle ?? 'draft',
    lifecycle_history: Array.isArray(t.lifecycle_history) ? t.lifecycle_history : [],
    comments: Array.isArray(t.comments) ? t.comments : [],
  };
}

function normalizeHistory(h: HistoryState | null | undefined): History {
  return { undo: h?.undo ?? null, redo: h?.redo ?? null };
}

export interface Model {
  path: string;
  version: number;
  info: EngagementInfo;
  /** Sorted by tab position. */
  diagrams: Diagram[];
  /** Element objects are never mutated: an unchanged element keeps its identity,
   *  which lets the canvas reuse its React Flow node. */
  elements: Map<string, Element>;
  /** Threats by id; like elements, an unchanged threat keeps its identity. */
  threats: Map<string, Threat>;
  /** Not-applicable marks by `<element id>:<letter>`. */
  notApplicable: Map<string, NotApplicable>;
  /** Dismissed suggestions by key. */
  dismissals: Map<string, Dismissal>;
  history: History;
  /** Label of the last change this window saw ("Add process"), for the status bar. */
  lastLabel: string | null;
}

export function fromSnapshot(s: Snapshot): Model {
  const elements = new Map<string, Element>();
  for (const e of s.elements) elements.set(e.id, normalizeElement(e));
  const threats = new Map<string, Threat>();
  for (const t of s.threats ?? []) threats.set(t.id, normalizeThreat(t));
  return {
    path: s.path,
    version: s.version,
    info: s.info,
    diagrams: sortDiagrams(s.diagrams),
    elements,
    threats,
    notApplicable: new Map((s.not_applicable ?? []).map((n) => [n.id, n])),
    dismissals: new Map((s.dismissals ?? []).map((d) => [d.id, d])),
    history: normalizeHistory(s.history),
    lastLabel: null,
  };
}

function sortDiagrams(ds: Diagram[]): Diagram[] {
  return [...ds].sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));
}

/** What to do with a Change that arrived (as a command result or an event). */
export type Step =
  | { kind: 'apply'; model: Model }
  | { kind: 'skip' } // already have it (the duplicate of result + event), or it changed nothing
  | { kind: 'reload' }; // a version is missing: ask for a fresh snapshot

export function stepChange(model: Model, change: Change): Step {
  if (change.version <= model.version) return { kind: 'skip' };
  if (change.version !== model.version + 1) return { kind: 'reload' };
  return { kind: 'apply', model: applyChange(model, change) };
}

export function stepEvent(model: Model | null, payload: EngagementChanged): Step {
  if (model === null || !payload.change) return { kind: 'reload' };
  return stepChange(model, payload.change);
}

/** Applies one change (the caller has checked the version follows). */
export function applyChange(model: Model, change: Change): Model {
  let elements = model.elements;
  if (change.elements_put.length > 0 || change.elements_removed.length > 0) {
    elements = new Map(elements);
    for (const id of change.elements_removed) elements.delete(id);
    for (const e of change.elements_put) elements.set(e.id, normalizeElement(e));
  }
  let diagrams = model.diagrams;
  if (change.diagrams_put.length > 0 || change.diagrams_removed.length > 0) {
    const byId = new Map(diagrams.map((d) => [d.id, d]));
    for (const id of change.diagrams_removed) byId.delete(id);
    for (const d of change.diagrams_put) byId.set(d.id, d);
    diagrams = sortDiagrams([...byId.values()]);
  }
  return {
    ...model,
    version: change.version,
    info: change.info ?? model.info,
    diagrams,
    elements,
    threats: patch(model.threats, change.threats_put, change.threats_removed, normalizeThreat),
    notApplicable: patch(model.notApplicable, change.not_applicable_put, change.not_applicable_removed, (n) => n),
    dismissals: patch(model.dismissals, change.dismissals_put, change.dismissals_removed, (d) => d),
    history: normalizeHistory(change.history),
    lastLabel: change.label,
  };
}

/** A copy of `map` with `put` set and `removed` deleted; `map` itself when nothing changed. */
function patch<T extends { id: string }, U>(
  map: Map<string, U>,
  put: readonly T[] | undefined,
  removed: readonly string[] | undefined,
  norm: (t: T) => U,
): Map<string, U> {
  if (!put?.length && !removed?.length) return map;
  const next = new Map(map);
  for (const id of removed ?? []) next.delete(id);
  for (const t of put ?? []) next.set(t.id, norm(t));
  return next;
}

/** The elements of one diagram, in a stable order: boundaries first (drawn behind),
 *  larger boundaries before the smaller ones they may hold. */
export function elementsOf(elements: Map<string, Element>, diagramId: string): Element[] {
  const out: Element[] = [];
  for (const e of elements.values()) if (e.diagram_id === diagramId) out.push(e);
  return out;
}

export interface Counts {
  externalEntities: number;
  processes: number;
  dataStores: number;
  flows: number;
  boundaries: number;
}

export function countKinds(list: Element[]): Counts {
  const c: Counts = { externalEntities: 0, processes: 0, dataStores: 0, flows: 0, boundaries: 0 };
  for (const e of list) {
    switch (e.kind) {
      case 'external_entity':
        c.externalEntities++;
        break;
      case 'process':
        c.processes++;
        break;
      case 'data_store':
        c.dataStores++;
        break;
      case 'data_flow':
        c.flows++;
        break;
      case 'trust_boundary':
        c.boundaries++;
        break;
    }
  }
  return c;
}

/** The diagram to show after a model change: keep the current one if it still exists. */
export function pickDiagram(model: Model, current: string | null): string | null {
  if (current !== null && model.diagrams.some((d) => d.id === current)) return current;
  return model.diagrams[0]?.id ?? null;
}
