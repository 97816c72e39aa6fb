// The one door to the core: the only module that uses `commands` and `events`
// from the bindings (app/shell.ts reaches files, windows and exports through
// `core` below). It keeps the window's Model in step — one listener, one reload
// loop, every write one `apply` — reads what the core derives (one
// `derived` read per change and per query), and shares the selection between
// windows. Every IPC call is counted by command (`window.__threatloomIpc`).
import { getCurrentWindow } from '@tauri-apps/api/window';
import { commands, events } from '../bindings';
import type { Change, LibraryEntry_Deserialize, Op_Deserialize as Op, Selection, Snapshot } from '../bindings';
import { describeError } from '../shared/errors';
import { requestFit, canvasApi } from './canvasApi';
import { fromSnapshot, pickDiagram, stepChange, type Element, type Model } from './model';
import { queryOf, sameQuery, singleSelected, type Derived, type DerivedQuery } from './derived';
import { EMPTY_SELECTION, getApp, selectDiagram, setApp, setLibrary, setSelection, toast, useApp, type AppState } from './store';
import { entriesOn, libraryThreatsKey } from '../shared/library';
import { trace } from './trace';

// ---- IPC, counted ----

declare global {
  interface Window {
    /** IPC calls this window made, by command (the end-to-end tests read it). */
    __threatloomIpc?: Record<string, number>;
  }
}

export const ipcCounts: Record<string, number> = {};
if (typeof window !== 'undefined') window.__threatloomIpc = ipcCounts;

/** The bindings' commands, each call counted in `ipcCounts`. */
export const core: typeof commands = new Proxy(commands, {
  get(target, name: string) {
    const fn = (target as Record<string, unknown>)[name];
    if (typeof fn !== 'function') return fn;
    return (...args: unknown[]) => {
      ipcCounts[name] = (ipcCounts[name] ?? 0) + 1;
      return (fn as (...a: unknown[]) => unknown)(...args);
    };
  },
});

export type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/** Unwraps a command result; an error becomes a toast and `null`. A rejected
 *  promise (IPC failure) is treated the same way: the UI never crashes on it. */
export async function run<T>(p: Promise<Result<T>>): Promise<T | null> {
  try {
    const r = await p;
    if (r.status === 'ok') return r.data;
    toast(describeError(r.error));
  } catch (e) {
    toast(describeError(e));
  }
  return null;
}

// ---- the model: a snapshot, then every change once ----

/** `then`: UI state that goes with this model (the new element selected), set in
 *  the same store update, so the canvas re-renders once rather than twice. */
function setModel(model: Model, then?: Partial<AppState>): void {
  const s = getApp();
  const diagramId = pickDiagram(model, s.diagramId);
  // Drop selected or edited ids that no longer exist (deleted here or elsewhere).
  let selection = then?.selection ?? s.selection;
  if (selection.size > 0 && [...selection].some((id) => !model.elements.has(id))) {
    selection = new Set([...selection].filter((id) => model.elements.has(id)));
    if (selection.size === 0) selection = EMPTY_SELECTION;
  }
  let editing = then && 'editing' in then ? then.editing ?? null : s.editing;
  if (editing?.target === 'element' && !model.elements.has(editing.id)) editing = null;
  if (editing?.target === 'tab' && !model.diagrams.some((d) => d.id === editing!.id)) editing = null;
  setApp({
    ...then,
    model,
    diagramId,
    selection,
    editing,
    loadError: null,
    analysis: diagramId === s.diagramId ? s.analysis : null,
  });
  // The diagram on screen went away (deleted here or in another window, or undone):
  // show the one that replaced it in full.
  if (s.diagramId !== null && diagramId !== s.diagramId) requestFit();
}

/** `sameContent`: the snapshot is the engagement on screen under another path (Save
 *  as), so the view and selection stay. */
