// The command table: every menu command, defined once. The menu bar
// (AppMenus) shows it and the command palette (Ctrl+K) searches and runs the
// very same items, so a command added here is in both.
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { RecentFile, UndoScope } from '../bindings';
import { canvasApi } from '../app/canvasApi';
import { describeError } from '../shared/errors';
import { getApp, setApp, toast, type AppState } from '../app/store';
import { openQuickThreat, showBottom } from '../app/intents/threats';
import type { MenuDef, MenuEntry } from './MenuBar';
import { chooseAndExportDiagram } from '../export/diagramExport';
import { openExportAs } from '../export/exportAs';
import { deleteSelection, selectAll, startEditing, tidy } from '../app/intents/diagram';
import { redo, undo, viewScope } from '../app/intents/history';
import { newWindow, openEngagement, openNoteTaker, saveAs } from '../app/shell';
import { showView, togglePresenting } from '../app/intents/view';
import { openLibraryPanel, openLibraryPicker, openSaveToLibrary } from '../app/intents/library';
import { fileName } from '../shared/paths';
import type { ScopeHistory } from '../app/model';

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

/** What the menus' labels and enabled states depend on: a few fields of the
 *  store (compared shallowly by the menu bar, read once by the palette). */
export interface MenuState {
  scope: UndoScope;
  history: ScopeHistory | undefined;
  selectionSize: number;
  path: string | undefined;
  inspectorOpen: boolean;
  bottomOpen: boolean;
  view: AppState['view'];
  diagramId: string | null;
  presenting: boolean;
  /** The threat in the editor, if it shows for the current selection. */
  openThreatId: string | null;
  libraryEntries: number | null;
}

export function menuStateOf(s: AppState): MenuState {
  const scope = viewScope(s);
  return {
    scope,
    history: s.model?.history[scope],
    selectionSize: s.selection.size,
    path: s.model?.path,
    inspectorOpen: s.inspectorOpen,
    bottomOpen: s.bottomOpen,
    view: s.view,
    diagramId: s.diagramId,
    presenting: s.presenting,
    openThreatId: s.openThreat && s.openThreat.selection === s.selection && s.model?.threats.has(s.openThreat.id) ? s.openThreat.id : null,
    libraryEntries: s.library.status?.entries ?? null,
  };
}

/** The menus for `m`, with `recent` in File → Recent; `refreshRecent` runs
 *  when the File menu opens. */
