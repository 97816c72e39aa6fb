import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  ConnectionMode,
  ReactFlow,
  ReactFlowProvider,
  SelectionMode,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnNodeDrag,
} from '@xyflow/react';
import { connect, place, startEditing } from '../state/actions';
import { elementsOf, type Rect } from '../state/model';
import { getApp, setApp, setSelection, useApp } from '../state/store';
import { BoundaryNode } from './BoundaryNode';
import { registerCanvas } from './bridge';
import { CanvasContext, type CanvasCallbacks } from './context';
import { Deriver, FLOW_SELECTED_COLOR, warnedIds, type Overlay, type TLEdge, type TLNode } from './derive';
import { ElementNode } from './ElementNode';
import { EmptyHint } from './EmptyHint';
import { FlowEdge } from './FlowEdge';

// Constant objects: React Flow re-creates every node when these change identity.
const nodeTypes = { element: ElementNode, boundary: BoundaryNode };
const edgeTypes = { flow: FlowEdge };
const EMPTY_OVERLAY: Overlay = new Map();
const PAN_BUTTONS = [1, 2];
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const CONNECTION_STYLE = { stroke: FLOW_SELECTED_COLOR, strokeWidth: 1.6, strokeDasharray: '5 4' };
// Room at the top for the floating palette, at the bottom-left for the zoom controls.
const FIT_OPTIONS = { padding: { top: '72px', bottom: '56px', left: '40px', right: '40px' }, maxZoom: 1.2 } as const;
const PRO = { hideAttribution: true };
/** Above this many elements, only what is in view is mounted. */
const VIRTUALIZE_ABOVE = 3000;

function applySelect(changes: Map<string, boolean>): void {
  const next = new Set(getApp().selection);
  for (const [id, on] of changes) {
    if (on) next.add(id);
    else next.delete(id);
  }
  setSelection(next);
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
  const rf = useReactFlow<TLNode, TLEdge>();
  const model = useApp((s) => s.model);
  const diagramId = useApp((s) => s.diagramId);
  const selection = useApp((s) => s.selection);
  const editing = useApp((s) => s.editing);
  const analysis = useApp((s) => s.analysis);
  const ready = useApp((s) => s.ready);
  const [overlay, setOverlay] = useState<Overlay>(EMPTY_OVERLAY);
  const [connecting, setConnecting] = useState(false);
  const overlayRef = useRef(overlay);
  overlayRef.current = overlay;
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number; inside: boolean }>({ x: 0, y: 0, inside: false });
  const deriver = useMemo(() => new Deriver(), []);

  const elements = model?.elements;
  const list = useMemo(
    () => (elements && diagramId ? elementsOf(elements, diagramId) : []),
    [elements, diagramId],
  );
  const warned = useMemo(
    () => warnedIds(analysis && analysis.diagram_id === diagramId ? analysis.warnings : undefined),
    [analysis, diagramId],
  );
  const editingId = editing?.target === 'element' ? editing.id : null;
  const nodes = useMemo(
    () => deriver.nodes(list, { selection, editingId, warned, overlay }),
    [deriver, list, selection, editingId, warned, overlay],
  );
  const edges = useMemo(
    () => deriver.edges(list, { selection, editingId, warned, overlay: EMPTY_OVERLAY }),
    [deriver, list, selection, editingId, warned],
  );

  // ---- fitting the view once React Flow holds the nodes we gave it ----
  const rfCount = useStore((s) => s.nodeLookup.size);
  const fitWanted = useRef(false);
  const [fitTick, setFitTick] = useState(0);
  useEffect(() => {
    if (!fitWanted.current || rfCount !== nodes.length || !model) return;
    // Same count is not enough (two diagrams may have as many nodes): check React Flow holds ours.
    if (nodes.length > 0 && !rf.getInternalNode(nodes[nodes.length - 1].id)) return;
    fitWanted.current = false;
    // Not tied to animation frames: WebKitGTK may not run them while nothing repaints.
    let done = false;
    const drawn = () => {
      if (done) return;
      done = true;
      setApp({ zoom: rf.getZoom() });
      // Let React commit the fitted viewport before announcing it.
      window.setTimeout(() => {
        if (!getApp().ready) setApp({ ready: true });
      }, 0);
    };
    void rf.fitView(FIT_OPTIONS).then(drawn);
    window.setTimeout(drawn, 1000);
  }, [fitTick, rfCount, nodes.length, model, rf]);

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
      fit: () => {
        fitWanted.current = true;
        setFitTick((t) => t + 1);
      },
      zoomIn: () => void rf.zoomIn({ duration: 150 }).then(() => setApp({ zoom: rf.getZoom() })),
      zoomOut: () => void rf.zoomOut({ duration: 150 }).then(() => setApp({ zoom: rf.getZoom() })),
      zoomReset: () => void rf.zoomTo(1, { duration: 150 }).then(() => setApp({ zoom: 1 })),
      viewCentre,
      pointerOrCentre: () =>
        pointer.current.inside ? rf.screenToFlowPosition({ x: pointer.current.x, y: pointer.current.y }) : viewCentre(),
      reveal: (id) => {
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
      },
    });
    return () => registerCanvas(null);
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

  const onEdgesChange = useCallback((changes: EdgeChange<TLEdge>[]) => {
    let sel: Map<string, boolean> | null = null;
    for (const c of changes) if (c.type === 'select') (sel ??= new Map()).set(c.id, c.selected);
    if (sel) applySelect(sel);
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

  const onEdgeDoubleClick = useCallback((_e: React.MouseEvent, edge: TLEdge) => {
    setSelection([edge.id]);
    startEditing(edge.id);
  }, []);

  const onMoveEnd = useCallback((_e: unknown, vp: { zoom: number }) => {
    if (Math.abs(getApp().zoom - vp.zoom) > 1e-3) setApp({ zoom: vp.zoom });
  }, []);

  const big = list.length > VIRTUALIZE_ABOVE;

  return (
    <CanvasContext.Provider value={callbacks}>
      <div
        ref={wrapper}
        className={`tl-canvas${connecting ? ' tl-connecting' : ''}`}
        data-testid="canvas"
        onMouseMove={(e) => {
          pointer.current = { x: e.clientX, y: e.clientY, inside: true };
        }}
        onMouseLeave={() => {
          pointer.current.inside = false;
        }}
      >
        <ReactFlow<TLNode, TLEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onConnect={onConnect}
          onConnectStart={() => setConnecting(true)}
          onConnectEnd={() => setConnecting(false)}
          isValidConnection={isValidConnection}
          onNodeDoubleClick={onNodeDoubleClick}
          onEdgeDoubleClick={onEdgeDoubleClick}
          onMoveEnd={onMoveEnd}
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
          minZoom={0.05}
          maxZoom={4}
          onlyRenderVisibleElements={big}
          proOptions={PRO}
          className={ready ? 'is-ready' : undefined}
        >
          <Background variant={BackgroundVariant.Dots} gap={24} size={1.2} color="#c7ced9" />
        </ReactFlow>
        {model && list.length === 0 && <EmptyHint />}
      </div>
    </CanvasContext.Provider>
  );
}
