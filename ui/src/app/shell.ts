// The app around the engagement: files (new, open, save as, recent), windows,
// and exports. Reaches the core through sync.ts's counted `core`, like
// everything else; a file opened here becomes the window's model there.
import type { EngagementKind, ExportFilter_Deserialize, ExportFormat, Format, ImageFormat, Snapshot } from '../bindings';
import { acceptChange, adoptSnapshot, core, run, type Result } from './sync';
import { getApp, selectDiagram, setApp, toast } from './store';
import { fileName } from '../shared/paths';

function afterOpen(snap: Snapshot | null, sameContent = false): void {
  if (!snap) return;
  setApp({ panel: null });
  adoptSnapshot(snap, sameContent);
}

export async function newEngagement(name: string, path: string | null, customer = '', kind: EngagementKind = 'full_application'): Promise<boolean> {
  const snap = await run(core.newEngagement(name, path, customer, kind));
  afterOpen(snap);
  return snap !== null;
}

export async function openEngagement(path: string): Promise<void> {
  afterOpen(await run(core.openEngagement(path)));
}

export async function saveAs(path: string): Promise<void> {
  const snap = await run(core.saveAs(path));
  if (snap) {
    afterOpen(snap, true);
    toast(`Saved a copy; now working in ${fileName(path)}`, 'info');
  }
}

export async function recentFiles() {
  return (await run(core.recentFiles())) ?? [];
}

export async function newWindow(): Promise<void> {
  await run(core.newWindow());
}

/** Window → Note-taker: opens it, or brings it forward. */
export async function openNoteTaker(): Promise<void> {
  await run(core.openNoteTaker());
}

// ---- exports (the dialog shows these errors itself: no toasts) ----

export const reportPreview = (filter: ExportFilter_Deserialize) => core.reportPreview(filter);

export const exportDeliverable = (format: ExportFormat, filter: ExportFilter_Deserialize, path: string, deliveryLabel: string | null, jiraKeys: string | null) =>
  core.export(format, filter, path, deliveryLabel, jiraKeys);

export const exportDiagram = (diagramId: string, format: ImageFormat, path: string) => core.exportDiagram(diagramId, format, path);

// ---- imports (the dialog shows these errors itself: no toasts) ----

/** Reads another tool's file and says what an import would bring in; writes nothing. */
export const importPreview = (path: string, format: Format | null = null) => core.importPreview(path, format);

/** Creates an engagement beside `path` from it and opens it (the path in a toast). */
export async function importNew(path: string, format: Format | null = null): Promise<Result<Snapshot>> {
  const r = await core.importNew(path, format);
  if (r.status === 'ok') {
    afterOpen(r.data);
    toast(`Imported into a new engagement: ${r.data.path}`, 'info', 8000);
  }
  return r;
}

/** Adds the file's diagrams to the open engagement (one undoable step) and shows the first. */
export async function importInto(path: string, format: Format | null = null): Promise<Result<unknown>> {
  const before = new Set(getApp().model?.diagrams.map((d) => d.id) ?? []);
  const r = await core.importInto(path, format);
  if (r.status === 'ok') {
    acceptChange(r.data);
    setApp({ panel: null });
    const added = r.data.diagrams_put.filter((d) => !before.has(d.id));
    if (added.length > 0) selectDiagram(added[0].id);
    toast(`${r.data.label}: ${added.length === 1 ? '1 diagram' : `${added.length} diagrams`} added (Ctrl+Z undoes it)`, 'info');
  }
  return r;
}
