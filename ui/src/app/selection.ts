// Selection shared by every window: what this window selects goes to the core
// (`select`), and what another window selected (`selection-changed`) is selected
// here too — in the main window on the canvas, switching diagram and bringing it
// into view. A window ignores its own echo by its label.
import { getCurrentWindow } from '@tauri-apps/api/window';
import { commands, events, type Selection } from '../bindings';
import { canvasApi } from './canvasApi';
import { selectDiagram } from './sync';
import type { Element } from './model';
import { describeError } from '../shared/errors';
import { getApp, setApp, setSelection, toast, useApp, type AppState } from './store';
import { startDerivedFigures, startRecords } from './engagementStore';

export function windowLabel(): string {
  try {
    return getCurrentWindow().label;
  } catch {
    return 'main';
  }
}

/** The selection as one comparable value. */
export function selectionKey(diagramId: string | null | undefined, ids: Iterable<string>): string {
  return `${diagramId ?? ''}|${[...ids].sort().join(',')}`;
}

/**
 * What to select here for a selection made in another window: the elements
 * that exist, on the diagram of the first of them (other diagrams' ones are
 * dropped, as the canvas shows one diagram). Null when none of them exist here
 * (another engagement, or deleted meanwhile) unless the selection is empty.
 */
export function planAdoption(
  elements: ReadonlyMap<string, Element>,
  current: string | null,
  remote: { diagram_id?: string | null; element_ids: readonly string[] },
): { diagramId: string | null; ids: string[] } | null {
  if (remote.element_ids.length === 0) return { diagramId: current, ids: [] };
  const known = remote.element_ids.filter((id) => elements.has(id));
  if (known.length === 0) return null;
  const diagramId = elements.get(known[0])!.diagram_id;
  return { diagramId, ids: known.filter((id) => elements.get(id)!.diagram_id === diagramId) };
}

/** `reveal`: this window has the canvas (the main window): switch tab and centre on it. */
export function startSelectionSync({ reveal }: { reveal: boolean }): () => void {
  const label = windowLabel();
  let adopting = false;
  let pending: Selection | null = null;
  let lastKey = selectionKey(getApp().diagramId, getApp().selection);
  let stopped = false;

  const adopt = (remote: Selection) => {
    const s = getApp();
    if (!s.model) {
      pending = remote;
      return;
    }
    pending = null;
    const plan = planAdoption(s.model.elements, s.diagramId, remote);
    if (!plan) return;
    adopting = true;
    try {
      if (plan.diagramId && plan.diagramId !== s.diagramId && plan.ids.length > 0) {
        if (reveal) selectDiagram(plan.diagramId);
        else setApp({ diagramId: plan.diagramId });
      }
      setSelection(plan.ids);
      lastKey = selectionKey(getApp().diagramId, getApp().selection);
    } finally {
      adopting = false;
    }
    if (reveal && plan.ids.length > 0) canvasApi()?.reveal(plan.ids[0]);
  };

  const onState = (s: AppState, prev: AppState) => {
    if (pending && s.model && !prev.model) adopt(pending);
    if (s.selection === prev.selection && s.diagramId === prev.diagramId) return;
    const key = selectionKey(s.diagramId, s.selection);
    if (key === lastKey) return;
    lastKey = key;
    // Only a selection with something in it, or one emptied here, is news for the others;
    // a diagram switch alone is not.
    if (adopting || (s.selection.size === 0 && prev.selection.size === 0)) return;
    commands.select({ diagram_id: s.diagramId, element_ids: [...s.selection] }).catch(() => {});
  };
  const unsubscribe = useApp.subscribe(onState);

  let unlisten: (() => void) | null = null;
  events.selectionChanged
    .listen((e) => {
      if (e.payload.window !== label) adopt(e.payload.selection);
    })
    .then(
      (u) => {
        if (stopped) u();
        else unlisten = u;
      },
      () => {},
    );
  // A window that opens later (the note-taker) starts on what is selected now.
  commands.selection().then(
    (r) => {
      if (!stopped && r.status === 'ok' && r.data.element_ids.length > 0) adopt(r.data);
    },
    () => {},
  );

  return () => {
    stopped = true;
    unsubscribe();
    unlisten?.();
  };
}

// ---- presenter mode, the view switch and the note-taker (main windows) ----

/** Window → Note-taker: opens it, or brings it forward. */
export async function openNoteTaker(): Promise<void> {
  try {
    const r = await commands.openNoteTaker();
    if (r.status === 'error') toast(describeError(r.error));
  } catch (e) {
    toast(describeError(e));
  }
}


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

/** F5 or Ctrl+Shift+P toggles presenter mode; while the engagement view shows,
 *  single keys do not reach the hidden canvas. */
export function startViewKeys(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const presenterKey =
      (key === 'F5' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) ||
      (key === 'p' && (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey);
    if (presenterKey) {
      e.preventDefault();
      e.stopPropagation();
      if (getApp().model) togglePresenting();
      return;
    }
    const s = getApp();
    if (s.view === 'engagement' && !s.presenting && s.panel === null) {
      // Keys typed with nothing focused would be canvas shortcuts (add, delete, nudge…):
      // the canvas is not on screen, so they stop here. Ctrl/Cmd chords (undo, open) pass.
      const t = e.target;
      const onPage = t === document.body || t === document.documentElement || t === null;
      if (onPage && !e.ctrlKey && !e.metaKey) e.stopPropagation();
    }
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}

/** Something asked for in the Engagement view that only the diagram view shows
 *  (View → Threat list, Edit → Log a threat…, a threat opened): show it. */
export function startDiagramIntents(): () => void {
  return useApp.subscribe((s, prev) => {
    if (s.view !== 'engagement' || s.presenting) return;
    const wantsDiagram =
      (s.bottomOpen && (!prev.bottomOpen || s.bottomTab !== prev.bottomTab)) ||
      (s.quickThreat !== null && s.quickThreat !== prev.quickThreat) ||
      (s.openThreat !== null && s.openThreat !== prev.openThreat);
    if (wantsDiagram) showView('diagram');
  });
}

/** Everything the engagement adds to a main window; returns a stop function. */
export function startMainWindow(): () => void {
  void startRecords();
  const stops = [startDerivedFigures(), startSelectionSync({ reveal: true }), startViewKeys(), startDiagramIntents()];
  return () => stops.forEach((stop) => stop());
}
