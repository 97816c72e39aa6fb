// Dragging threats from the list onto an element of the canvas: a drop moves
// them there, Ctrl (or Alt) + drop copies them. Pointer events, not HTML drag
// and drop: the drop target is whatever element the canvas draws under the
// pointer (`canvasApi().elementAt`), and the label beside the pointer says
// what a drop would do before it is done.
import { useCallback, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { canvasApi, type ScreenBox } from '../app/canvasApi';
import { dropRefusal, dropThreats } from '../app/intents/threats';
import { getApp } from '../app/store';
import { elementLabel } from '../shared/kinds';
import { threatsText } from '../shared/threatClipboard';

/** A press becomes a drag after this many pixels (a click stays a click). */
const DRAG_START = 5;

interface Drag {
  ids: string[];
  x: number;
  y: number;
  copy: boolean;
  target: { id: string; box: ScreenBox } | null;
}

/** `start` on a row's pointerdown; `ghost` rendered by the list; `consumeClick`
 *  in the row's click handler (true: that click ended a drag, ignore it). */
export function useThreatDrag() {
  const [drag, setDrag] = useState<Drag | null>(null);
  const stop = useRef<(() => void) | null>(null);
  const dragged = useRef(false);

  useEffect(() => () => stop.current?.(), []);

  const start = useCallback((e: React.PointerEvent, ids: string[]) => {
    if (e.button !== 0 || ids.length === 0) return;
    stop.current?.();
    const x0 = e.clientX;
    const y0 = e.clientY;
    let current: Drag | null = null;
    const update = (x: number, y: number, copy: boolean) => {
      const target = canvasApi()?.elementAt(x, y) ?? null;
      current = { ids, x, y, copy, target };
      setDrag(current);
    };
    const move = (ev: PointerEvent) => {
      if (!current && Math.hypot(ev.clientX - x0, ev.clientY - y0) < DRAG_START) return;
      if (!current) {
        window.getSelection()?.removeAllRanges();
        document.body.classList.add('tl-threat-dragging');
      }
      update(ev.clientX, ev.clientY, ev.ctrlKey || ev.metaKey || ev.altKey);
    };
    const key = (ev: KeyboardEvent) => {
      if (!current) return;
      if (ev.key === 'Escape') {
        ev.preventDefault();
        ev.stopPropagation();
        end();
        return;
      }
      const copy = ev.ctrlKey || ev.metaKey || ev.altKey;
      if (copy !== current.copy) update(current.x, current.y, copy);
    };
    const up = (ev: PointerEvent) => {
      const done = current;
      end();
      if (!done) return;
      dragged.current = true;
      // The click that follows this release belongs to the drag.
      window.setTimeout(() => {
        dragged.current = false;
      }, 0);
      const copy = ev.ctrlKey || ev.metaKey || ev.altKey;
      const target = canvasApi()?.elementAt(ev.clientX, ev.clientY) ?? done.target;
      if (target) void dropThreats(done.ids, target.id, copy);
    };
    const end = () => {
      window.removeEventListener('pointermove', move, true);
      window.removeEventListener('pointerup', up, true);
      window.removeEventListener('pointercancel', end, true);
      window.removeEventListener('keydown', key, true);
      window.removeEventListener('keyup', key, true);
      document.body.classList.remove('tl-threat-dragging');
      stop.current = null;
      current = null;
      setDrag(null);
    };
    window.addEventListener('pointermove', move, true);
    window.addEventListener('pointerup', up, true);
    window.addEventListener('pointercancel', end, true);
    window.addEventListener('keydown', key, true);
    window.addEventListener('keyup', key, true);
    stop.current = end;
  }, []);

  const consumeClick = useCallback(() => dragged.current, []);

  return { start, consumeClick, ghost: drag ? <DragGhost drag={drag} /> : null };
}

function DragGhost({ drag }: { drag: Drag }) {
  const model = getApp().model;
  const titles = drag.ids.flatMap((id) => model?.threats.get(id)?.title ?? []);
  const what = threatsText(titles);
  const target = drag.target;
  const refusal = target ? dropRefusal(drag.ids, target.id, drag.copy) : null;
  const verb = drag.copy ? 'Copy' : 'Move';
  const state = !target ? 'none' : refusal ? 'refused' : 'ok';
  return createPortal(
    <div className="tl-drag-layer" aria-hidden="true">
      {target && (
        <div
          className={`tl-drop-box is-${state}`}
          style={{ left: target.box.left - 4, top: target.box.top - 4, width: target.box.width + 8, height: target.box.height + 8 }}
        />
      )}
      <div className={`tl-drag-ghost is-${state}`} data-testid="threat-drag" data-state={state} style={{ left: drag.x + 14, top: drag.y + 14 }}>
        <span className="tl-drag-verb">{verb}</span>
        <span className="tl-drag-what">{what}</span>
        <span className="tl-drag-where">
          {!target ? 'drop it on an element' : (refusal ?? `to ${elementLabel(model?.elements.get(target.id))}`)}
        </span>
        {!drag.copy && <span className="tl-drag-hint">Ctrl: copy</span>}
      </div>
    </div>,
    document.body,
  );
}
