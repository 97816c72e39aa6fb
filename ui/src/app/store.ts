// The window's one store, in slices: the engagement (the Model, changed only by
// the core's answers, see sync.ts), what the core derived from it (one `derived`
// read per change), and this window's UI state (diagram, selection, editors,
// panels, the engagement view). Nothing here talks to the core.
import { create } from 'zustand';
import type {
  Analysis,
  ChecklistEntry_Serialize,
  Coverage,
  FourQuestions,
  LibraryHit_Serialize,
  LibraryStatus_Serialize,
  LibraryUpdate_Serialize,
  PropertyDef,
  ScopeSummary,
  SessionSummary,
  Stride,
  Suggestion,
  ThreatOverview_Serialize,
} from '../bindings';
import { NO_FILTERS, type ThreatFilters } from '../shared/threatFilters';
import type { ThreatClip } from '../shared/threatClipboard';
import { requestFit } from './canvasApi';
import type { Model } from './model';

export interface Toast {
  id: number;
  text: string;
  tone: 'error' | 'info';
}

/** The in-place name editor: on a canvas element, or on a diagram tab. */
export type Editing = { target: 'element' | 'tab'; id: string } | null;

export type Panel =
  | 'new-engagement'
  | 'shortcuts'
  | 'export'
  | 'import'
  | 'import-into'
  | 'library-picker'
  | 'library-save'
  | 'library-harvest'
  | 'library-folders'
  | 'palette'
  | null;

export type View = 'diagram' | 'engagement';

/** The panel under the canvas. */
export type BottomTab = 'threats' | 'suggestions' | 'coverage';

/** What the core derived for one version of the engagement. */
export interface Derived<T> {
  path: string;
  version: number;
  data: T;
}

/** The quick threat form, over the inspector: on these elements, maybe a category picked. */
export interface QuickThreat {
  elementIds: string[];
  category: Stride | null;
  /** Bumped on each open, so opening it again refocuses it. */
  seq: number;
}

/** The engagement figures (the Engagement view's), by name. */
export interface Figures {
  summaries: SessionSummary[];
  scope: ScopeSummary;
  checklist: ChecklistEntry_Serialize[];
  four: FourQuestions;
}
export type FigureKind = keyof Figures;

export type Section = 'overview' | 'scoping' | 'sessions' | 'checklist' | 'findings';

/** The engagement slice: the window's copy of the file. */
interface EngagementSlice {
  model: Model | null;
  /** Why there is no model (the core refused, or the app runs outside Tauri). */
  loadError: string | null;
  catalog: PropertyDef[];
}

/** What the core derived (from one `derived` read per change and per query). */
interface DerivedSlice {
  /** The diagram on screen: containment, crossings, warnings. */
  analysis: Analysis | null;
  /** Risk per threat and badge per element (from the core, refreshed after changes). */
  overview: Derived<ThreatOverview_Serialize> | null;
  /** The figures, with every element's row when `allRows` (the query asked for the matrix), else the selected one's. */
  coverage: (Derived<Coverage> & { allRows: boolean }) | null;
  /** Pending suggestions for the one selected element. */
  suggestions: (Derived<Suggestion[]> & { elementId: string }) | null;
  /** Pending suggestions for the whole engagement (read while that tab shows). */
  allSuggestions: Derived<Suggestion[]> | null;
  /** The engagement figures, read while a view that shows them is mounted. */
  figures: { [K in FigureKind]?: Derived<Figures[K]> };
  /** How many mounted views want the engagement figures (nothing is read for nobody). */
  wanted: number;
}

/** The team's library as this window last read it (sync.ts reads it: at
 *  start, on `library-changed`, and when the library's threats change). */
export interface LibraryState {
  /** The folders (the first takes new entries), the entry count, the problems. */
  status: LibraryStatus_Serialize | null;
  /** Bumped on every `library-changed`: what is shown from the library is read again. */
  generation: number;
  /** The open engagement's threats whose entry has a newer version. */
  updates: { path: string; list: LibraryUpdate_Serialize[] } | null;
  /** Entries offered beside the rules' suggestions for the one selected
   *  element (`more`: the library holds more than are listed). */
  suggestions: { path: string; elementId: string; hits: LibraryHit_Serialize[]; more: boolean } | null;
}

