import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  ConnectionMode,
  ReactFlow,
  ReactFlowProvider,
  SelectionMode,
  getViewportForBounds,
  useReactFlow,
  useStore,
  type Connection,
  type IsValidConnection,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { elementsOf, isLine, type Rect } from '../app/model';
import { getApp, setApp, setSelection, useApp } from '../app/store';
import { BoundaryNode } from './BoundaryNode';
import { registerCanvas } from '../app/canvasApi';
import { trace } from '../app/trace';
import { CanvasContext, type CanvasCallbacks } from './context';
import { Deriver, FLOW_SELECTED_COLOR, warnedIds, type Overlay, type TLEdge, type TLNode } from './derive';
import { ElementNode } from './ElementNode';
import { EmptyHint } from './EmptyHint';
import { FlowLayer } from './FlowLayer';
import { FLOW_ID } from './handles';
import { addElement, addLineBoundary, connect, lineToolArmed, onLineTool, place, setLineTool, startEditing } from '../app/intents/diagram';
import { focusZone } from '../shell/keys';
import { LineLayer } from './LineLayer';
import { bounds, isDrag, type P } from './lines';
import { PRESENT_MIN_ZOOM, presentingView } from './presenting';

// Constant objects: React Flow re-creates every node when these change identity.
// Flows are not React Flow edges: FlowLayer draws them (see there why).
const nodeTypes = { element: ElementNode, boundary: BoundaryNode };
const EMPTY_OVERLAY: Overlay = new Map();
const PAN_BUTTONS = [1, 2];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const CONNECTION_STYLE = { stroke: FLOW_SELECTED_COLOR, strokeWidth: 1.6, strokeDasharray: '5 4' };
// Shift is for adding to the selection; a box selection is a plain drag on empty canvas
// (with Shift as React Flow's selection key, Shift+click on a node would not reach it).
// The palette has a band of its own above the canvas; room at the bottom-left
// for the zoom controls.
const FIT_PADDING = { top: '28px', bottom: '52px', left: '24px', right: '24px' } as const;
const MIN_ZOOM = 0.05;
const FIT_MAX_ZOOM = 1.2;
/** Below this zoom flow labels are unreadable: they are not drawn at all. */
const LABEL_MIN_ZOOM = 0.35;
const PRO = { hideAttribution: true };
const NO_EDGES: TLEdge[] = [];
/** Above this many elements, only what is in view is mounted, and a diagram opens at
 *  a readable zoom rather than shrunk to fit (F still fits everything). */
const BIG_DIAGRAM = 400;
/** The least zoom a big diagram opens at. */
const OPEN_MIN_ZOOM = 0.6;

function applySelect(changes: Map<string, boolean>): void {
  const next = new Set(getApp().selection);
  for (const [id, on] of changes) {
    if (on) next.add(id);
    else next.delete(id);
  }
  setSelection(next);
}

/** Runs `fn` once a frame has been drawn (two animation frames), or after a second
 *  when no frames come (a hidden window draws none). */
function afterNextFrame(fn: () => void): void {
  let done = false;
  const once = () => {
    if (!done) {
      done = true;
      fn();
    }
  };
  requestAnimationFrame(() => requestAnimationFrame(once));
  window.setTimeout(once, 1000);
}

function round(r: Rect): Rect {
  return { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) };
}

export function Canvas() {
  return (
    <ReactFlowProvider>
      <CanvasInner />
    </ReactFlowProvider>
  );
}