export function adoptSnapshot(snap: Snapshot, sameContent = false): void {
  const s = getApp();
  const sameFile = sameContent || (s.model !== null && s.model.path === snap.path);
  // A snapshot taken before changes this window already applied must not roll it back.
  if (s.model !== null && s.model.path === snap.path && snap.version < s.model.version) return;
  if (!sameFile) setApp({ selection: EMPTY_SELECTION, editing: null, diagramId: null, analysis: null });
  setModel(fromSnapshot(snap));
  if (!sameFile) requestFit();
}

let reloading: Promise<void> | null = null;
let reloadAgain = false;

/** Fetches a fresh snapshot (start, another engagement opened, a missed version).
 *  A request made while one is in flight runs again after it: the snapshot in
 *  flight may predate what the new request was about. */
export function reload(): Promise<void> {
  if (reloading) {
    reloadAgain = true;
    return reloading;
  }
  reloading = (async () => {
    try {
      do {
        reloadAgain = false;
        const r = await core.current();
        if (r.status === 'ok') {
          if (getApp().model === null) performance.mark('threatloom-snapshot');
          adoptSnapshot(r.data);
        } else if (getApp().model === null) setApp({ loadError: describeError(r.error) });
        else toast(describeError(r.error));
      } while (reloadAgain);
    } catch (e) {
      if (getApp().model === null) setApp({ loadError: describeError(e) });
      else toast(describeError(e));
    } finally {
      reloading = null;
    }
  })();
  return reloading;
}

/** A change from a command result or an event (`null`: another engagement was opened). */
function receive(change: Change | null | undefined, then?: (change: Change) => Partial<AppState>): void {
  const step = stepChange(getApp().model, change);
  if (step.kind === 'apply') setModel(step.model, change && then ? then(change) : undefined);
  else {
    if (step.kind === 'reload') void reload();
    // Already taken in (its event came first): the UI state still follows.
    if (change && then) setApp(then(change));
  }
}

/** A change a command other than `apply_op` made (an import into this
 *  engagement): taken in like any other; its event, when it follows, is a repeat. */
export function acceptChange(change: Change): void {
  receive(change);
}

/** What a write's caller wants with its change. `selectCreated`: select what
 *  the op creates and name it in place (with the change itself: one render). */
export interface ApplyOptions {
  selectCreated?: boolean;
}

function createdSelected(change: Change): Partial<AppState> {
  const id = change.created[0];
  return id ? { selection: new Set([id]), editing: { target: 'element', id } } : {};
}

/** The one write path. Resolves to the Change, or null when the core refused.
 *  The answer brings this window's derived views after the change (see
 *  `startDerived`), adopted with the change: one round trip, one render. */
export async function apply(op: Op, options: ApplyOptions = {}): Promise<Change | null> {
  const then = options.selectCreated ? createdSelected : undefined;
  applying++;
  let change: Change | null = null;
  try {
    const view = windowView?.(options.selectCreated ?? false) ?? null;
    trace('tl-apply-sent');
    const answer = await run(core.applyOp(op, view));
    trace('tl-apply-answer');
    if (answer) {
      const { view: after, ...rest } = answer;
      change = rest;
      releaseHeld(change.version);
      receive(change, then);
      if (after) adoptAnswered(after.derived, after.query);
    }
    trace('tl-model-set');
  } finally {
    applying--;
    if (applying === 0) releaseHeld(Infinity);
    // The derived read this change still needs, if the answer did not bring
    // what the window now shows: at once when `then` said all the UI state that
    // goes with it, else in the next task, after the caller's own updates.
    if (applying === 0) for (const release of afterApply) release(then !== undefined && change !== null);
  }
  return change;
}

/** What a window shows (its derived query), sent with a write. */
interface View {
  query: DerivedQuery;
  select_created: boolean;
}

/** This window's view for a write (set by `startDerived`). */
let windowView: ((selectCreated: boolean) => View | null) | null = null;
/** Adopts the derived views a write's answer brought, for `query` (set by `startDerived`). */
let adoptAnswered: (d: Derived, query: DerivedQuery) => void = () => {};

/** Writes in flight: a derived read waits for their answers (the change's event
 *  may come first, without the UI state that goes with the change). */
let applying = 0;
const afterApply = new Set<(now: boolean) => void>();

