// File → Export diagram as SVG / PNG: the native save dialog, then the core draws
// the diagram on screen from the model.
import { save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { ImageFormat } from '../bindings';
import { describeError } from '../shared/errors';
import { getApp, toast } from '../app/store';
import { diagramDestination } from './exportText';
import { exportDiagram } from '../app/shell';

export async function chooseAndExportDiagram(format: ImageFormat): Promise<void> {
  const { model, diagramId } = getApp();
  const diagram = model?.diagrams.find((d) => d.id === diagramId);
  if (!model || !diagram) return;
  const kind = format.toUpperCase();
  try {
    const path = await saveDialog({
      title: `Export “${diagram.name || 'Untitled diagram'}” as ${kind}`,
      defaultPath: diagramDestination(model.path, diagram.name, format),
      filters: [{ name: `${kind} image`, extensions: [format] }],
    });
    if (!path) return;
    const r = await exportDiagram(diagram.id, format, path);
    if (r.status === 'ok') toast(`Diagram exported to ${r.data.files[0] ?? path}`, 'info', 6000);
    else toast(describeError(r.error));
  } catch (e) {
    toast(describeError(e));
  }
}