function CanvasInner() {
  trace('tl-canvas-render');
  useLayoutEffect(() => trace('tl-canvas-commit'));
  const rf = useReactFlow<TLNode, TLEdge>();
  const model = useApp((s) => s.model);
  const diagramId = useApp((s) => s.diagramId);
  const selection = useApp((s) => s.selection);
  const editing = useApp((s) => s.editing);
  // Presenter mode (screen share): no DFD warnings and no threat badges are drawn.
  const analysis = useApp((s) => (s.presenting ? null : s.analysis));
  const ready = useApp((s) => s.ready);
  // Badges of the engagement on screen (an overview of another file is ignored).
  const badges = useApp((s) => (!s.presenting && s.overview && s.model && s.overview.path === s.model.path ? s.overview.data.badges : undefined));
  const [overlay, setOverlay] = useState<Overlay>(EMPTY_OVERLAY);
  const [connecting, setConnecting] = useState(false);
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  const [showLabels, setShowLabels] = useState(true);
  const showLabelsRef = useRef(showLabels);
  showLabelsRef.current = showLabels;
  const overlayRef = useRef(overlay);
  overlayRef.current = overlay;
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);
  const deriver = useMemo(() => new Deriver(), []);

  const elements = model?.elements;
  const list = useMemo(
    () => (elements && diagramId ? elementsOf(elements, diagramId) : []),
    [elements, diagramId],
  );
  const lines = useMemo(() => list.filter(isLine), [list]);
  const warned = useMemo(
    () => warnedIds(analysis && analysis.diagram_id === diagramId ? analysis.warnings : undefined),
    [analysis, diagramId],
  );
  const editingId = editing?.target === 'element' ? editing.id : null;
  const nodes = useMemo(
    () => deriver.nodes(list, { selection, editingId, warned, overlay, hoveredId, badges }),
    [deriver, list, selection, editingId, warned, overlay, hoveredId, badges],
  );
  const edges = useMemo(
    () => (elements ? deriver.edges(list, { selection, editingId, warned, overlay, showLabels, badges }, elements) : []),
    [deriver, list, elements, selection, editingId, warned, overlay, showLabels, badges],
  );
  trace('tl-canvas-derived');


  // ---- fitting the view, and telling tests and the benchmark when it is drawn ----
  const rfCount = useStore((s) => s.nodeLookup.size);
  const fitWanted = useRef(false);
  /** An element to bring into view once the pending fit is applied (a tab switch then reveal). */
  const revealWanted = useRef<string | null>(null);
  const revealRef = useRef<(id: string) => void>(() => {});
  /** The next fit is an opening one (engagement or diagram shown), not the F key. */
  const opening = useRef(false);
  const readyWanted = useRef(true);
  const [fitTick, setFitTick] = useState(0);
  useEffect(() => {
    if (!model) return;
    if (fitWanted.current) {
      fitWanted.current = false;
      // Computed from our own geometry and applied at once: React Flow's fitView waits
      // for its nodes and an animation frame, which costs seconds on big diagrams.
      const r = wrapper.current?.getBoundingClientRect();
      let vp = { x: 0, y: 0, zoom: 1 };
      if (r && r.width > 0 && nodes.length + lines.length > 0) {
        let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
        for (const n of nodes) {
          x0 = Math.min(x0, n.position.x);
          y0 = Math.min(y0, n.position.y);
          x1 = Math.max(x1, n.position.x + (n.width ?? 0));
          y1 = Math.max(y1, n.position.y + (n.height ?? 0));
        }
        for (const l of lines) {
          const b = bounds(l.points ?? []);
          x0 = Math.min(x0, b.x);
          y0 = Math.min(y0, b.y);
          x1 = Math.max(x1, b.x + b.width);
          y1 = Math.max(y1, b.y + b.height);
        }
        vp = getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, r.width, r.height, MIN_ZOOM, FIT_MAX_ZOOM, FIT_PADDING);
        if (opening.current && list.length > BIG_DIAGRAM && vp.zoom < OPEN_MIN_ZOOM) {
          // Shrunk to fit, a big diagram is unreadable (and slow to draw): open on its
          // top-left corner at a readable zoom instead.
          vp = { x: 40 - x0 * OPEN_MIN_ZOOM, y: 28 - y0 * OPEN_MIN_ZOOM, zoom: OPEN_MIN_ZOOM };
        } else if (getApp().presenting && vp.zoom < PRESENT_MIN_ZOOM) {
          // On a shared screen, labels the customer cannot read are no use: a
          // readable zoom, centred on the drawing, and the presenter pans.
          vp = presentingView({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, r.width, r.height);
        }
      }
      opening.current = false;
      void rf.setViewport(vp);
      setApp({ zoom: vp.zoom });
      setShowLabels(vp.zoom >= LABEL_MIN_ZOOM);
      const id = revealWanted.current;
      revealWanted.current = null;
      if (id) revealRef.current(id);
    }
    // Drawn: React Flow holds exactly our nodes (their size and handles are declared,
    // so nodes and flows render in that same pass).
    if (readyWanted.current && rfCount === nodes.length && (nodes.length === 0 || rf.getInternalNode(nodes[nodes.length - 1].id))) {
      readyWanted.current = false;
      // Said at once (not after a timer), so the flag reaches the same frame as the drawing.
      if (!getApp().ready) {
        setApp({ ready: true });
        // For the load benchmark: ms from navigation start to the first drawn snapshot.
        performance.mark('threatloom-ready');
        afterNextFrame(() => {
          setApp({ drawn: true });
          performance.mark('threatloom-drawn');
        });
      }
    }
  }, [fitTick, rfCount, nodes, lines, model, rf, list.length]);

  const clearOverlay = useCallback((ids: string[]) => {
    setOverlay((cur) => {
      if (!ids.some((id) => cur.has(id))) return cur;
      const next = new Map(cur);
      for (const id of ids) next.delete(id);
      return next.size === 0 ? EMPTY_OVERLAY : next;
    });
  }, []);

  const commit = useCallback(
    async (moves: { id: string; rect: Rect }[]) => {
      const els = getApp().model?.elements;
      const changed = moves.filter((m) => {
        const r = els?.get(m.id)?.rect;
        return r && (r.x !== m.rect.x || r.y !== m.rect.y || r.width !== m.rect.width || r.height !== m.rect.height);
      });
      // The transient geometry stays until the core answers, so nothing jumps back meanwhile.
      if (changed.length > 0) await place(changed);
      clearOverlay(moves.map((m) => m.id));
    },
    [clearOverlay],
  );

  const callbacks = useMemo<CanvasCallbacks>(
    () => ({ resizeEnd: (id, rect) => void commit([{ id, rect: round(rect) }]) }),
    [commit],
  );

  // ---- the API menus and shortcuts use ----
  useEffect(() => {
    const viewCentre = () => {
      const r = wrapper.current?.getBoundingClientRect();
      if (!r) return { x: 0, y: 0 };
      return rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
    };
    registerCanvas({
      fit: (open = false) => {
        opening.current = open;
        fitWanted.current = true;
        setFitTick((t) => t + 1);
      },
      zoomIn: () => void rf.zoomIn({ duration: 150 }).then(() => setApp({ zoom: rf.getZoom() })),
      zoomOut: () => void rf.zoomOut({ duration: 150 }).then(() => setApp({ zoom: rf.getZoom() })),
      zoomReset: () => void rf.zoomTo(1, { duration: 150 }).then(() => setApp({ zoom: 1 })),
      viewport: () => rf.getViewport(),
      setViewport: (vp) => {
        void rf.setViewport(vp);
        setApp({ zoom: vp.zoom });
        setShowLabels(vp.zoom >= LABEL_MIN_ZOOM);
      },
      viewCentre,
      pointerOrCentre: () => {
        // Over the canvas itself (not the palette or a panel floating on it)?
        const p = pointer.current;
        const over = p && document.elementFromPoint(p.x, p.y)?.closest('.react-flow');
        return p && over ? rf.screenToFlowPosition(p) : viewCentre();
      },
      elementAt: (x, y) => {
        const hit = document.elementFromPoint(x, y);
        if (!hit || !wrapper.current?.contains(hit)) return null;
        // A node, a flow's path, or a flow's label (its span names the flow).
        const el =
          hit.closest('.react-flow__node[data-id]') ??
          hit.closest('.react-flow__edge[data-id]') ??
          hit.closest('.tl-edge-label')?.querySelector('[data-id]') ??
          null;
        const id = el?.getAttribute('data-id');
        if (!el || !id) return null;
        const r = (el.closest('.tl-edge-label') ?? el).getBoundingClientRect();
        return { id, box: { left: r.left, top: r.top, width: r.width, height: r.height } };
      },
      reveal: (id) => {
        if (fitWanted.current) {
          // The diagram was just switched: centre on it after the fit, not before.
          revealWanted.current = id;
          return;
        }
        revealRef.current(id);
      },
    });
    revealRef.current = (id: string) => {
      const e = getApp().model?.elements.get(id);
      if (!e) return;
      let r = e.rect;
      if (e.kind === 'data_flow') {
        const a = e.source ? getApp().model?.elements.get(e.source)?.rect : undefined;
        const b = e.target ? getApp().model?.elements.get(e.target)?.rect : undefined;
        if (!a || !b) return;
        r = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, width: (a.width + b.width) / 2, height: (a.height + b.height) / 2 };
      }
      void rf.setCenter(r.x + r.width / 2, r.y + r.height / 2, { zoom: Math.max(rf.getZoom(), 0.8), duration: 250 });
    };
    const track = (e: PointerEvent | MouseEvent) => {
      pointer.current = { x: e.clientX, y: e.clientY };
    };
    window.addEventListener('pointermove', track, true);
    window.addEventListener('mousemove', track, true);
    return () => {
      registerCanvas(null);
      window.removeEventListener('pointermove', track, true);
      window.removeEventListener('mousemove', track, true);
    };
  }, [rf]);

  // ---- gestures React Flow reports; the core decides what they mean ----
  const onNodesChange = useCallback((changes: NodeChange<TLNode>[]) => {
    let sel: Map<string, boolean> | null = null;
    let ov: Map<string, Partial<Rect>> | null = null;
    for (const c of changes) {
      if (c.type === 'select') {
        (sel ??= new Map()).set(c.id, c.selected);
      } else if (c.type === 'position' && c.position) {
        ov ??= new Map(overlayRef.current);
        ov.set(c.id, { ...ov.get(c.id), x: c.position.x, y: c.position.y });
      } else if (c.type === 'dimensions' && c.resizing && c.dimensions) {
        ov ??= new Map(overlayRef.current);
        ov.set(c.id, { ...ov.get(c.id), width: c.dimensions.width, height: c.dimensions.height });
      }
    }
    if (sel) applySelect(sel);
    if (ov) {
      overlayRef.current = ov;
      setOverlay(ov);
    }
  }, []);

  const onNodeDragStop = useCallback<OnNodeDrag<TLNode>>(
    (_e, _node, dragged) => {
      const els = getApp().model?.elements;
      const moves: { id: string; rect: Rect }[] = [];
      for (const n of dragged) {
        const e = els?.get(n.id);
        if (!e) continue;
        const ov = overlayRef.current.get(n.id);
        moves.push({
          id: n.id,
          rect: round({ x: n.position.x, y: n.position.y, width: ov?.width ?? e.rect.width, height: ov?.height ?? e.rect.height }),
        });
      }
      void commit(moves);
    },
    [commit],
  );

  const onConnectStart = useCallback(() => setConnecting(true), []);
  const onConnectEnd = useCallback(() => setConnecting(false), []);
  const onConnect = useCallback((c: Connection) => {
    void connect(c.source, c.target);
  }, []);

  const isValidConnection = useCallback<IsValidConnection<TLEdge>>((c) => {
    if (c.source === c.target) return false;
    const kind = getApp().model?.elements.get(c.target)?.kind;
    return kind === 'external_entity' || kind === 'process' || kind === 'data_store';
  }, []);

  const onNodeDoubleClick = useCallback((_e: React.MouseEvent, node: TLNode) => {
    setSelection([node.id]);
    startEditing(node.id);
  }, []);

  // Flows live outside React Flow's selection: keep ours consistent with its gestures.
  const onNodeClick = useCallback((e: React.MouseEvent, node: TLNode) => {
    if (!(e.shiftKey || e.ctrlKey || e.metaKey)) setSelection([node.id]);
  }, []);
  const onPaneClick = useCallback(() => setSelection([]), []);
  const onSelectionStart = useCallback(() => setSelection([]), []);

  const onMove = useCallback((_e: unknown, vp: { zoom: number }) => {
    const show = vp.zoom >= LABEL_MIN_ZOOM;
    if (show !== showLabelsRef.current) setShowLabels(show);
  }, []);

  const onMoveEnd = useCallback((_e: unknown, vp: { zoom: number }) => {
    if (Math.abs(getApp().zoom - vp.zoom) > 1e-3) setApp({ zoom: vp.zoom });
  }, []);

  const onNodeMouseEnter = useCallback((_e: React.MouseEvent, node: TLNode) => setHoveredId(node.id), []);
  const onNodeMouseLeave = useCallback(() => setHoveredId(null), []);

  // ---- the line-boundary tool: Shift+B (or a palette entry), then drag ----
  const toolArmed = useSyncExternalStore(onLineTool, lineToolArmed);
  const [draft, setDraft] = useState<P[] | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof Element ? e.target : document.activeElement;
      if (e.key === 'Escape' && lineToolArmed()) {
        setLineTool(false);
        setDraft(null);
        return;
      }
      // Shift+B: plain B places a box boundary (the shell's shortcut), Shift+B arms the line.
      if (e.key.toLowerCase() !== 'b' || !e.shiftKey) return;
      const s = getApp();
      if (!s.model || !s.diagramId || s.panel !== null || focusZone(target) !== 'canvas') return;
      e.preventDefault();
      if (!e.repeat) setLineTool(true);
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      setLineTool(false);
    };
  }, []);
  // Another diagram or engagement on screen: the tool is put down.
  useEffect(() => setLineTool(false), [diagramId, model?.path]);

  const onToolPointerDown = useCallback(
    (e: React.PointerEvent<HTMLDivElement>) => {
      if (e.button !== 0) {
        setLineTool(false);
        return;
      }
      e.preventDefault();
      e.stopPropagation();
      const screen0 = { x: e.clientX, y: e.clientY };
      const start = rf.screenToFlowPosition(screen0);
      let screen1 = screen0;
      let end = start;
      const move = (ev: PointerEvent) => {
        screen1 = { x: ev.clientX, y: ev.clientY };
        end = rf.screenToFlowPosition(screen1);
        setDraft(isDrag(screen0, screen1) ? [start, end] : null);
      };
      const up = () => {
        window.removeEventListener('pointermove', move, true);
        window.removeEventListener('pointerup', up, true);
        window.removeEventListener('pointercancel', up, true);
        setLineTool(false);
        // A drag draws a line from press to release; a click places a box there.
        const done = isDrag(screen0, screen1) ? addLineBoundary([start, end]) : addElement('trust_boundary', start);
        void done.finally(() => setDraft(null));
      };
      window.addEventListener('pointermove', move, true);
      window.addEventListener('pointerup', up, true);
      window.addEventListener('pointercancel', up, true);
    },
    [rf],
  );

  const big = list.length > BIG_DIAGRAM;

  return (
    <CanvasContext.Provider value={callbacks}>
      <div
        ref={wrapper}
        className={`tl-canvas${connecting ? ' tl-connecting' : ''}`}
        data-testid="canvas"
      >
        <ReactFlow<TLNode, TLEdge>
          id={FLOW_ID}
          nodes={nodes}
          edges={NO_EDGES}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onConnectStart={onConnectStart}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onNodeDoubleClick={onNodeDoubleClick}
          onNodeClick={onNodeClick}
          onPaneClick={onPaneClick}
          onSelectionStart={onSelectionStart}
          onMove={onMove}
          onMoveEnd={onMoveEnd}
          onNodeMouseEnter={onNodeMouseEnter}
          onNodeMouseLeave={onNodeMouseLeave}
          connectionMode={ConnectionMode.Loose}
          connectionLineType={ConnectionLineType.Straight}
          connectionLineStyle={CONNECTION_STYLE}
          nodeDragThreshold={0}
          deleteKeyCode={null}
          disableKeyboardA11y
          elevateNodesOnSelect={false}
          selectionOnDrag
          selectionMode={SelectionMode.Full}
          panOnDrag={PAN_BUTTONS}
          panOnScroll
          zoomOnDoubleClick={false}
          multiSelectionKeyCode={MULTI_KEYS}
          selectionKeyCode={null}
          minZoom={MIN_ZOOM}
          maxZoom={4}
          onlyRenderVisibleElements={big}
          proOptions={PRO}
          className={ready ? 'is-ready' : undefined}
        >
          <Background variant={BackgroundVariant.Dots} gap={24} size={1.2} color="#c7ced9" />
          <LineLayer lines={lines} selection={selection} editingId={editingId} draft={draft} showLabels={showLabels} />
          <FlowLayer edges={edges} cull={big} />
        </ReactFlow>
        {toolArmed && (
          <div className="tl-line-tool" data-testid="line-tool" onPointerDown={onToolPointerDown}>
            <div className="tl-line-tool-hint" role="status">
              <strong>Line boundary</strong> Drag across the flows it cuts · click for a box · <kbd>Esc</kbd> cancels
            </div>
          </div>
        )}
        {model && list.length === 0 && <EmptyHint />}
      </div>
    </CanvasContext.Provider>
  );
}
