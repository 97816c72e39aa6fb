import { useState } from 'react';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { RecentFile } from '../bindings';
import { canvasApi } from '../app/canvasApi';
import { describeError } from '../shared/errors';
import { getApp, setApp, toast, useApp } from '../app/store';
import { openQuickThreat, showBottom } from '../app/intents/threats';
import { MenuBar, type MenuDef } from './MenuBar';
import { chooseAndExportDiagram } from '../export/diagramExport';
import { openExportAs } from '../export/exportAs';
import { deleteSelection, selectAll, startEditing, tidy } from '../app/intents/diagram';
import { redo, undo, useViewScope } from '../app/intents/history';
import { newWindow, openEngagement, openNoteTaker, recentFiles, saveAs } from '../app/shell';
import { showView, togglePresenting } from '../app/intents/view';
import { openLibraryPanel, openLibraryPicker, openSaveToLibrary } from '../app/intents/library';
import { fileName } from '../shared/paths';

export const FILE_FILTERS = [{ name: 'Threatloom engagement', extensions: ['threatmodel'] }];

export async function chooseAndOpen(): Promise<void> {
  try {
    const path = await openDialog({ multiple: false, directory: false, filters: FILE_FILTERS, title: 'Open engagement' });
    if (typeof path === 'string') await openEngagement(path);
  } catch (e) {
    toast(describeError(e));
  }
}

export async function chooseAndSaveAs(): Promise<void> {
  const m = getApp().model;
  if (!m) return;
  try {
    const path = await saveDialog({
      filters: FILE_FILTERS,
      title: 'Save a copy as',
      defaultPath: `${fileName(m.path).replace(/\.threatmodel$/, '')} copy.threatmodel`,
    });
    if (path) await saveAs(path);
  } catch (e) {
    toast(describeError(e));
  }
}

/** File → Export… (Ctrl+E): not while presenting, nor with no engagement open. */
export function openExport(): void {
  const s = getApp();
  if (s.model && !s.presenting) setApp({ panel: 'export' });
}

/** File → Import… (a new engagement) or Import into this engagement… (needs one open). */
export function openImport(into: boolean): void {
  const s = getApp();
  if (s.presenting || (into && !s.model)) return;
  setApp({ panel: into ? 'import-into' : 'import' });
}

