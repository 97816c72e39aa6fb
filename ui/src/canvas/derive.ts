// Builds React Flow nodes and edges from the element map. Runs on every model,
// selection or drag update, so it is linear and reuses the previous node/edge
// object whenever nothing it depends on changed: React Flow then skips those
// (memoized) components, which keeps 1,000+ element diagrams smooth.
import type { Edge, Node } from '@xyflow/react';
import type { Element, Rect } from '../state/model';
import { bends } from './geometry';
import { nodeHandles } from './handles';

export interface ElementNodeData extends Record<string, unknown> {
  element: Element;
  editing: boolean;
  warned: boolean;
}
export type ElementNodeType = Node<ElementNodeData, 'element'>;
export type BoundaryNodeType = Node<ElementNodeData, 'boundary'>;
export type TLNode = ElementNodeType | BoundaryNodeType;

export interface FlowEdgeData extends Record<string, unknown> {
  element: Element;
  editing: boolean;
  warned: boolean;
  /** Sideways offset when several flows join the same two elements. */
  bend: number;
}
export type TLEdge = Edge<FlowEdgeData, 'flow'>;

/** Transient geometry while a drag or resize is in progress (not yet committed). */
export type Overlay = ReadonlyMap<string, Partial<Rect>>;

export interface ViewState {
  selection: ReadonlySet<string>;
  editingId: string | null;
  warned: ReadonlySet<string>;
  overlay: Overlay;
}

export const FLOW_SELECTED_COLOR = '#4f46e5';

interface NodeEntry {
  element: Element;
  selected: boolean;
  editing: boolean;
  warned: boolean;
  overlay: Partial<Rect> | undefined;
  node: TLNode;
}

interface EdgeEntry {
  element: Element;
  selected: boolean;
  editing: boolean;
  warned: boolean;
  bend: number;
  edge: TLEdge;
}

export class Deriver {
  private nodeCache = new Map<string, NodeEntry>();
  private edgeCache = new Map<string, EdgeEntry>();

  nodes(list: readonly Element[], view: ViewState): TLNode[] {
    const boundaries: Element[] = [];
    const others: Element[] = [];
    for (const e of list) {
      if (e.kind === 'trust_boundary') boundaries.push(e);
      else if (e.kind !== 'data_flow') others.push(e);
    }
    // Larger boundaries first: they are drawn behind the ones they may hold.
    boundaries.sort((a, b) => b.rect.width * b.rect.height - a.rect.width * a.rect.height || cmp(a.id, b.id));
    const next = new Map<string, NodeEntry>();
    const out: TLNode[] = [];
    for (const e of boundaries) out.push(this.node(e, view, next));
    for (const e of others) out.push(this.node(e, view, next));
    this.nodeCache = next;
    return out;
  }

  private node(e: Element, view: ViewState, next: Map<string, NodeEntry>): TLNode {
    const selected = view.selection.has(e.id);
    const editing = view.editingId === e.id;
    const warned = view.warned.has(e.id);
    const overlay = view.overlay.get(e.id);
    const prev = this.nodeCache.get(e.id);
    if (
      prev &&
      prev.element === e &&
      prev.selected === selected &&
      prev.editing === editing &&
      prev.warned === warned &&
      prev.overlay === overlay
    ) {
      next.set(e.id, prev);
      return prev.node;
    }
    const node = toNode(e, selected, editing, warned, overlay);
    next.set(e.id, { element: e, selected, editing, warned, overlay, node });
    return node;
  }

  edges(list: readonly Element[], view: ViewState): TLEdge[] {
    const flows: { id: string; source: string; target: string }[] = [];
    const byId: Element[] = [];
    for (const e of list) {
      if (e.kind === 'data_flow' && e.source && e.target) {
        flows.push({ id: e.id, source: e.source, target: e.target });
        byId.push(e);
      }
    }
    const bend = bends(flows);
    const next = new Map<string, EdgeEntry>();
    const out: TLEdge[] = [];
    for (const e of byId) {
      const selected = view.selection.has(e.id);
      const editing = view.editingId === e.id;
      const warned = view.warned.has(e.id);
      const b = bend.get(e.id) ?? 0;
      const prev = this.edgeCache.get(e.id);
      if (
        prev &&
        prev.element === e &&
        prev.selected === selected &&
        prev.editing === editing &&
        prev.warned === warned &&
        prev.bend === b
      ) {
        next.set(e.id, prev);
        out.push(prev.edge);
        continue;
      }
      const edge = toEdge(e, selected, editing, warned, b);
      next.set(e.id, { element: e, selected, editing, warned, bend: b, edge });
      out.push(edge);
    }
    this.edgeCache = next;
    return out;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toNode(
  e: Element,
  selected: boolean,
  editing: boolean,
  warned: boolean,
  overlay?: Partial<Rect>,
): TLNode {
  const r = overlay ? { ...e.rect, ...overlay } : e.rect;
  const data: ElementNodeData = { element: e, editing, warned };
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
    return { ...base, type: 'boundary', zIndex: -1, className: 'tl-boundary-node', handles: [] };
  }
  return { ...base, type: 'element', className: `tl-node-${e.kind}`, handles: nodeHandles(r.width, r.height) };
}

export function toEdge(e: Element, selected: boolean, editing: boolean, warned: boolean, bend: number): TLEdge {
  return {
    id: e.id,
    source: e.source ?? '',
    target: e.target ?? '',
    type: 'flow',
    selected,
    data: { element: e, editing, warned, bend },
  };
}

/** Ids that carry at least one DFD warning. */
export function warnedIds(warnings: readonly { element_id: string }[] | undefined): ReadonlySet<string> {
  const s = new Set<string>();
  if (warnings) for (const w of warnings) s.add(w.element_id);
  return s;
}