export function appMenus(m: MenuState, recent: readonly RecentFile[], refreshRecent?: () => void): MenuDef[] {
  return [
    {
      id: 'file',
      label: 'File',
      testId: 'menu-file',
      onOpen: refreshRecent,
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
              shortcut: r.path === m.path ? 'open now' : fileName(r.path),
              title: r.path,
              testId: 'menuitem-recent-file',
              onSelect: () => void openEngagement(r.path),
            })),
        },
        'separator',
        { label: 'Save as…', testId: 'menuitem-save-as', shortcut: 'Ctrl+Shift+S', onSelect: () => void chooseAndSaveAs() },
        'separator',
        { label: 'Import…', testId: 'menuitem-import', onSelect: () => openImport(false) },
        { label: 'Import into this engagement…', testId: 'menuitem-import-into', disabled: !m.path, onSelect: () => openImport(true) },
        'separator',
        { label: 'Export…', testId: 'menuitem-export', shortcut: 'Ctrl+E', disabled: !m.path, onSelect: openExport },
        {
          label: 'Export to another tool',
          testId: 'menuitem-export-model',
          disabled: !m.path,
          submenu: () => [
            { label: 'Threat Dragon…', testId: 'menuitem-export-threat-dragon', shortcut: 'Threat Dragon v2, .json', disabled: !m.path, onSelect: () => openExportAs('threat_dragon') },
            { label: 'OTM (JSON)…', testId: 'menuitem-export-otm-json', shortcut: 'Open Threat Model, .otm.json', disabled: !m.path, onSelect: () => openExportAs('otm_json') },
            { label: 'OTM (YAML)…', testId: 'menuitem-export-otm-yaml', shortcut: 'Open Threat Model, .yaml', disabled: !m.path, onSelect: () => openExportAs('otm_yaml') },
          ],
        },
        { label: 'Export diagram as SVG…', testId: 'menuitem-export-svg', disabled: !m.diagramId, onSelect: () => void chooseAndExportDiagram('svg') },
        { label: 'Export diagram as PNG…', testId: 'menuitem-export-png', disabled: !m.diagramId, onSelect: () => void chooseAndExportDiagram('png') },
      ],
    },
    {
      id: 'edit',
      label: 'Edit',
      testId: 'menu-edit',
      items: () => [
        {
          label: m.history?.undo ? `Undo ${m.history.undo.toLowerCase()}` : 'Undo',
          testId: 'menuitem-undo',
          shortcut: 'Ctrl+Z',
          disabled: !m.history?.undo,
          onSelect: () => void undo(m.scope),
        },
        {
          label: m.history?.redo ? `Redo ${m.history.redo.toLowerCase()}` : 'Redo',
          testId: 'menuitem-redo',
          shortcut: 'Ctrl+Shift+Z',
          disabled: !m.history?.redo,
          onSelect: () => void redo(m.scope),
        },
        'separator',
        {
          label: 'Rename',
          testId: 'menuitem-rename',
          shortcut: 'F2',
          disabled: m.selectionSize !== 1,
          onSelect: () => {
            const [id] = getApp().selection;
            if (id) startEditing(id);
          },
        },
        { label: 'Delete', testId: 'menuitem-delete', shortcut: 'Del', disabled: m.selectionSize === 0, onSelect: () => void deleteSelection() },
        { label: 'Select all', testId: 'menuitem-select-all', shortcut: 'Ctrl+A', onSelect: selectAll },
        'separator',
        {
          label: 'Log a threat…',
          testId: 'menuitem-log-threat',
          shortcut: 'T',
          disabled: m.selectionSize === 0,
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
          disabled: m.selectionSize === 0 || !m.path,
          onSelect: () => void openLibraryPicker(),
        },
        {
          label: 'Save threat to library…',
          testId: 'menuitem-library-save',
          disabled: m.openThreatId === null,
          title: m.openThreatId === null ? 'Open a threat in the editor first' : undefined,
          onSelect: () => m.openThreatId && openSaveToLibrary(m.openThreatId),
        },
        'separator',
        { label: 'Harvest findings into the library…', testId: 'menuitem-library-harvest', onSelect: () => openLibraryPanel('library-harvest') },
        {
          label: 'Library folders…',
          testId: 'menuitem-library-folders',
          shortcut: m.libraryEntries === null ? undefined : `${m.libraryEntries} ${m.libraryEntries === 1 ? 'entry' : 'entries'}`,
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
          label: m.view === 'engagement' ? 'Diagram' : 'Engagement: overview, sessions, checklist',
          testId: 'menuitem-toggle-view',
          onSelect: () => showView(m.view === 'engagement' ? 'diagram' : 'engagement'),
        },
        { label: 'Presenter mode', testId: 'menuitem-presenter', shortcut: 'F5', disabled: !m.path, onSelect: togglePresenting },
        'separator',
        { label: 'Fit to view', testId: 'menuitem-fit', shortcut: 'F', onSelect: () => canvasApi()?.fit() },
        { label: 'Tidy', testId: 'menuitem-tidy', shortcut: 'Shift+T', disabled: m.presenting, onSelect: () => void tidy() },
        { label: 'Zoom in', testId: 'menuitem-zoom-in', shortcut: '+', onSelect: () => canvasApi()?.zoomIn() },
        { label: 'Zoom out', testId: 'menuitem-zoom-out', shortcut: '−', onSelect: () => canvasApi()?.zoomOut() },
        { label: 'Actual size', testId: 'menuitem-zoom-reset', shortcut: 'Ctrl+0', onSelect: () => canvasApi()?.zoomReset() },
        'separator',
        { label: 'Threat list', testId: 'menuitem-threats', onSelect: () => showBottom('threats') },
        { label: 'Suggestions', testId: 'menuitem-suggestions', onSelect: () => showBottom('suggestions') },
        { label: 'Coverage', testId: 'menuitem-coverage', onSelect: () => showBottom('coverage') },
        {
          label: m.bottomOpen ? 'Hide threat panel' : 'Show threat panel',
          testId: 'menuitem-toggle-threat-panel',
          onSelect: () => setApp({ bottomOpen: !m.bottomOpen }),
        },
        'separator',
        {
          label: m.inspectorOpen ? 'Hide inspector' : 'Show inspector',
          testId: 'menuitem-toggle-inspector',
          onSelect: () => setApp({ inspectorOpen: !m.inspectorOpen }),
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
}

/** A menu command as the palette lists it: where it sits in the menus, and the
 *  menu item's own function. */
export interface Command {
  /** The menu item's test id (stable), else its menu path. */
  id: string;
  label: string;
  /** The menus it sits in: ["File"], ["File", "Export to another tool"]. */
  path: string[];
  shortcut?: string;
  disabled: boolean;
  title?: string;
  run: () => void;
}

/** Every command of `menus`, submenus included, in menu order. */
export function commandsOf(menus: readonly MenuDef[]): Command[] {
  const out: Command[] = [];
  const walk = (entries: readonly MenuEntry[], path: string[]) => {
    for (const e of entries) {
      if (e === 'separator') continue;
      if (e.submenu) {
        walk(e.submenu(), [...path, e.label]);
        continue;
      }
      if (!e.onSelect) continue;
      const run = e.onSelect;
      out.push({
        id: `${e.testId ?? 'menuitem'}:${[...path, e.label].join('/')}`,
        label: e.label,
        path,
        shortcut: e.shortcut,
        disabled: e.disabled === true,
        title: e.title,
        run,
      });
    }
  };
  for (const menu of menus) walk(menu.items(), [menu.label]);
  return out;
}
