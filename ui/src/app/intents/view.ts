// Intents on what the main window shows: presenter mode and the view switch.
import { canvasApi } from '../canvasApi';
import { getApp, setApp, type AppState } from '../store';

export function togglePresenting(): void {
  const before = canvasApi();
  const on = !getApp().presenting;
  // Panels (Export among them) are not part of presenter mode: they close.
  setApp({ presenting: on, editing: null, ...(on ? { panel: null } : {}) });
  // The canvas is mounted afresh in the other layout: fit the diagram to it once it is there.
  fitNewCanvas(before);
}

function fitNewCanvas(before: ReturnType<typeof canvasApi>, tries = 40): void {
  globalThis.setTimeout(() => {
    const api = canvasApi();
    if (api && api !== before) api.fit();
    else if (tries > 0) fitNewCanvas(before, tries - 1);
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
