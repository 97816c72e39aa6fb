// Intents on diagrams and their elements: each write is one op through `apply`;
// the model changes only from the core's answer.
import type { ElementKind, PropValue } from '../../bindings';
import { DEFAULT_NAMES } from '../../shared/kinds';
import type { Rect } from '../model';
import { apply } from '../sync';
import { canvasApi } from '../canvasApi';
import { getApp, selectDiagram, setApp } from '../store';

export const DEFAULT_SIZES: Record<Exclude<ElementKind, 'data_flow'>, { width: number; height: number }> = {
  external_entity: { width: 170, height: 68 },
  process: { width: 124, height: 124 },
  data_store: { width: 180, height: 64 },
  trust_boundary: { width: 420, height: 300 },
};

export type NodeKind = Exclude<ElementKind, 'data_flow'>;

/** Adds an element centred on `at` (canvas coordinates), then opens its name editor. */
export async function addElement(kind: NodeKind, at: { x: number; y: number }): Promise<void> {
  const s = getApp();
  if (!s.model || !s.diagramId) return;
  const size = DEFAULT_SIZES[kind];
  let x = Math.round(at.x - size.width / 2);
  let y = Math.round(at.y - size.height / 2);
  // Repeated palette clicks must not stack elements exactly on top of each other.
  const taken = new Set<string>();
  for (const e of s.model.elements.values()) {
    if (e.diagram_id === s.diagramId && e.kind === kind) taken.add(`${e.rect.x},${e.rect.y}`);
  }
  for (let i = 0; i < 50 && taken.has(`${x},${y}`); i++) {
    x += 28;
    y += 28;
  }
  const rect: Rect = { x, y, width: size.width, height: size.height };
  await apply({ type: 'add_element', id: null, diagram_id: s.diagramId, kind, name: DEFAULT_NAMES[kind], rect }, { selectCreated: true });
}

/** The selected elements the B key wraps in a boundary: those of the diagram
 *  on screen that are not flows (a flow follows its ends). */
export function wrappable(): string[] {
  const s = getApp();
  if (!s.model || !s.diagramId) return [];
  const ids: string[] = [];
  for (const id of s.selection) {
    const e = s.model.elements.get(id);
    if (e && e.diagram_id === s.diagramId && e.kind !== 'data_flow') ids.push(id);
  }
  return ids;
}

/** B, or the palette's Boundary button: with elements selected, a trust boundary
 *  around them (the core computes the box and its nesting), selected and named
 *  in place; the name typed next joins the same undo step. With nothing
 *  selected, a default boundary centred on `at`. */
export async function addBoundary(at: { x: number; y: number }): Promise<void> {
  const s = getApp();
  const ids = wrappable();
  if (!s.diagramId || ids.length === 0) return addElement('trust_boundary', at);
  await apply(
    { type: 'wrap_in_boundary', id: null, diagram_id: s.diagramId, element_ids: ids, name: DEFAULT_NAMES.trust_boundary },
    { selectCreated: true },
  );
}

export async function connect(source: string, target: string): Promise<void> {
  const s = getApp();
  if (!s.diagramId || source === target) return;
  await apply({ type: 'connect', id: null, diagram_id: s.diagramId, source, target, name: DEFAULT_NAMES.data_flow }, { selectCreated: true });
}

export function startEditing(id: string): void {
  setApp({ editing: { target: 'element', id } });
}

/** An in-place editor on element `id` closed: commit `name` (null = keep). Only
 *  closes the editor state if it still points at this element (another editor
 *  may have opened meanwhile). */
export function finishEditing(id: string, name: string | null): void {
  const e = getApp().editing;
  if (e?.target === 'element' && e.id === id) setApp({ editing: null });
  if (name !== null) void rename(id, name);
}

/** Commits an in-place or inspector rename; an unchanged name writes nothing.
 *  Resolves to false when the core refused. */
export async function rename(id: string, name: string): Promise<boolean> {
  const e = getApp().model?.elements.get(id);
  if (!e || e.name === name) return true;
  return (await apply({ type: 'rename', id, name })) !== null;
}

export async function setDescription(id: string, description: string): Promise<boolean> {
  return (await apply({ type: 'set_description', id, description })) !== null;
}

export async function setProperty(id: string, key: string, value: PropValue | null): Promise<boolean> {
  return (await apply({ type: 'set_property', id, key, value })) !== null;
}

