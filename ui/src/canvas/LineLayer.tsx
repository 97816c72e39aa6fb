import { memo, useCallback, useEffect, useMemo, useState } from 'react';
import { useReactFlow, ViewportPortal } from '@xyflow/react';
import type { Element } from '../app/model';
import { setSelection, toggleSelected } from '../app/store';
import { finishEditing, place, reshape, startEditing } from '../app/intents/diagram';
import { NameEditor } from './NameEditor';
import { bounds, labelAt, linePath, nearestSegment, removePoint, shifted, withPoint, type P } from './lines';

/**
 * Trust boundaries drawn as lines: a dashed polyline in the boundary colour with
 * its name on a chip at the middle of its longest segment. Not React Flow nodes:
 * only the stroke (a wide transparent path over it), its label and, on the
 * selected line, its point handles take the mouse, so the nodes and canvas
 * under its bounding box get every other click. Drawn behind the flows, in
 * front of box boundaries.
 *
 * Gestures: press on the stroke or label selects it (Shift/Ctrl toggles);
 * dragging it moves the whole line (`Op::Place` with its new bounding box);
 * dragging a handle moves that point, a double-click on the stroke adds a point
 * there, a double-click on a handle removes it (`Op::Reshape`); a double-click
 * on the label renames it. The moved geometry stays until the core answers.
 */
export interface LineLayerProps {
  lines: readonly Element[];
  selection: ReadonlySet<string>;
  editingId: string | null;
  /** The line being drawn (the line tool's drag), in canvas coordinates. */
  draft: readonly P[] | null;
  showLabels: boolean;
}

/** Clicks on a line are its own: they never reach the pane (which clears the selection). */
function stop(e: React.MouseEvent) {
  e.stopPropagation();
}

/** A gesture's transient points, per line id. */
type Moving = ReadonlyMap<string, readonly P[]>;
const NONE: Moving = new Map();

