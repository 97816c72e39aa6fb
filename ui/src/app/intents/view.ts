// Intents on what the main window shows: presenter mode and the view switch.
import { canvasApi, type CanvasApi, type Viewport } from '../canvasApi';
import { getApp, setApp, type AppState } from '../store';

/** The facilitator's view when presenting began (and its diagram): put back
 *  exactly when presenting ends, rather than fitted anew. */
let facilitator: { diagramId: string | null; viewport: Viewport } | null = null;

export function togglePresenting(): void {
  const before = canvasApi();
  const s = getApp();
  const on = !s.presenting;
  if (on) {
    const viewport = before?.viewport();
    facilitator = viewport ? { diagramId: s.diagramId, viewport } : null;
  }
  // Panels (Export among them) are not part of presenter mode: they close.
  setApp({ presenting: on, editing: null, ...(on ? { panel: null } : {}) });
  // The canvas is mounted afresh in the other layout: presenting fits the
  // diagram to it; leaving puts the facilitator's view back (if the same
  // diagram is still on screen).
  const back = !on && facilitator && facilitator.diagramId === getApp().diagramId ? facilitator.viewport : null;
  if (!on) facilitator = null;
  whenNewCanvas(before, (api) => (back ? api.setViewport(back) : api.fit()));
}

function whenNewCanvas(before: CanvasApi | null, then: (api: CanvasApi) => void, tries = 40): void {
  globalThis.setTimeout(() => {
    const api = canvasApi();
    if (api && api !== before) then(api);
    else if (tries > 0) whenNewCanvas(before, then, tries - 1);
  }, 25);
}

export function showView(view: AppState['view']): void {
  if (getApp().view === view) return;
  setApp({ view, editing: null });
  if (view === 'diagram') globalThis.setTimeout(() => canvasApi()?.fit(), 0);
}

/** The command palette (Ctrl+K): not while presenting (no panel opens on the
 *  share), nor over another panel or with no engagement open. */
export function openPalette(): void {
  const s = getApp();
  if (s.model && !s.presenting && s.panel === null) setApp({ panel: 'palette' });
}