export function selectAll(): void {
  const s = getApp();
  if (!s.model || !s.diagramId) return;
  const ids: string[] = [];
  for (const e of s.model.elements.values()) if (e.diagram_id === s.diagramId) ids.push(e.id);
  setApp({ selection: new Set(ids) });
}

/** Moves the selected elements by (dx, dy) as one step (arrow keys). */
export async function nudgeSelection(dx: number, dy: number): Promise<void> {
  const s = getApp();
  if (!s.model) return;
  const moves: { id: string; rect: Rect }[] = [];
  for (const id of s.selection) {
    const e = s.model.elements.get(id);
    if (e && e.kind !== 'data_flow') moves.push({ id, rect: { ...e.rect, x: e.rect.x + dx, y: e.rect.y + dy } });
  }
  await place(moves);
}

export async function deleteSelection(): Promise<void> {
  const ids = [...getApp().selection];
  if (ids.length === 0) return;
  await apply({ type: 'delete', ids });
}

export async function place(moves: { id: string; rect: Rect }[]): Promise<void> {
  if (moves.length === 0) return;
  await apply({ type: 'place', moves });
}

/** Lays the diagram on screen out again (the core's layered layout), one
 *  undoable step; then fits it to the view. Not while presenting. */
export async function tidy(): Promise<void> {
  const s = getApp();
  if (!s.diagramId || s.presenting) return;
  const change = await apply({ type: 'tidy', diagram_id: s.diagramId });
  if (change) canvasApi()?.fit();
}

// ---- diagrams ----

export { selectDiagram };

export async function addDiagram(): Promise<void> {
  const m = getApp().model;
  if (!m) return;
  const names = new Set(m.diagrams.map((d) => d.name));
  let n = m.diagrams.length + 1;
  while (names.has(`Diagram ${n}`)) n++;
  const change = await apply({ type: 'add_diagram', id: null, name: `Diagram ${n}` });
  const id = change?.created[0];
  if (id) {
    selectDiagram(id);
    setApp({ editing: { target: 'tab', id } });
  }
}

export async function renameDiagram(id: string, name: string): Promise<void> {
  const d = getApp().model?.diagrams.find((x) => x.id === id);
  if (!d || d.name === name) return;
  await apply({ type: 'rename_diagram', id, name });
}

export async function deleteDiagram(id: string): Promise<void> {
  await apply({ type: 'delete_diagram', id });
}

// ---- line boundaries ----

export type LinePoint = { x: number; y: number };

/** Adds a trust boundary drawn as a line through `points` (two or more, canvas
 *  coordinates, rounded), selects it and opens its name editor. One op. */
export async function addLineBoundary(points: LinePoint[]): Promise<void> {
  const s = getApp();
  if (!s.model || !s.diagramId || points.length < 2) return;
  const change = await apply({
    type: 'add_line_boundary',
    id: null,
    diagram_id: s.diagramId,
    name: DEFAULT_NAMES.trust_boundary,
    points: points.map(roundPoint),
  });
  const id = change?.created[0];
  if (id) setApp({ selection: new Set([id]), editing: { target: 'element', id } });
}

/** Moves a line boundary's points (one op; an unchanged line writes nothing). */
export async function reshape(id: string, points: LinePoint[]): Promise<void> {
  const e = getApp().model?.elements.get(id);
  const next = points.map(roundPoint);
  const cur = e?.points ?? [];
  if (!e || (cur.length === next.length && cur.every((p, i) => p.x === next[i].x && p.y === next[i].y))) return;
  await apply({ type: 'reshape', id, points: next });
}

function roundPoint(p: LinePoint): LinePoint {
  return { x: Math.round(p.x), y: Math.round(p.y) };
}

/** The line-boundary tool: armed, the canvas's next drag draws a line (and a
 *  click places a box boundary there instead); Escape disarms it. Armed by
 *  Shift+B on the canvas, or by a palette entry calling `startLineBoundary`. */
let lineTool = false;
const lineToolListeners = new Set<() => void>();

export function startLineBoundary(): void {
  setLineTool(true);
}

export function setLineTool(on: boolean): void {
  if (lineTool === on) return;
  lineTool = on;
  for (const l of lineToolListeners) l();
}

export function lineToolArmed(): boolean {
  return lineTool;
}

export function onLineTool(listener: () => void): () => void {
  lineToolListeners.add(listener);
  return () => lineToolListeners.delete(listener);
}
