// Builds React Flow nodes and edges from the element map. Runs on every model,
// selection or drag update, so it is linear and reuses the previous node/edge
// object whenever nothing it depends on changed: React Flow then skips those
// (memoized) components, which keeps 1,000+ element diagrams smooth.
import type { Edge, Node } from '@xyflow/react';
import type { Badge } from '../bindings';
import { badgeView } from '../shared/stride';
import { isLine, type Element, type Rect } from '../app/model';
import { bends, flowPath, labelPath, type Box, type FlowPath } from './geometry';
import { placeLabelsFrom, type Bounds, type LabelIn, type Placement, type Xy } from './labels';
import { flowLabel } from './textMetrics';
import { nodeHandles } from './handles';

export interface ElementNodeData extends Record<string, unknown> {
  element: Element;
  editing: boolean;
  warned: boolean;
  /** Under the mouse: shows the dots a flow is drawn from. */
  hovered: boolean;
  /** Threat count and highest risk, when it has threats. */
  badge: NodeBadge | null;
}

export type NodeBadge = NonNullable<ReturnType<typeof badgeView>>;
export type ElementNodeType = Node<ElementNodeData, 'element'>;
export type BoundaryNodeType = Node<ElementNodeData, 'boundary'>;
export type TLNode = ElementNodeType | BoundaryNodeType;

export interface FlowEdgeData extends Record<string, unknown> {
  element: Element;
  editing: boolean;
  warned: boolean;
  /** Sideways offset when several flows join the same two elements. */
  bend: number;
  /** Where its two ends are drawn (with any drag in progress). */
  from: Box;
  to: Box;
  /** Labels are left out when zoomed too far out to read them. */
  showLabel: boolean;
  badge: NodeBadge | null;
  /** Centre of its label, placed clear of other labels and of elements. */
  labelX: number;
  labelY: number;
  /** The label's text, one entry per line (wrapped as the report wraps it). */
  lines: readonly string[];
}
export type TLEdge = Edge<FlowEdgeData, 'flow'>;

/** Transient geometry while a drag or resize is in progress (not yet committed). */
export type Overlay = ReadonlyMap<string, Partial<Rect>>;

export interface ViewState {
  selection: ReadonlySet<string>;
  editingId: string | null;
  warned: ReadonlySet<string>;
  overlay: Overlay;
  /** The node under the mouse: it shows its flow handles. */
  hoveredId?: string | null;
  /** False when zoomed out too far for flow labels to be read. */
  showLabels?: boolean;
  /** Per element: threat count and highest risk (the core's threat overview). */
  badges?: Readonly<Record<string, Badge>>;
}

/** What a badge looks like, as one comparable value ('' for none): a node is
 *  rebuilt only when its own badge changed, not on every overview refresh. */
function badgeKey(badges: ViewState['badges'], id: string): string {
  const b = badges?.[id];
  return b && b.count > 0 ? `${b.count}:${b.highest ?? ''}` : '';
}

export const FLOW_SELECTED_COLOR = '#4f46e5';

interface NodeEntry {
  element: Element;
  badge: string;
  selected: boolean;
  editing: boolean;
  warned: boolean;
  hovered: boolean;
  overlay: Partial<Rect> | undefined;
  node: TLNode;
}

interface EdgeEntry {
  element: Element;
  badge: string;
  selected: boolean;
  editing: boolean;
  warned: boolean;
  bend: number;
  showLabel: boolean;
  labelX: number;
  labelY: number;
  source: Element | undefined;
  target: Element | undefined;
  sourceOverlay: Partial<Rect> | undefined;
  targetOverlay: Partial<Rect> | undefined;
  edge: TLEdge;
}

export class Deriver {
  private nodeCache = new Map<string, NodeEntry>();
  private edgeCache = new Map<string, EdgeEntry>();
  // The arrays last returned: when every item is the one before, the same array
  // is returned again, so React Flow and the flow layer skip the update (a new
  // derived answer or overview changes no node of a thousand).
  private lastNodes: TLNode[] = [];
  private lastEdges: TLEdge[] = [];
  // Label placement depends on every flow and element: it is redone only when
  // one of these inputs is a new object.
  private placedFor: unknown[] = [];
  private placed = new Map<string, { at: Xy; lines: readonly string[] }>();
  private placement: Placement | undefined;
  private labelCache = new Map<string, LabelEntry>();