/** Change events that came while a write was in flight. Its answer carries the
 *  same change with the UI state that goes with it (the new element selected),
 *  so the window takes the change in once: one render per add, not two. */
let held: Change[] = [];

function onChanged(change: Change | null): void {
  if (applying > 0 && change) held.push(change);
  else receive(change);
}

/** Takes in the held changes before `version`, drops its own (the answer has
 *  it), keeps later ones for a write still in flight. */
function releaseHeld(version: number): void {
  const later: Change[] = [];
  const now = held;
  held = [];
  for (const c of now) {
    if (c.version < version) receive(c);
    else if (c.version > version) later.push(c);
  }
  held = [...held, ...later];
}

let started: Promise<void> | null = null;

/** Starts following the engagement (once per window): the change listener, the
 *  property catalog, the first snapshot. */
export function start(): Promise<void> {
  started ??= (async () => {
    try {
      await events.engagementChanged.listen((e) => onChanged(e.payload.change));
    } catch (e) {
      setApp({ loadError: `Threatloom's window could not reach the app (${describeError(e)})` });
      return;
    }
    core.propertyCatalog().then(
      (catalog) => setApp({ catalog }),
      (e) => toast(describeError(e)),
    );
    await reload();
  })();
  return started;
}

// ---- what the core derives: one read per change and per query ----

/** Whether an answer may replace what is on screen: for the file on screen, not
 *  older than the model (a newer read is on its way then) nor than the answer
 *  already shown. */
export function acceptDerived(answer: { path: string; version: number }, model: Model | null, shown: { path: string; version: number } | null): boolean {
  if (!model || answer.path !== model.path || answer.version < model.version) return false;
  return !shown || shown.path !== answer.path || answer.version >= shown.version;
}

function adoptDerived(d: Derived, q: DerivedQuery): void {
  const s = getApp();
  if (!acceptDerived(d, s.model, s.overview)) return;
  const at = { path: d.path, version: d.version };
  setApp({
    overview: { ...at, data: d.overview },
    coverage: { ...at, data: d.coverage, allRows: q.coverage_rows },
    // The analysis of the diagram still on screen only.
    ...(q.diagram_id !== null && d.analysis && q.diagram_id === s.diagramId ? { analysis: d.analysis } : {}),
    ...(q.element_id !== null && d.element_suggestions ? { suggestions: { ...at, elementId: q.element_id, data: d.element_suggestions } } : {}),
    ...(q.all_suggestions && d.all_suggestions ? { allSuggestions: { ...at, data: d.all_suggestions } } : {}),
    ...(q.engagement && d.sessions && d.scope && d.checklist && d.four_questions
      ? {
          figures: {
            summaries: { ...at, data: d.sessions },
            scope: { ...at, data: d.scope },
            checklist: { ...at, data: d.checklist },
            four: { ...at, data: d.four_questions },
          },
        }
      : {}),
  });
  // The bench measures an edit to this (every view has its answer).
  performance.mark('threatloom-derived', { detail: d.version });
}

/** Keeps what this window shows derived: one `derived` read after a change or a
 *  new query, at once (in the next task, so a burst of synchronous updates is one
 *  read). While a read is in flight, further changes wait for it and then cost
 *  one more read, of the latest query: no timer adds latency, and a fast
 *  sequence of edits never queues more than one read.
 *  `main`: the window with the canvas (its query always has the overview). */
