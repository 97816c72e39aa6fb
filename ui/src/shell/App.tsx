import { lazy, Suspense, useEffect, useRef } from 'react';
import { Canvas } from '../canvas/Canvas';
import { DiagramTabs } from './DiagramTabs';
import { Palette, ZoomControls } from './Palette';
import { StatusBar } from './StatusBar';
import { Toasts } from '../shared/ui/Toasts';
import { TopBar } from './TopBar';
import { Inspector } from '../inspector/Inspector';
import { startShortcuts } from './shortcuts';
import { startClipboard } from './clipboard';
import { useApp } from '../app/store';
import { startTitle } from '../app/title';
import { startSync } from '../app/sync';
import { startDiagramIntents, startViewKeys } from './viewKeys';

// Views and dialogs that are not on screen at start load on demand: a smaller
// first bundle starts the window sooner.
const NewEngagementPanel = lazy(() => import('./NewEngagementPanel').then((m) => ({ default: m.NewEngagementPanel })));
const ShortcutsPanel = lazy(() => import('./ShortcutsPanel').then((m) => ({ default: m.ShortcutsPanel })));
const ThreatPanel = lazy(() => import('../threats/ThreatPanel').then((m) => ({ default: m.ThreatPanel })));
const EngagementView = lazy(() => import('../engagement/EngagementView').then((m) => ({ default: m.EngagementView })));
const PresenterView = lazy(() => import('./PresenterView').then((m) => ({ default: m.PresenterView })));
const ExportDialog = lazy(() => import('../export/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const ImportDialog = lazy(() => import('../import/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const LibraryPicker = lazy(() => import('../library/LibraryPicker').then((m) => ({ default: m.LibraryPicker })));
const SaveToLibrary = lazy(() => import('../library/SaveToLibrary').then((m) => ({ default: m.SaveToLibrary })));
const HarvestDialog = lazy(() => import('../library/HarvestDialog').then((m) => ({ default: m.HarvestDialog })));
const LibraryFolders = lazy(() => import('../library/LibraryFolders').then((m) => ({ default: m.LibraryFolders })));
const CommandPalette = lazy(() => import('./CommandPalette').then((m) => ({ default: m.CommandPalette })));

export function App() {
  const root = useVersionAttribute();
  const ready = useApp((s) => s.ready);
  const panel = useApp((s) => s.panel);
  const loadError = useApp((s) => s.loadError);
  const hasModel = useApp((s) => s.model !== null);
  const inspectorOpen = useApp((s) => s.inspectorOpen);
  const bottomOpen = useApp((s) => s.bottomOpen);
  const view = useApp((s) => s.view);
  const presenting = useApp((s) => s.presenting);

  useEffect(() => {
    // The engagement, what the core derives, the shared selection; the title, keys and view rules.
    const stops = [startSync({ main: true }), startTitle(), startShortcuts(), startClipboard(), startViewKeys(), startDiagramIntents()];
    return () => stops.forEach((stop) => stop());
  }, []);

  // Presenter mode: the canvas alone, nothing internal rendered (engagement/PresenterView).
  if (presenting && hasModel) {
    return (
      <Suspense fallback={null}>
        <PresenterView />
      </Suspense>
    );
  }

  return (
    <div className={`tl-app${view === 'engagement' ? ' is-engagement' : ''}`} ref={root} data-ready={ready ? 'true' : 'false'}>
      <TopBar />
      {view === 'engagement' && (
        <Suspense fallback={null}>
          <EngagementView />
        </Suspense>
      )}
      <DiagramTabs />
      <div className="tl-main">
        <div className="tl-work">
          <div className={hasModel ? 'tl-stage has-palette' : 'tl-stage'}>
            <Canvas />
            {hasModel && <Palette />}
            {hasModel && <ZoomControls />}
            {!hasModel && (
              <div className="tl-loading">
                {loadError ? (
                  <div className="tl-load-error" role="alert">
                    <div className="tl-sheet-title">No engagement open</div>
                    <p>{loadError}</p>
                  </div>
                ) : (
                  <div className="tl-muted">Opening the engagement…</div>
                )}
              </div>
            )}
          </div>
          {hasModel && bottomOpen && (
            <Suspense fallback={null}>
              <ThreatPanel />
            </Suspense>
          )}
        </div>
        {inspectorOpen && <Inspector />}
      </div>
      <StatusBar />
      <Toasts />
      <Suspense fallback={null}>
        {panel === 'new-engagement' && <NewEngagementPanel />}
        {panel === 'shortcuts' && <ShortcutsPanel />}
        {panel === 'export' && <ExportDialog />}
        {panel === 'import' && <ImportDialog mode="new" />}
        {panel === 'import-into' && <ImportDialog mode="into" />}
        {panel === 'library-picker' && hasModel && <LibraryPicker />}
        {panel === 'library-save' && hasModel && <SaveToLibrary />}
        {panel === 'library-harvest' && <HarvestDialog />}
        {panel === 'library-folders' && <LibraryFolders />}
        {panel === 'palette' && hasModel && <CommandPalette />}
      </Suspense>
    </div>
  );
}

/** The root's `data-version` (tests wait on it), written straight to the DOM: a
 *  version subscription here would re-render the whole window on every change. */
function useVersionAttribute() {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const write = (v: number | undefined) => root.current?.setAttribute('data-version', v === undefined ? '' : String(v));
    write(useApp.getState().model?.version);
    return useApp.subscribe((s, prev) => {
      if (s.model?.version !== prev.model?.version) write(s.model?.version);
    });
  });
  return root;
}
