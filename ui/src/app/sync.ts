// Everything that talks to the core. Each write is one `applyOp`; the result (or
// the matching event, whichever comes first) advances the model.
import { commands, events } from '../bindings';
import type { Change, ElementKind, Op_Deserialize as Op, Snapshot } from '../bindings';
import type { Rect } from './model';
import { requestFit } from './canvasApi';
import { describeError } from '../shared/errors';
import { fromSnapshot, pickDiagram, stepChange, stepEvent, type Model } from './model';
import { EMPTY_SELECTION, getApp, setApp, toast } from './store';

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/** Unwraps a command result; an error becomes a toast and `null`. A rejected
 *  promise (IPC failure) is treated the same way: the UI never crashes on it. */
async function run<T>(p: Promise<Result<T>>): Promise<T | null> {
  try {
    const r = await p;
    if (r.status === 'ok') return r.data;
    toast(describeError(r.error));
  } catch (e) {
    toast(describeError(e));
  }
  return null;
}

function setModel(model: Model): void {
  const s = getApp();
  const diagramId = pickDiagram(model, s.diagramId);
  // Drop selected or edited ids that no longer exist (deleted here or elsewhere).
  let selection = s.selection;
  if (selection.size > 0 && [...selection].some((id) => !model.elements.has(id))) {
    selection = new Set([...selection].filter((id) => model.elements.has(id)));
    if (selection.size === 0) selection = EMPTY_SELECTION;
  }
  let editing = s.editing;
  if (editing?.target === 'element' && !model.elements.has(editing.id)) editing = null;
  if (editing?.target === 'tab' && !model.diagrams.some((d) => d.id === editing!.id)) editing = null;
  setApp({
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
function adoptSnapshot(snap: Snapshot, sameContent = false): void {
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

type SnapshotResult = Result<Snapshot>;
/** Snapshot requests issued so far, and the one in flight (if any). */
let snapshotsIssued = 0;
let snapshotInFlight: { promise: Promise<SnapshotResult>; n: number } | null = null;

/** A ticket for `currentSnapshot`: take it before starting to listen to changes. */
export function snapshotTicket(): number {
  return snapshotsIssued;
}

/**
 * The engagement's snapshot (`current`). With a ticket taken before the caller
 * asked to listen to changes, a request issued after that and still in flight is
 * shared rather than sent again (a big engagement's snapshot is costly to send
 * and parse, and the model and the records both load one when a window opens).
 * Were a change to slip between that snapshot and the listener, the next change
 * shows the gap and the records reload.
 */
export function currentSnapshot(ticket?: number): Promise<SnapshotResult> {
  if (ticket !== undefined && snapshotInFlight && snapshotInFlight.n > ticket) return snapshotInFlight.promise;
  const n = ++snapshotsIssued;
  const promise = commands.current();
  snapshotInFlight = { promise, n };
  const done = () => {
    if (snapshotInFlight?.n === n) snapshotInFlight = null;
  };
  promise.then(done, done);
  return promise;
}

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
        const r = await currentSnapshot();
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

function receive(change: Change): void {
  const model = getApp().model;
  if (model === null) {
    void reload();
    return;
  }
  const step = stepChange(model, change);
  if (step.kind === 'apply') setModel(step.model);
  else if (step.kind === 'reload') void reload();
}

/** The one write path. Resolves to the Change, or null when the core refused. */
export async function apply(op: Op): Promise<Change | null> {
  const change = await run(commands.applyOp(op));
  if (change) receive(change);
  return change;
}

let started = false;

export async function start(): Promise<void> {
  if (started) return;
  started = true;
  try {
    await events.engagementChanged.listen((e) => {
      const model = getApp().model;
      const step = stepEvent(model, e.payload);
      if (step.kind === 'apply') setModel(step.model);
      else if (step.kind === 'reload') void reload();
    });
  } catch (e) {
    setApp({ loadError: `Threatloom's window could not reach the app (${describeError(e)})` });
    return;
  }
  commands.propertyCatalog().then(
    (catalog) => setApp({ catalog }),
    (e) => toast(describeError(e)),
  );
  await reload();
}

// ---- intentions ----

export function selectDiagram(id: string): void {
  const s = getApp();
  if (s.diagramId === id) return;
  setApp({ diagramId: id, selection: EMPTY_SELECTION, editing: null, analysis: null });
  requestFit();
}

export const DEFAULT_NAMES: Record<ElementKind, string> = {
  external_entity: 'External entity',
  process: 'Process',
  data_store: 'Data store',
  data_flow: 'Data flow',
  trust_boundary: 'Trust boundary',
};

export const DEFAULT_SIZES: Record<Exclude<ElementKind, 'data_flow'>, { width: number; height: number }> = {
  external_entity: { width: 170, height: 68 },
  process: { width: 124, height: 124 },
  data_store: { width: 180, height: 64 },
  trust_boundary: { width: 420, height: 300 },
};

export type NodeKind = Exclude<ElementKind, 'data_flow'>;

/** Adds an element centred on `at` (canvas coordinates), then opens its name editor. */
export async function addElement(kind: NodeKind, at: { x: number; y: number }): Promise<void> {
  const s = getApp();
  if (!s.model || !s.diagramId) return;
  const size = DEFAULT_SIZES[kind];
  let x = Math.round(at.x - size.width / 2);
  let y = Math.round(at.y - size.height / 2);
  // Repeated palette clicks must not stack elements exactly on top of each other.
  const taken = new Set<string>();
  for (const e of s.model.elements.values()) {
    if (e.diagram_id === s.diagramId && e.kind === kind) taken.add(`${e.rect.x},${e.rect.y}`);
  }
  for (let i = 0; i < 50 && taken.has(`${x},${y}`); i++) {
    x += 28;
    y += 28;
  }
  const rect: Rect = { x, y, width: size.width, height: size.height };
  const change = await apply({ type: 'add_element', id: null, diagram_id: s.diagramId, kind, name: DEFAULT_NAMES[kind], rect });
  const id = change?.created[0];
  if (id) setApp({ selection: new Set([id]), editing: { target: 'element', id } });
}

export async function connect(source: string, target: string): Promise<void> {
  const s = getApp();
  if (!s.diagramId || source === target) return;
  const change = await apply({ type: 'connect', id: null, diagram_id: s.diagramId, source, target, name: DEFAULT_NAMES.data_flow });
  const id = change?.created[0];
  if (id) setApp({ selection: new Set([id]), editing: { target: 'element', id } });
}

export function startEditing(id: string): void {
  setApp({ editing: { target: 'element', id } });
}

export function stopEditing(): void {
  if (getApp().editing !== null) setApp({ editing: null });
}

/** An in-place editor on element `id` closed: commit `name` (null = keep). Only
 *  closes the editor state if it still points at this element (another editor
 *  may have opened meanwhile). */
export function finishEditing(id: string, name: string | null): void {
  const e = getApp().editing;
  if (e?.target === 'element' && e.id === id) setApp({ editing: null });
  if (name !== null) void rename(id, name);
}

/** Commits an in-place or inspector rename; an unchanged name writes nothing. */
export async function rename(id: string, name: string): Promise<void> {
  const e = getApp().model?.elements.get(id);
  if (!e || e.name === name) return;
  await apply({ type: 'rename', id, name });
}

export function selectAll(): void {
  const s = getApp();
  if (!s.model || !s.diagramId) return;
  const ids: string[] = [];
  for (const e of s.model.elements.values()) if (e.diagram_id === s.diagramId) ids.push(e.id);
  setApp({ selection: new Set(ids) });
}

/** Moves the selected elements by (dx, dy) as one step (arrow keys). */
export async function nudgeSelection(dx: number, dy: number): Promise<void> {
  const s = getApp();
  if (!s.model) return;
  const moves: { id: string; rect: Rect }[] = [];
  for (const id of s.selection) {
    const e = s.model.elements.get(id);
    if (e && e.kind !== 'data_flow') moves.push({ id, rect: { ...e.rect, x: e.rect.x + dx, y: e.rect.y + dy } });
  }
  await place(moves);
}

export async function deleteSelection(): Promise<void> {
  const ids = [...getApp().selection];
  if (ids.length === 0) return;
  await apply({ type: 'delete', ids });
}

export async function undo(): Promise<void> {
  if (!getApp().model?.history.undo) return;
  await apply({ type: 'undo' });
}

export async function redo(): Promise<void> {
  if (!getApp().model?.history.redo) return;
  await apply({ type: 'redo' });
}

export async function place(moves: { id: string; rect: Rect }[]): Promise<void> {
  if (moves.length === 0) return;
  await apply({ type: 'place', moves });
}

// ---- diagrams ----

export async function addDiagram(): Promise<void> {
  const m = getApp().model;
  if (!m) return;
  const names = new Set(m.diagrams.map((d) => d.name));
  let n = m.diagrams.length + 1;
  while (names.has(`Diagram ${n}`)) n++;
  const change = await apply({ type: 'add_diagram', id: null, name: `Diagram ${n}` });
  const id = change?.created[0];
  if (id) {
    selectDiagram(id);
    setApp({ editing: { target: 'tab', id } });
  }
}

export async function renameDiagram(id: string, name: string): Promise<void> {
  const d = getApp().model?.diagrams.find((x) => x.id === id);
  if (!d || d.name === name) return;
  await apply({ type: 'rename_diagram', id, name });
}

export async function deleteDiagram(id: string): Promise<void> {
  await apply({ type: 'delete_diagram', id });
}

// ---- files ----

function afterOpen(snap: Snapshot | null, sameContent = false): void {
  if (!snap) return;
  setApp({ panel: null });
  adoptSnapshot(snap, sameContent);
}

export async function newEngagement(name: string, path: string | null): Promise<boolean> {
  const snap = await run(commands.newEngagement(name, path));
  afterOpen(snap);
  return snap !== null;
}

export async function openEngagement(path: string): Promise<void> {
  afterOpen(await run(commands.openEngagement(path)));
}

export async function saveAs(path: string): Promise<void> {
  const snap = await run(commands.saveAs(path));
  if (snap) {
    afterOpen(snap, true);
    toast(`Saved a copy; now working in ${path.split(/[\\/]/).pop()}`, 'info');
  }
}

export async function recentFiles() {
  return (await run(commands.recentFiles())) ?? [];
}

export async function newWindow(): Promise<void> {
  await run(commands.newWindow());
}