export function startDerived({ main }: { main: boolean }): () => void {
  let last: { path: string; version: number; query: DerivedQuery } | null = null;
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  let inFlight = false;
  let stale = false;
  let stopped = false;
  /** A read is wanted once the writes in flight have answered. */
  let held = false;
  const read = async () => {
    scheduled = undefined;
    const want = last;
    if (!want || stopped) return;
    inFlight = true;
    stale = false;
    try {
      trace('tl-derived-sent');
      const r = await core.derived(want.query);
      trace('tl-derived-answer');
      // An error (e.g. the diagram was just deleted) is not worth a toast: the next change re-reads.
      if (!stopped && r.status === 'ok') adoptDerived(r.data, want.query);
    } catch {
      /* the next change retries */
    } finally {
      inFlight = false;
    }
    if (stale && !stopped) schedule();
  };
  const schedule = () => {
    if (inFlight) stale = true;
    else if (applying > 0) held = true;
    else if (scheduled === undefined) scheduled = globalThis.setTimeout(() => void read(), 0);
  };
  const release = (now: boolean) => {
    if (!held || stopped) return;
    held = false;
    if (inFlight) stale = true;
    else if (now) {
      globalThis.clearTimeout(scheduled);
      void read();
    } else schedule();
  };
  afterApply.add(release);
  windowView = (selectCreated) => {
    const s = getApp();
    const query = queryOf(s, main);
    // Whether this window would ask for the element it is about to select.
    const follows = selectCreated && queryOf({ ...s, selection: new Set(['created']) }, main)?.element_id === 'created';
    return query && { query, select_created: follows };
  };
  adoptAnswered = (d, query) => {
    adoptDerived(d, query);
    // What the window shows now is what came: the read the change asked for is not needed.
    if (last && last.path === d.path && last.version === d.version && sameQuery(last.query, query)) held = false;
  };
  const check = (s: AppState) => {
    const q = queryOf(s, main);
    const next = q && s.model ? { path: s.model.path, version: s.model.version, query: q } : null;
    if (next === null ? last === null : last !== null && last.path === next.path && last.version === next.version && sameQuery(last.query, next.query)) return;
    last = next;
    if (next) schedule();
  };
  check(getApp());
  const stop = useApp.subscribe(check);
  return () => {
    stopped = true;
    globalThis.clearTimeout(scheduled);
    afterApply.delete(release);
    windowView = null;
    adoptAnswered = () => {};
    stop();
  };
}

/** Rule files the app ignored, and why the engagement asked for could not be
 *  opened: each a toast (the app works on regardless). */
export async function reportStartupProblems(): Promise<void> {
  try {
    const rules = await core.ruleProblems();
    if (rules.status === 'ok') {
      for (const p of rules.data) toast(`${ruleFileName(p.source)}:${p.line}: ${p.message} — file ignored`, 'error', 12000);
    }
    const startup = await core.startupProblem();
    if (startup.status === 'ok' && startup.data) toast(describeError(startup.data), 'error', 12000);
  } catch {
    /* outside Tauri, or an older app: nothing to report */
  }
}

/** "…/threatloom/rules/mine.toml" → "rules/mine.toml": enough to find it, short enough for a toast. */
export function ruleFileName(source: string): string {
  const parts = source.split(/[\\/]/).filter(Boolean);
  return parts.slice(-2).join('/') || source;
}

