// The window's copy of the engagement: built from a Snapshot, advanced only by
// the core's Change values (command results and events), never edited locally.
import type {
  Change,
  Change_Serialize,
  ChecklistAnswer_Serialize,
  Component,
  CustomQuestion,
  Diagram,
  Element_Deserialize,
  Element_Serialize,
  EngagementChanged,
  EngagementInfo,
  Dismissal,
  HistoryState,
  NotApplicable,
  Note_Serialize,
  Person,
  PropValue,
  Session_Serialize,
  Snapshot,
  Snapshot_Serialize,
  Threat_Serialize,
  UndoScope,
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
  /** A line boundary's points (two or more); absent or empty for every other element. */
  points?: { x: number; y: number }[];
}

/** What undo and redo would do now in one undo scope. */
export interface ScopeHistory {
  undo: string | null;
  redo: string | null;
}

/** Per undo scope: each view undoes only its own kind of change (see intents/history.ts). */
export type History = Record<UndoScope, ScopeHistory>;

export const UNDO_SCOPES: readonly UndoScope[] = ['diagram', 'notes', 'scoping', 'findings'];

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
    points: pointsOf((e as { points?: unknown }).points),
  };
}

/** A line boundary's points with real numbers; anything else gives no points. */
function pointsOf(v: unknown): { x: number; y: number }[] {
  if (!Array.isArray(v)) return [];
  const out: { x: number; y: number }[] = [];
  for (const p of v) {
    const q = p as { x?: unknown; y?: unknown } | null;
    if (q && typeof q.x === 'number' && typeof q.y === 'number' && Number.isFinite(q.x) && Number.isFinite(q.y)) out.push({ x: q.x, y: q.y });
  }
  return out.length >= 2 ? out : [];
}

/** A trust boundary drawn as a line rather than a box. */
export function isLine(e: Pick<Element, 'kind' | 'points'>): boolean {
  return e.kind === 'trust_boundary' && (e.points?.length ?? 0) >= 2;
}

/** A threat as the UI holds it: every field present (the generated type allows
 *  some to be missing). Fields this UI does not know are kept, so an edit sends
 *  them back unchanged. */
export type Threat = Threat_Serialize;


function normalizeHistory(h: HistoryState | null | undefined): History {
  const of = (scope: UndoScope): ScopeHistory => {
    const s = h?.[scope];
    return { undo: s?.undo ?? null, redo: s?.redo ?? null };
  };
  return { diagram: of('diagram'), notes: of('notes'), scoping: of('scoping'), findings: of('findings') };
}

export type Session = Session_Serialize;
export type Note = Note_Serialize;

/** Every record kind the window mirrors besides the diagrams and elements: one
 *  map each, keyed by id. A new record kind is one line here and one in `WIRE`. */
export interface Records {
  threats: Map<string, Threat>;
  /** Not-applicable marks by `<element id>:<letter>`. */
  notApplicable: Map<string, NotApplicable>;
  /** Dismissed suggestions by key. */
  dismissals: Map<string, Dismissal>;
  people: Map<string, Person>;
  components: Map<string, Component>;
  sessions: Map<string, Session>;
  notes: Map<string, Note>;
  questions: Map<string, CustomQuestion>;
  answers: Map<string, ChecklistAnswer_Serialize>;
}

/** Each record kind's name on the wire: `Snapshot[name]`, `Change[name_put]`, `Change[name_removed]`. */
const WIRE = {
  threats: 'threats',
  notApplicable: 'not_applicable',
  dismissals: 'dismissals',
  people: 'people',
  components: 'components',
  sessions: 'sessions',
  notes: 'notes',
  questions: 'questions',
  answers: 'answers',
} as const satisfies { [K in keyof Records]: keyof Snapshot_Serialize };

type Wire = { id: string };
const KINDS = Object.keys(WIRE) as (keyof Records)[];

function recordsOf(s: Snapshot_Serialize): Records {
  const out = {} as Record<keyof Records, Map<string, unknown>>;
  for (const k of KINDS) {
    const m = new Map<string, unknown>();
    for (const t of (s[WIRE[k]] ?? []) as Wire[]) m.set(t.id, t);
    out[k] = m;
  }
  return out as unknown as Records;
}

function patchRecords(r: Records, c: Change_Serialize): Records {
  const out = {} as Record<keyof Records, Map<string, unknown>>;
  for (const k of KINDS) {
    const put = c[`${WIRE[k]}_put`] as Wire[] | undefined;
    const removed = c[`${WIRE[k]}_removed`] as string[] | undefined;
    out[k] = patch(r[k] as Map<string, unknown>, put, removed, same);
  }
  return out as unknown as Records;
}

const same = <T>(t: T) => t;

export interface Model extends Records {
  path: string;
  version: number;
  info: EngagementInfo;
  /** Sorted by tab position. */
  diagrams: Diagram[];
  /** Element objects are never mutated: an unchanged element keeps its identity,
   *  which lets the canvas reuse its React Flow node (so does every record). */
  elements: Map<string, Element>;
  history: History;
  /** Label of the last change this window saw ("Add process"), for the status bar. */
  lastLabel: string | null;
}

/** The core sends every field (the `_Serialize` side of the bindings). */
export function fromSnapshot(snapshot: Snapshot): Model {
  const s = snapshot as Snapshot_Serialize;
  const elements = new Map<string, Element>();
  for (const e of s.elements) elements.set(e.id, normalizeElement(e));
  return {
    ...recordsOf(s),
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
  | { kind: 'reload' }; // a version is missing, nothing is loaded, or another engagement was opened (no change)

export function stepChange(model: Model | null, change: Change | null | undefined): Step {
  if (model === null || !change) return { kind: 'reload' };
  if (change.version <= model.version) return { kind: 'skip' };
  if (change.version !== model.version + 1) return { kind: 'reload' };
  return { kind: 'apply', model: applyChange(model, change) };
}

export function stepEvent(model: Model | null, payload: EngagementChanged): Step {
  return stepChange(model, payload.change);
}

/** Applies one change (the caller has checked the version follows). */
export function applyChange(model: Model, change: Change): Model {
  const c = change as Change_Serialize;
  let diagrams = model.diagrams;
  if (c.diagrams_put.length > 0 || c.diagrams_removed.length > 0) {
    const byId = new Map(diagrams.map((d) => [d.id, d]));
    for (const id of c.diagrams_removed) byId.delete(id);
    for (const d of c.diagrams_put) byId.set(d.id, d);
    diagrams = sortDiagrams([...byId.values()]);
  }
  return {
    ...model,
    ...patchRecords(model, c),
    version: c.version,
    info: c.info ?? model.info,
    diagrams,
    elements: patch(model.elements, c.elements_put, c.elements_removed, normalizeElement),
    history: normalizeHistory(c.history),
    lastLabel: c.label,
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
