// The app around the engagement: files (new, open, save as, recent), windows,
// and exports. Reaches the core through sync.ts's counted `core`, like
// everything else; a file opened here becomes the window's model there.
import type { ExportFilter_Deserialize, ExportFormat, ImageFormat, Snapshot } from '../bindings';
import { adoptSnapshot, core, run } from './sync';
import { setApp, toast } from './store';
import { fileName } from '../shared/paths';

function afterOpen(snap: Snapshot | null, sameContent = false): void {
  if (!snap) return;
  setApp({ panel: null });
  adoptSnapshot(snap, sameContent);
}

export async function newEngagement(name: string, path: string | null): Promise<boolean> {
  const snap = await run(core.newEngagement(name, path));
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