  nodes(list: readonly Element[], view: ViewState): TLNode[] {
    const boundaries: Element[] = [];
    const others: Element[] = [];
    for (const e of list) {
      // Line boundaries are not nodes: LineLayer draws them (only their stroke takes the mouse).
      if (e.kind === 'trust_boundary') {
        if (!isLine(e)) boundaries.push(e);
      } else if (e.kind !== 'data_flow') others.push(e);
    }
    // Larger boundaries first: they are drawn behind the ones they may hold.
    boundaries.sort((a, b) => b.rect.width * b.rect.height - a.rect.width * a.rect.height || cmp(a.id, b.id));
    const next = new Map<string, NodeEntry>();
    const out: TLNode[] = [];
    for (const e of boundaries) out.push(this.node(e, view, next));
    for (const e of others) out.push(this.node(e, view, next));
    this.nodeCache = next;
    this.lastNodes = sameItems(this.lastNodes, out) ? this.lastNodes : out;
    return this.lastNodes;
  }

  private node(e: Element, view: ViewState, next: Map<string, NodeEntry>): TLNode {
    const selected = view.selection.has(e.id);
    const editing = view.editingId === e.id;
    const warned = view.warned.has(e.id);
    const hovered = view.hoveredId === e.id;
    const overlay = view.overlay.get(e.id);
    const badge = badgeKey(view.badges, e.id);
    const deps = { element: e, badge, selected, editing, warned, hovered, overlay };
    const prev = this.nodeCache.get(e.id);
    if (prev && sameDeps(prev, deps)) {
      next.set(e.id, prev);
      return prev.node;
    }
    const node = toNode(e, selected, editing, warned, overlay, hovered, badgeView(view.badges?.[e.id]));
    next.set(e.id, { ...deps, node });
    return node;
  }

  /** `elements` resolves the ends of each flow (they are in the same diagram). */
  edges(list: readonly Element[], view: ViewState, elements: ReadonlyMap<string, Element>): TLEdge[] {
    const flows: { id: string; source: string; target: string }[] = [];
    const byId: Element[] = [];
    for (const e of list) {
      if (e.kind === 'data_flow' && e.source && e.target) {
        flows.push({ id: e.id, source: e.source, target: e.target });
        byId.push(e);
      }
    }
    const bend = bends(flows);
    const showLabel = view.showLabels ?? true;
    const inputs = [list, elements, view.overlay, view.badges, view.warned];
    if (!sameItems(this.placedFor, inputs)) {
      this.placed = this.placeAll(list, byId, elements, bend, view);
      this.placedFor = inputs;
    }
    const next = new Map<string, EdgeEntry>();
    const out: TLEdge[] = [];
    for (const e of byId) {
      const source = elements.get(e.source ?? '');
      const target = elements.get(e.target ?? '');
      if (!source || !target) continue; // a dangling flow is not drawn
      const selected = view.selection.has(e.id);
      const editing = view.editingId === e.id;
      const warned = view.warned.has(e.id);
      const b = bend.get(e.id) ?? 0;
      const sourceOverlay = view.overlay.get(source.id);
      const targetOverlay = view.overlay.get(target.id);
      const badge = badgeKey(view.badges, e.id);
      const label = this.placed.get(e.id);
      const [labelX, labelY] = label?.at ?? [0, 0];
      const deps = { element: e, badge, selected, editing, warned, bend: b, showLabel, labelX, labelY, source, target, sourceOverlay, targetOverlay };
      const prev = this.edgeCache.get(e.id);
      if (prev && sameDeps(prev, deps)) {
        next.set(e.id, prev);
        out.push(prev.edge);
        continue;
      }
      const edge = toEdge(e, selected, editing, warned, b, boxOf(source, sourceOverlay), boxOf(target, targetOverlay), showLabel, badgeView(view.badges?.[e.id]), label);
      next.set(e.id, { ...deps, edge });
      out.push(edge);
    }
    this.edgeCache = next;
    this.lastEdges = sameItems(this.lastEdges, out) ? this.lastEdges : out;
    return this.lastEdges;
  }