export function AppMenus() {
  const scope = useViewScope();
  const history = useApp((s) => s.model?.history[scope]);
  const selectionSize = useApp((s) => s.selection.size);
  const path = useApp((s) => s.model?.path);
  const inspectorOpen = useApp((s) => s.inspectorOpen);
  const bottomOpen = useApp((s) => s.bottomOpen);
  const view = useApp((s) => s.view);
  const diagramId = useApp((s) => s.diagramId);
  const presenting = useApp((s) => s.presenting);
  const openThreatId = useApp((s) => (s.openThreat && s.openThreat.selection === s.selection && s.model?.threats.has(s.openThreat.id) ? s.openThreat.id : null));
  const libraryEntries = useApp((s) => s.library.status?.entries ?? null);
  const [recent, setRecent] = useState<RecentFile[]>([]);

  const menus: MenuDef[] = [
    {
      id: 'file',
      label: 'File',
      testId: 'menu-file',
      onOpen: () => void recentFiles().then(setRecent),
      items: () => [
        { label: 'New engagement…', testId: 'menuitem-new', shortcut: 'Ctrl+N', onSelect: () => setApp({ panel: 'new-engagement' }) },
        { label: 'Open…', testId: 'menuitem-open', shortcut: 'Ctrl+O', onSelect: () => void chooseAndOpen() },
        {
          label: 'Recent',
          testId: 'menuitem-recent',
          emptyText: 'No recent engagements',
          submenu: () =>
            recent.map((r) => ({
              label: r.name || fileName(r.path),
              shortcut: r.path === path ? 'open now' : fileName(r.path),
              title: r.path,
              testId: 'menuitem-recent-file',
              onSelect: () => void openEngagement(r.path),
            })),
        },
        'separator',
        { label: 'Save as…', testId: 'menuitem-save-as', shortcut: 'Ctrl+Shift+S', onSelect: () => void chooseAndSaveAs() },
        'separator',
        { label: 'Import…', testId: 'menuitem-import', onSelect: () => openImport(false) },
        { label: 'Import into this engagement…', testId: 'menuitem-import-into', disabled: !path, onSelect: () => openImport(true) },
        'separator',
        { label: 'Export…', testId: 'menuitem-export', shortcut: 'Ctrl+E', disabled: !path, onSelect: openExport },
        {
          label: 'Export to another tool',
          testId: 'menuitem-export-model',
          disabled: !path,
          submenu: () => [
            { label: 'Threat Dragon…', testId: 'menuitem-export-threat-dragon', shortcut: 'Threat Dragon v2, .json', disabled: !path, onSelect: () => openExportAs('threat_dragon') },
            { label: 'OTM (JSON)…', testId: 'menuitem-export-otm-json', shortcut: 'Open Threat Model, .otm.json', disabled: !path, onSelect: () => openExportAs('otm_json') },
            { label: 'OTM (YAML)…', testId: 'menuitem-export-otm-yaml', shortcut: 'Open Threat Model, .yaml', disabled: !path, onSelect: () => openExportAs('otm_yaml') },
          ],
        },
        { label: 'Export diagram as SVG…', testId: 'menuitem-export-svg', disabled: !diagramId, onSelect: () => void chooseAndExportDiagram('svg') },
        { label: 'Export diagram as PNG…', testId: 'menuitem-export-png', disabled: !diagramId, onSelect: () => void chooseAndExportDiagram('png') },
      ],
    },
    {
      id: 'edit',
      label: 'Edit',
      testId: 'menu-edit',
      items: () => [
        {
          label: history?.undo ? `Undo ${history.undo.toLowerCase()}` : 'Undo',
          testId: 'menuitem-undo',
          shortcut: 'Ctrl+Z',
          disabled: !history?.undo,
          onSelect: () => void undo(scope),
        },
        {
          label: history?.redo ? `Redo ${history.redo.toLowerCase()}` : 'Redo',
          testId: 'menuitem-redo',
          shortcut: 'Ctrl+Shift+Z',
          disabled: !history?.redo,
          onSelect: () => void redo(scope),
        },
        'separator',
        {
          label: 'Rename',
          testId: 'menuitem-rename',
          shortcut: 'F2',
          disabled: selectionSize !== 1,
          onSelect: () => {
            const [id] = getApp().selection;
            if (id) startEditing(id);
          },
        },
        { label: 'Delete', testId: 'menuitem-delete', shortcut: 'Del', disabled: selectionSize === 0, onSelect: () => void deleteSelection() },
        { label: 'Select all', testId: 'menuitem-select-all', shortcut: 'Ctrl+A', onSelect: selectAll },
        'separator',
        {
          label: 'Log a threat…',
          testId: 'menuitem-log-threat',
          shortcut: 'T',
          disabled: selectionSize === 0,
          onSelect: () => void openQuickThreat(),
        },
      ],
    },
    {
      id: 'library',
      label: 'Library',
      testId: 'menu-library',
      items: () => [
        {
          label: 'Apply from the library…',
          testId: 'menuitem-library-apply',
          shortcut: 'L',
          disabled: selectionSize === 0 || !path,
          onSelect: () => void openLibraryPicker(),
        },
        {
          label: 'Save threat to library…',
          testId: 'menuitem-library-save',
          disabled: openThreatId === null,
          title: openThreatId === null ? 'Open a threat in the editor first' : undefined,
          onSelect: () => openThreatId && openSaveToLibrary(openThreatId),
        },
        'separator',
        { label: 'Harvest findings into the library…', testId: 'menuitem-library-harvest', onSelect: () => openLibraryPanel('library-harvest') },
        {
          label: 'Library folders…',
          testId: 'menuitem-library-folders',
          shortcut: libraryEntries === null ? undefined : `${libraryEntries} ${libraryEntries === 1 ? 'entry' : 'entries'}`,
          onSelect: () => openLibraryPanel('library-folders'),
        },
      ],
    },
    {
      id: 'view',
      label: 'View',
      testId: 'menu-view',
      items: () => [
        {
          label: view === 'engagement' ? 'Diagram' : 'Engagement: overview, sessions, checklist',
          testId: 'menuitem-toggle-view',
          onSelect: () => showView(view === 'engagement' ? 'diagram' : 'engagement'),
        },
        { label: 'Presenter mode', testId: 'menuitem-presenter', shortcut: 'F5', disabled: !path, onSelect: togglePresenting },
        'separator',
        { label: 'Fit to view', testId: 'menuitem-fit', shortcut: 'F', onSelect: () => canvasApi()?.fit() },
        { label: 'Tidy', testId: 'menuitem-tidy', shortcut: 'Shift+T', disabled: presenting, onSelect: () => void tidy() },
        { label: 'Zoom in', testId: 'menuitem-zoom-in', shortcut: '+', onSelect: () => canvasApi()?.zoomIn() },
        { label: 'Zoom out', testId: 'menuitem-zoom-out', shortcut: '−', onSelect: () => canvasApi()?.zoomOut() },
        { label: 'Actual size', testId: 'menuitem-zoom-reset', shortcut: 'Ctrl+0', onSelect: () => canvasApi()?.zoomReset() },
        'separator',
        { label: 'Threat list', testId: 'menuitem-threats', onSelect: () => showBottom('threats') },
        { label: 'Suggestions', testId: 'menuitem-suggestions', onSelect: () => showBottom('suggestions') },
        { label: 'Coverage', testId: 'menuitem-coverage', onSelect: () => showBottom('coverage') },
        {
          label: bottomOpen ? 'Hide threat panel' : 'Show threat panel',
          testId: 'menuitem-toggle-threat-panel',
          onSelect: () => setApp({ bottomOpen: !bottomOpen }),
        },
        'separator',
        {
          label: inspectorOpen ? 'Hide inspector' : 'Show inspector',
          testId: 'menuitem-toggle-inspector',
          onSelect: () => setApp({ inspectorOpen: !inspectorOpen }),
        },
        { label: 'Keyboard shortcuts', testId: 'menuitem-shortcuts', shortcut: '?', onSelect: () => setApp({ panel: 'shortcuts' }) },
      ],
    },
    {
      id: 'window',
      label: 'Window',
      testId: 'menu-window',
      items: () => [
        { label: 'New window', testId: 'menuitem-new-window', onSelect: () => void newWindow() },
        { label: 'Note-taker', testId: 'menuitem-note-taker', onSelect: () => void openNoteTaker() },
      ],
    },
  ];

  return <MenuBar menus={menus} />;
}
