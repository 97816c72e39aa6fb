import { memo, useMemo } from 'react';
import { useStore, ViewportPortal } from '@xyflow/react';
import { setSelection, toggleSelected } from '../app/store';
import { geometryOf, type TLEdge } from './derive';
import { NameEditor } from './NameEditor';
import { ThreatBadge } from './ThreatBadge';
import { finishEditing, startEditing } from '../app/intents/diagram';

/**
 * The data flows, drawn by the canvas itself rather than by React Flow's edge
 * renderer: one memoized component per flow and no store subscriptions, which
 * is what keeps a 1,500-flow diagram within its load budget. Paths sit behind
 * the elements (z 1) and in front of trust boundaries (z −2); they keep React Flow's edge
 * class and aria-label ("Edge from A to B") so tests read them the usual way.
 */
export const FlowLayer = memo(function FlowLayer({ edges, cull }: { edges: TLEdge[]; cull: boolean }) {
  // On big diagrams only the flows near the view are mounted (like React Flow's
  // onlyRenderVisibleElements for nodes). The window is coarse, so panning
  // re-renders this list only now and then.
  const windowKey = useStore((s) => (cull ? viewWindow(s.transform, s.width, s.height) : ''));
  const shown = useMemo(() => {
    if (!windowKey) return edges;
    const [x0, y0, x1, y1] = windowKey.split(',').map(Number);
    return edges.filter((e) => {
      const d = e.data;
      if (!d) return false;
      if (e.selected || d.editing) return true;
      const ax = Math.min(d.from.x, d.to.x);
      const ay = Math.min(d.from.y, d.to.y);
      const bx = Math.max(d.from.x + d.from.width, d.to.x + d.to.width);
      const by = Math.max(d.from.y + d.from.height, d.to.y + d.to.height);
      return bx >= x0 && ax <= x1 && by >= y0 && ay <= y1;
    });
  }, [edges, windowKey]);
  // WebKit hit-tests an SVG's content only inside the SVG's own box, so the box
  // spans every drawn flow (with room for curves); the content is shifted into it.
  const box = useMemo(() => {
    let x0 = 0, y0 = 0, x1 = 1, y1 = 1;
    for (const e of shown) {
      const d = e.data;
      if (!d) continue;
      x0 = Math.min(x0, d.from.x, d.to.x);
      y0 = Math.min(y0, d.from.y, d.to.y);
      x1 = Math.max(x1, d.from.x + d.from.width, d.to.x + d.to.width);
      y1 = Math.max(y1, d.from.y + d.from.height, d.to.y + d.to.height);
    }
    const m = 400;
    return { x: Math.floor(x0 - m), y: Math.floor(y0 - m), w: Math.ceil(x1 - x0 + 2 * m), h: Math.ceil(y1 - y0 + 2 * m) };
  }, [shown]);
  return (
    <ViewportPortal>
      <svg
        className="tl-flow-layer"
        aria-hidden={shown.length === 0}
        style={{ left: box.x, top: box.y, width: box.w, height: box.h }}
        viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
      >
        {shown.map((e) => (
          <FlowShape key={e.id} edge={e} />
        ))}
      </svg>
      <div className="tl-flow-labels">
        {shown.map((e) => (
          <FlowLabel key={e.id} edge={e} />
        ))}
      </div>
    </ViewportPortal>
  );
});

/** The part of the canvas (flow coordinates) to mount flows for: the view plus half
 *  a view on each side, snapped to a grid of half views so it changes rarely. */
export function viewWindow(t: readonly [number, number, number], width: number, height: number): string {
  const [tx, ty, zoom] = t;
  if (!(zoom > 0) || !(width > 0) || !(height > 0)) return '';
  const w = width / zoom;
  const h = height / zoom;
  const x = -tx / zoom;
  const y = -ty / zoom;
  const sx = w / 2;
  const sy = h / 2;
  const gx = Math.floor(x / sx) * sx;
  const gy = Math.floor(y / sy) * sy;
  return [gx - sx, gy - sy, gx + w + 2 * sx, gy + h + 2 * sy].map((v) => Math.round(v)).join(',');
}

function select(e: React.MouseEvent, id: string) {
  e.stopPropagation();
  if (e.shiftKey || e.ctrlKey || e.metaKey) toggleSelected(id);
  else setSelection([id]);
}

function rename(e: React.MouseEvent, id: string) {
  e.stopPropagation();
  setSelection([id]);
  startEditing(id);
}

const FlowShape = memo(function FlowShape({ edge }: { edge: TLEdge }) {
  const d = edge.data;
  if (!d) return null;
  const geometry = geometryOf(d);
  return (
    <g
      className={`react-flow__edge tl-flow${edge.selected ? ' selected' : ''}`}
      data-id={edge.id}
      aria-label={`Edge from ${edge.source} to ${edge.target}`}
      onClick={(e) => select(e, edge.id)}
      onDoubleClick={(e) => rename(e, edge.id)}
    >
      <path className="tl-flow-hit" d={geometry.path} />
      <path className="react-flow__edge-path" d={geometry.path} />
      <path className="tl-flow-arrow" d={geometry.arrow} />
    </g>
  );
});

const FlowLabel = memo(function FlowLabel({ edge }: { edge: TLEdge }) {
  const d = edge.data;
  if (!d || !(d.showLabel || d.editing || edge.selected)) return null;
  const named = d.element.name.trim() !== '';
  return (
    <div
      className={`tl-edge-label nodrag nopan${edge.selected ? ' is-selected' : ''}${d.editing ? ' is-editing' : ''}`}
      style={{ transform: `translate(-50%, -50%) translate(${d.labelX}px, ${d.labelY}px)` }}
      onClick={(e) => select(e, edge.id)}
      onDoubleClick={(e) => rename(e, edge.id)}
    >
      {d.editing ? (
        <NameEditor
          initial={d.element.name}
          ariaLabel="Data flow name"
          className="is-flow"
          onDone={(name) => finishEditing(edge.id, name)}
        />
      ) : (
        <span data-testid="edge-label" data-id={edge.id} className={named ? undefined : 'is-empty'}>
          <Lines text={named ? d.element.name : 'unnamed flow'} lines={d.lines} />
        </span>
      )}
      {d.warned && !d.editing && <span className="tl-warn-dot is-inline" title="This flow has DFD warnings" />}
      {d.badge && !d.editing && <ThreatBadge elementId={edge.id} badge={d.badge} inline />}
    </div>
  );
});

/** The label's lines as placed (wrapped as the report wraps them), broken with
 *  <br>: a space stays where the text had one (it hangs at the line's end), so
 *  the label's text is still the flow's name. */
function Lines({ text, lines }: { text: string; lines: readonly string[] }) {
  const out: React.ReactNode[] = [];
  let pos = 0;
  lines.forEach((line, i) => {
    const at = text.indexOf(line, pos);
    pos = (at < 0 ? pos : at) + line.length;
    let gap = '';
    while (pos < text.length && /\s/.test(text[pos])) {
      gap = ' ';
      pos++;
    }
    if (i > 0) out.push(<br key={i} />);
    out.push(i < lines.length - 1 ? line + gap : line);
  });
  return <>{out}</>;
}