interface LibrarySlice {
  library: LibraryState;
}

/** This window's UI state. */
interface UiSlice {
  diagramId: string | null;
  selection: ReadonlySet<string>;
  editing: Editing;
  toasts: Toast[];
  panel: Panel;
  /** True once the first snapshot is drawn on the canvas (tests wait for it). */
  ready: boolean;
  /** True once a frame has shown that first drawing (see `mayDerive`). */
  drawn: boolean;
  /** Zoom of the canvas, for the status bar. */
  zoom: number;
  /** The inspector can be hidden to give a screen share the whole width. */
  inspectorOpen: boolean;
  /** The main window shows the diagrams or the engagement (overview, scoping, sessions…). */
  view: View;
  /** Presenter mode for the screen share: the canvas only, nothing internal rendered. */
  presenting: boolean;
  /** The threat shown in the inspector's editor. It shows while the selection is
   *  the one it was opened with: selecting something else goes back to that. */
  openThreat: { id: string; selection: ReadonlySet<string> } | null;
  quickThreat: QuickThreat | null;
  bottomTab: BottomTab;
  bottomOpen: boolean;
  bottomHeight: number;
  threatFilters: ThreatFilters;
  /** The Engagement view's section. */
  section: Section;
  /** The note being promoted: its threat form shows. */
  promoting: string | null;
  /** The finding shown in the findings view. */
  finding: string | null;
  /** Threats copied in this window (Ctrl+C), kept when another engagement is
   *  opened: pasted when the clipboard brings none (see shell/clipboard.ts). */
  copied: ThreatClip | null;
  /** The elements the library picker applies an entry to. */
  pickFor: string[];
  /** The threat "Save to library" started from. */
  saving: string | null;
  /** A record just jumped to from the palette (a person, a session, a note):
   *  the view showing it scrolls it into view and marks it for a moment. */
  spotlight: { id: string; seq: number } | null;
}

export type AppState = EngagementSlice & DerivedSlice & LibrarySlice & UiSlice;

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
  drawn: false,
  zoom: 1,
  inspectorOpen: true,
  view: 'diagram',
  presenting: false,
  overview: null,
  coverage: null,
  suggestions: null,
  allSuggestions: null,
  openThreat: null,
  quickThreat: null,
  bottomTab: 'threats',
  bottomOpen: false,
  bottomHeight: 260,
  threatFilters: NO_FILTERS,
  figures: {},
  wanted: 0,
  section: 'overview',
  promoting: null,
  finding: null,
  copied: null,
  library: { status: null, generation: 0, updates: null, suggestions: null },
  pickFor: [],
  saving: null,
  spotlight: null,
}));

/** Above this many elements an engagement is big: its answers are large. */
export const BIG_MODEL = 1000;

/** Whether what the core derives (analysis, risk and badges, coverage) may be
 *  fetched: on a big engagement, not before its first drawing has been on screen
 *  for a frame, so large answers and re-renders do not hold up that frame. */
export function mayDerive(s: AppState): boolean {
  return s.drawn || (s.model?.elements.size ?? 0) <= BIG_MODEL;
}

export const getApp = useApp.getState;
export const setApp = useApp.setState;

let nextToast = 1;

export function toast(text: string, tone: Toast['tone'] = 'error', ms?: number): void {
  const id = nextToast++;
  // Keep the stack short: a burst of errors must not cover the canvas.
  setApp((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, tone }] }));
  globalThis.setTimeout(() => dismissToast(id), ms ?? (tone === 'error' ? 6000 : 3500));
}

/** Replaces part of the library slice. */
export function setLibrary(patch: Partial<LibraryState>): void {
  setApp((s) => ({ library: { ...s.library, ...patch } }));
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

/** Shows another diagram: nothing selected or edited on it yet, fitted in view. */
export function selectDiagram(id: string): void {
  const s = getApp();
  if (s.diagramId === id) return;
  setApp({ diagramId: id, selection: EMPTY_SELECTION, editing: null, analysis: null });
  requestFit();
}