export const LineLayer = memo(function LineLayer({ lines, selection, editingId, draft, showLabels }: LineLayerProps) {
  const rf = useReactFlow();
  const [moving, setMoving] = useState<Moving>(NONE);

  // A committed gesture's overlay is dropped once the core's points are in.
  useEffect(() => {
    if (moving.size === 0) return;
    let changed = false;
    const next = new Map(moving);
    for (const [id] of moving) {
      if (!lines.some((l) => l.id === id)) {
        next.delete(id);
        changed = true;
      }
    }
    if (changed) setMoving(next.size === 0 ? NONE : next);
  }, [lines, moving]);

  const setOne = useCallback((id: string, pts: readonly P[] | null) => {
    setMoving((cur) => {
      const next = new Map(cur);
      if (pts) next.set(id, pts);
      else next.delete(id);
      return next.size === 0 ? NONE : next;
    });
  }, []);

  /** Follows the mouse from a press until release; `onMove` gets the canvas
   *  delta since the press once the mouse moved 3 px, `onEnd` whether it did. */
  const follow = useCallback(
    (e: React.PointerEvent, onMove: (d: P) => void, onEnd: (moved: boolean, d: P) => void) => {
      const start = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const sx = e.clientX;
      const sy = e.clientY;
      let moved = false;
      let last: P = { x: 0, y: 0 };
      const move = (ev: PointerEvent) => {
        if (!moved && Math.hypot(ev.clientX - sx, ev.clientY - sy) < 3) return;
        moved = true;
        const p = rf.screenToFlowPosition({ x: ev.clientX, y: ev.clientY });
        last = { x: Math.round(p.x - start.x), y: Math.round(p.y - start.y) };
        onMove(last);
      };
      const up = () => {
        window.removeEventListener('pointermove', move, true);
        window.removeEventListener('pointerup', up, true);
        window.removeEventListener('pointercancel', up, true);
        onEnd(moved, last);
      };
      window.addEventListener('pointermove', move, true);
      window.addEventListener('pointerup', up, true);
      window.addEventListener('pointercancel', up, true);
    },
    [rf],
  );

  const startMove = useCallback(
    (e: React.PointerEvent, l: Element) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      // No text selection starts under a drag (the mouse events it comes from are not sent).
      e.preventDefault();
      if (e.shiftKey || e.ctrlKey || e.metaKey) {
        toggleSelected(l.id);
        return;
      }
      setSelection([l.id]);
      const from = l.points ?? [];
      follow(
        e,
        (d) => setOne(l.id, shifted(from, d.x, d.y)),
        (moved, d) => {
          if (!moved || (d.x === 0 && d.y === 0)) {
            setOne(l.id, null);
            return;
          }
          const to = shifted(from, d.x, d.y);
          void place([{ id: l.id, rect: bounds(to) }]).finally(() => setOne(l.id, null));
        },
      );
    },
    [follow, setOne],
  );

  const startPoint = useCallback(
    (e: React.PointerEvent, l: Element, index: number) => {
      if (e.button !== 0) return;
      e.stopPropagation();
      e.preventDefault();
      const from = l.points ?? [];
      const p0 = from[index];
      if (!p0) return;
      follow(
        e,
        (d) => setOne(l.id, withPoint(from, index, { x: p0.x + d.x, y: p0.y + d.y })),
        (moved, d) => {
          if (!moved) {
            setOne(l.id, null);
            return;
          }
          const to = withPoint(from, index, { x: p0.x + d.x, y: p0.y + d.y });
          void reshape(l.id, to).finally(() => setOne(l.id, null));
        },
      );
    },
    [follow, setOne],
  );

  /** A double-click on the line: on one of its points (not an end) removes it,
   *  elsewhere adds a point there. */
  const addOrDropPoint = useCallback(
    (e: React.MouseEvent, l: Element) => {
      e.stopPropagation();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const pts = l.points ?? [];
      const near = 8 / Math.max(rf.getZoom(), 0.05);
      const on = pts.findIndex((q, i) => i > 0 && i < pts.length - 1 && Math.hypot(q.x - p.x, q.y - p.y) <= near);
      setSelection([l.id]);
      if (on >= 0) {
        void reshape(l.id, removePoint(pts, on));
        return;
      }
      const n = nearestSegment(pts, p);
      if (!n) return;
      const next = [...pts];
      next.splice(n.index + 1, 0, { x: Math.round(n.at.x), y: Math.round(n.at.y) });
      void reshape(l.id, next);
    },
    [rf],
  );

  // The SVG's box spans every line (WebKit hit-tests an SVG's content only inside its box).
  const box = useMemo(() => {
    let x0 = 0, y0 = 0, x1 = 1, y1 = 1;
    const add = (pts: readonly P[]) => {
      for (const p of pts) {
        x0 = Math.min(x0, p.x);
        y0 = Math.min(y0, p.y);
        x1 = Math.max(x1, p.x);
        y1 = Math.max(y1, p.y);
      }
    };
    for (const l of lines) add(moving.get(l.id) ?? l.points ?? []);
    if (draft) add(draft);
    const m = 200;
    return { x: Math.floor(x0 - m), y: Math.floor(y0 - m), w: Math.ceil(x1 - x0 + 2 * m), h: Math.ceil(y1 - y0 + 2 * m) };
  }, [lines, moving, draft]);

  if (lines.length === 0 && !draft) return null;
  return (
    <ViewportPortal>
      <svg
        className="tl-line-layer"
        style={{ left: box.x, top: box.y, width: box.w, height: box.h }}
        viewBox={`${box.x} ${box.y} ${box.w} ${box.h}`}
      >
        {lines.map((l) => {
          const pts = moving.get(l.id) ?? l.points ?? [];
          const selected = selection.has(l.id);
          const d = linePath(pts);
          return (
            <g
              key={l.id}
              className={`tl-line nodrag nopan${selected ? ' is-selected' : ''}${l.props.out_of_scope === true ? ' is-out-of-scope' : ''}`}
              data-id={l.id}
              data-testid="line-boundary"
              data-points={pts.map((p) => `${p.x},${p.y}`).join(' ')}
            >
              <path className="tl-line-hit" d={d} onPointerDown={(e) => startMove(e, l)} onClick={stop} onDoubleClick={(e) => addOrDropPoint(e, l)} />
              <path className="tl-line-stroke" d={d} />
              {selected &&
                pts.map((p, i) => (
                  <circle
                    key={i}
                    className="tl-line-handle"
                    data-testid="line-handle"
                    data-index={i}
                    cx={p.x}
                    cy={p.y}
                    r={5}
                    onPointerDown={(e) => startPoint(e, l, i)}
                    onClick={stop}
                    onDoubleClick={(e) => addOrDropPoint(e, l)}
                  >
                    <title>{pts.length > 2 ? 'Drag to move this point; double-click to remove it' : 'Drag to move this point'}</title>
                  </circle>
                ))}
            </g>
          );
        })}
        {draft && draft.length >= 2 && <path className="tl-line-stroke is-draft" d={linePath(draft)} />}
      </svg>
      <div className="tl-line-labels">
        {lines.map((l) => {
          const editing = editingId === l.id;
          const selected = selection.has(l.id);
          if (!(showLabels || editing || selected)) return null;
          const at = labelAt(moving.get(l.id) ?? l.points ?? []);
          const named = l.name.trim() !== '';
          return (
            <div
              key={l.id}
              className={`tl-line-label nodrag nopan${selected ? ' is-selected' : ''}${editing ? ' is-editing' : ''}`}
              style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}
              onPointerDown={(e) => {
                if (!editing) startMove(e, l);
              }}
              onClick={stop}
              onDoubleClick={(e) => {
                e.stopPropagation();
                setSelection([l.id]);
                startEditing(l.id);
              }}
            >
              {editing ? (
                <NameEditor initial={l.name} ariaLabel="Trust boundary name" onDone={(name) => finishEditing(l.id, name)} />
              ) : (
                <span data-testid="line-label" data-id={l.id} className={named ? undefined : 'is-empty'}>
                  {named ? l.name : 'Unnamed trust boundary'}
                </span>
              )}
            </div>
          );
        })}
      </div>
    </ViewportPortal>
  );
});