  /** Every flow's label centre and lines (src/export/flow_labels.rs's placement):
   *  flows by id, elements (not boundaries) as obstacles, drags included. A flow
   *  whose label input did not change keeps the same input object, so that after
   *  an element is added only the labels near it are searched again
   *  (`placeLabelsFrom`). */
  private placeAll(
    list: readonly Element[],
    flows: readonly Element[],
    elements: ReadonlyMap<string, Element>,
    bend: ReadonlyMap<string, number>,
    view: ViewState,
  ): Map<string, { at: Xy; lines: readonly string[] }> {
    const obstacles: Bounds[] = [];
    for (const e of list) {
      if (e.kind === 'data_flow' || e.kind === 'trust_boundary') continue;
      const b = boxOf(e, view.overlay.get(e.id));
      obstacles.push([b.x, b.y, b.x + b.width, b.y + b.height]);
    }
    const next = new Map<string, LabelEntry>();
    const drawn: LabelEntry[] = [];
    for (const f of flows) {
      const source = elements.get(f.source ?? '');
      const target = elements.get(f.target ?? '');
      if (!source || !target) continue;
      const deps = {
        name: f.name,
        source,
        target,
        sourceOverlay: view.overlay.get(source.id),
        targetOverlay: view.overlay.get(target.id),
        bend: bend.get(f.id) ?? 0,
        warned: view.warned.has(f.id),
        badge: badgeKey(view.badges, f.id),
      };
      const prev = this.labelCache.get(f.id);
      const entry = prev && sameDeps(prev, deps) ? prev : { ...deps, id: f.id, ...labelInput(f, deps, view) };
      next.set(f.id, entry);
      drawn.push(entry);
    }
    this.labelCache = next;
    drawn.sort((a, b) => cmp(a.id, b.id));
    this.placement = placeLabelsFrom(obstacles, drawn.map((d) => d.input), this.placement);
    const out = new Map<string, { at: Xy; lines: readonly string[] }>();
    drawn.forEach((d, i) => out.set(d.id, { at: this.placement!.at[i], lines: d.lines }));
    return out;
  }
}

interface LabelEntry {
  id: string;
  name: string;
  source: Element;
  target: Element;
  sourceOverlay: Partial<Rect> | undefined;
  targetOverlay: Partial<Rect> | undefined;
  bend: number;
  warned: boolean;
  badge: string;
  input: LabelIn;
  lines: readonly string[];
}

