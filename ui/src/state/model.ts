// The window's copy of the engagement: built from a Snapshot, advanced only by
// the core's Change values (command results and events), never edited locally.
import type {
  Change,
  Diagram,
  Element_Deserialize,
  Element_Serialize,
  EngagementChanged,
  EngagementInfo,
  HistoryState,
  PropValue,
  Snapshot,
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
  history: History;
  /** Label of the last change this window saw ("Add process"), for the status bar. */
  lastLabel: string | null;
}

export function fromSnapshot(s: Snapshot): Model {
  const elements = new Map<string, Element>();
  for (const e of s.elements) elements.set(e.id, normalizeElement(e));
  return {
    path: s.path,
    version: s.version,
    info: s.info,
    diagrams: sortDiagrams(s.diagrams),
    elements,
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
    history: normalizeHistory(change.history),
    lastLabel: change.label,
  };
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