// ---- the selection, shared by every window ----
// What this window selects goes to the core (`select`), and what another window
// selected (`selection-changed`) is selected here too — in the main window on the
// canvas, switching diagram and bringing it into view. A window ignores its own
// echo by its label.

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
    core.select({ diagram_id: s.diagramId, element_ids: [...s.selection] }).catch(() => {});
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
  core.selection().then(
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

// ---- the team's library ----
// Its status is read at start and on every `library-changed` (a save, a
// harvest, new folders, files changed on disk). What it says about the open
// engagement (updates, the selected element's entries) is read when that
// changes: another engagement, the library, or a threat made from an entry —
// never for an edit that leaves those alone, and not at all while no threat
// came from the library or the library is empty.

/** Entries listed beside the rules' suggestions. */
export const LIBRARY_SUGGESTED = 5;

/** Keeps the window's library slice read; returns a stop function. */
export function startLibrarySync(): () => void {
  let stopped = false;
  let lastUpdates: string | null = null;
  let updatesSeq = 0;
  let lastSuggested: string | null = null;
  let suggestedSeq = 0;
  // The entries on the selected element, kept while the threats map is the same.
  let appliedMemo: { threats: unknown; id: string; text: string } | null = null;

  const readStatus = async () => {
    try {
      const r = await core.libraryStatus();
      if (!stopped && r.status === 'ok') setLibrary({ status: r.data });
    } catch {
      /* outside Tauri: no library */
    }
  };

  const checkUpdates = (s: AppState) => {
    if (!s.model) return;
    const path = s.model.path;
    const key = libraryThreatsKey(s.model.threats);
    const want = `${path}\u0000${s.library.generation}\u0000${key}`;
    if (want === lastUpdates) return;
    lastUpdates = want;
    const seq = ++updatesSeq;
    // No threat came from the library: nothing can have an update.
    if (key === '') {
      setLibrary({ updates: { path, list: [] } });
      return;
    }
    core.libraryUpdates().then(
      (r) => {
        if (!stopped && seq === updatesSeq && r.status === 'ok') setLibrary({ updates: { path, list: r.data } });
      },
      () => {},
    );
  };

  const checkSuggested = (s: AppState) => {
    const id = s.model && s.inspectorOpen && s.view === 'diagram' ? singleSelected(s) : null;
    const entries = s.library.status?.entries ?? 0;
    if (!s.model || !id || entries === 0) {
      lastSuggested = null;
      if (s.library.suggestions !== null && (entries === 0 || s.library.suggestions.elementId !== id)) setLibrary({ suggestions: null });
      return;
    }
    const path = s.model.path;
    if (!appliedMemo || appliedMemo.threats !== s.model.threats || appliedMemo.id !== id) {
      appliedMemo = { threats: s.model.threats, id, text: [...entriesOn(s.model.threats, id)].sort().join(',') };
    }
    const applied = appliedMemo.text;
    const want = `${path}\u0000${s.library.generation}\u0000${id}\u0000${applied}`;
    if (want === lastSuggested) return;
    lastSuggested = want;
    const seq = ++suggestedSeq;
    core.librarySearch('', [id], LIBRARY_SUGGESTED + 1).then(
      (r) => {
        if (stopped || seq !== suggestedSeq || r.status !== 'ok') return;
        setLibrary({ suggestions: { path, elementId: id, hits: r.data.slice(0, LIBRARY_SUGGESTED), more: r.data.length > LIBRARY_SUGGESTED } });
      },
      () => {},
    );
  };

  const check = (s: AppState) => {
    checkUpdates(s);
    checkSuggested(s);
  };
  const unsubscribe = useApp.subscribe(check);
  let unlisten: (() => void) | null = null;
  events.libraryChanged
    .listen(() => {
      setLibrary({ generation: getApp().library.generation + 1 });
      void readStatus();
    })
    .then(
      (u) => {
        if (stopped) u();
        else unlisten = u;
      },
      () => {},
    );
  void readStatus();
  check(getApp());
  return () => {
    stopped = true;
    unsubscribe();
    unlisten?.();
  };
}

/** The picker's search: the entries for every kind of `elementIds` matching
 *  `query`, best first (the core's ranking). */
export const searchLibrary = (query: string, elementIds: string[], limit: number) => core.librarySearch(query, elementIds, limit);

/** The entry "Save to library" starts from: the threat's reusable content. */
export const libraryDraft = (threatId: string) => core.libraryDraft(threatId);

/** Saves an entry (a new one to the first folder); the core tells every window. */
export const saveLibraryEntry = (entry: LibraryEntry_Deserialize) => core.librarySave(entry);

export const setLibraryFolders = (folders: string[]) => core.librarySetFolders(folders);

/** The findings of another engagement as candidate entries (the file is not changed). */
export const harvestPreview = (path: string) => core.libraryHarvestPreview(path);

export const harvestIntoLibrary = (path: string, threatIds: string[], includeDuplicates: boolean) =>
  core.libraryHarvest(path, threatIds, includeDuplicates);

/** Everything a window follows of the core; returns a stop function. `main`: the
 *  window with the canvas (reports startup problems, reveals adopted selections,
 *  follows the library). */
export function startSync({ main }: { main: boolean }): () => void {
  const ready = start();
  if (main) void ready.then(reportStartupProblems);
  const stops = [startDerived({ main }), startSelectionSync({ reveal: main }), ...(main ? [startLibrarySync()] : [])];
  return () => stops.forEach((stop) => stop());
}