/** A flow's label: its path, its size (room for a warning dot and a badge) and lines. */
function labelInput(
  f: Element,
  d: Pick<LabelEntry, 'source' | 'target' | 'sourceOverlay' | 'targetOverlay' | 'bend' | 'warned'>,
  view: ViewState,
): { input: LabelIn; lines: readonly string[] } {
  const { path, start } = labelPath(boxOf(d.source, d.sourceOverlay), boxOf(d.target, d.targetOverlay), d.bend);
  const size = labelOf(chipText(f));
  const badge = badgeView(view.badges?.[f.id]);
  const width = size.width + extras(d.warned, badge);
  // An inline badge (18 high) makes a one-line chip 24 high, not 22.
  const height = badge ? Math.max(size.height, 24) : size.height;
  return { input: { path, width, height, start }, lines: size.lines };
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A cached node or edge is reused when every input it was built from is the same object or value. */
function sameDeps<T extends object>(prev: T, deps: Partial<T>): boolean {
  return (Object.keys(deps) as (keyof T)[]).every((k) => prev[k] === deps[k]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const BOUNDARY_STYLE = { pointerEvents: 'none' } as const;

const handleCache = new Map<string, ReturnType<typeof nodeHandles>>();

/** Most elements share a few sizes: they share one (read-only) handle list too. */
function handlesFor(width: number, height: number) {
  const key = `${width}x${height}`;
  let h = handleCache.get(key);
  if (!h) {
    if (handleCache.size > 1000) handleCache.clear();
    h = nodeHandles(width, height);
    handleCache.set(key, h);
  }
  return h;
}

export function boxOf(e: Element, overlay?: Partial<Rect>): Box {
  const r = overlay ? { ...e.rect, ...overlay } : e.rect;
  return { x: r.x, y: r.y, width: r.width, height: r.height, round: e.kind === 'process' };
}

export function toNode(
  e: Element,
  selected: boolean,
  editing: boolean,
  warned: boolean,
  overlay?: Partial<Rect>,
  hovered = false,
  badge: NodeBadge | null = null,
): TLNode {
  const r = overlay ? { ...e.rect, ...overlay } : e.rect;
  const data: ElementNodeData = { element: e, editing, warned, hovered, badge };
  const base = {
    id: e.id,
    position: { x: r.x, y: r.y },
    width: r.width,
    height: r.height,
    // Declared size and handles: React Flow needs no DOM measurement before drawing flows.
    measured: { width: r.width, height: r.height },
    selected,
    data,
  };
  if (e.kind === 'trust_boundary') {
    // Behind flows and other elements; its inside lets clicks through (see CSS).
    // z −2: behind the flows (z auto; a negative z-index breaks hit-testing of SVG
    // paths in WebKit), which are behind the elements (z 1). Its inside
    // lets the mouse through (React Flow sets pointer-events inline; node.style wins),
    // so only its border strips and label take clicks.
    return { ...base, type: 'boundary', zIndex: -2, className: 'tl-boundary-node', handles: [], style: BOUNDARY_STYLE };
  }
  return { ...base, type: 'element', zIndex: 1, className: `tl-node-${e.kind}`, handles: handlesFor(r.width, r.height) };
}

export function toEdge(
  e: Element,
  selected: boolean,
  editing: boolean,
  warned: boolean,
  bend: number,
  from: Box,
  to: Box,
  showLabel = true,
  badge: NodeBadge | null = null,
  label?: { at: Xy; lines: readonly string[] },
): TLEdge {
  const [labelX, labelY] = label?.at ?? [0, 0];
  const lines = label?.lines ?? [];
  return {
    id: e.id,
    source: e.source ?? '',
    target: e.target ?? '',
    type: 'flow',
    selected,
    data: { element: e, editing, warned, bend, from, to, showLabel, badge, labelX, labelY, lines },
  };
}

/** What a flow's chip shows: its name, or a hint when it has none. */
export function chipText(e: Element): string {
  return e.name.trim() !== '' ? e.name : 'unnamed flow';
}

/** Room the chip gives a warning dot and an inline threat badge (canvas.css:
 *  margin 6 + dot 8; margin 6 + pill of 18, or 12 + ~6.5 a digit). */
function extras(warned: boolean, badge: NodeBadge | null): number {
  let w = warned ? 14 : 0;
  if (badge) w += 6 + Math.max(18, 12 + 6.5 * String(badge.count).length);
  return w;
}

const sizes = new Map<string, ReturnType<typeof flowLabel>>();

/** A label's lines and size, kept per text: a drag re-places every label on
 *  each frame, and names do not change while it lasts. */
function labelOf(text: string): ReturnType<typeof flowLabel> {
  let s = sizes.get(text);
  if (!s) {
    if (sizes.size > 10_000) sizes.clear();
    s = flowLabel(text);
    sizes.set(text, s);
  }
  return s;
}

/** Ids that carry at least one DFD warning. */
export function warnedIds(warnings: readonly { element_id: string }[] | undefined): ReadonlySet<string> {
  const s = new Set<string>();
  if (warnings) for (const w of warnings) s.add(w.element_id);
  return s;
}

const geometryCache = new WeakMap<FlowEdgeData, FlowPath>();

/** A flow's path, arrowhead and label position: computed when the flow is first
 *  drawn (a big diagram mounts only the flows in view), then kept with its data. */
export function geometryOf(d: FlowEdgeData): FlowPath {
  let g = geometryCache.get(d);
  if (!g) {
    g = flowPath(d.from, d.to, d.bend);
    geometryCache.set(d, g);
  }
  return g;
}
