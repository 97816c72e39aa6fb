// The window's state: the engagement model (changed only by the core's answers)
// and per-window UI state (active diagram, selection, inline editor, toasts).
import { create } from 'zustand';
import type { Analysis, PropertyDef } from '../bindings';
import type { Model } from './model';

export interface Toast {
  id: number;
  text: string;
  tone: 'error' | 'info';
}

/** The in-place name editor: on a canvas element, or on a diagram tab. */
export type Editing = { target: 'element' | 'tab'; id: string } | null;

export type Panel = 'new-engagement' | 'shortcuts' | null;

export interface AppState {
  model: Model | null;
  /** Why there is no model (the core refused, or the app runs outside Tauri). */
  loadError: string | null;
  diagramId: string | null;
  selection: ReadonlySet<string>;
  editing: Editing;
  analysis: Analysis | null;
  catalog: PropertyDef[];
  toasts: Toast[];
  panel: Panel;
  /** True once the first snapshot is drawn on the canvas (tests wait for it). */
  ready: boolean;
  /** Zoom of the canvas, for the status bar. */
  zoom: number;
  /** The inspector can be hidden to give a screen share the whole width. */
  inspectorOpen: boolean;
}

export const EMPTY_SELECTION: ReadonlySet<string> = new Set();

export const useApp = create<AppState>(() => ({
  model: null,
  loadError: null,
  diagramId: null,
  selection: EMPTY_SELECTION,
  editing: null,
  analysis: null,
  catalog: [],
  toasts: [],
  panel: null,
  ready: false,
  zoom: 1,
  inspectorOpen: true,
}));

export const getApp = useApp.getState;
export const setApp = useApp.setState;

let nextToast = 1;

export function toast(text: string, tone: Toast['tone'] = 'error'): void {
  const id = nextToast++;
  // Keep the stack short: a burst of errors must not cover the canvas.
  setApp((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, tone }] }));
  globalThis.setTimeout(() => dismissToast(id), tone === 'error' ? 6000 : 3500);
}

export function dismissToast(id: number): void {
  setApp((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export function setSelection(ids: Iterable<string>): void {
  const next = new Set(ids);
  const cur = getApp().selection;
  if (next.size === cur.size && [...next].every((id) => cur.has(id))) return;
  setApp({ selection: next.size === 0 ? EMPTY_SELECTION : next });
}

export function toggleSelected(id: string): void {
  const next = new Set(getApp().selection);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  setApp({ selection: next });
}
