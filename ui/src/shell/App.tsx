import { useEffect } from 'react';
import { Canvas } from '../canvas/Canvas';
import { DiagramTabs } from './DiagramTabs';
import { NewEngagementPanel } from './NewEngagementPanel';
import { Palette, ZoomControls } from './Palette';
import { ShortcutsPanel } from './ShortcutsPanel';
import { StatusBar } from './StatusBar';
import { Toasts } from '../shared/ui/Toasts';
import { TopBar } from './TopBar';
import { Inspector } from '../inspector/Inspector';
import { startShortcuts } from './shortcuts';
import { startClipboard } from './clipboard';
import { ThreatPanel } from '../threats/ThreatPanel';
import { useApp } from '../app/store';
import { EngagementView } from '../engagement/EngagementView';
import { PresenterView } from './PresenterView';
import { startTitle } from '../app/title';
import { ExportDialog } from '../export/ExportDialog';
import { ImportDialog } from '../import/ImportDialog';
import { startSync } from '../app/sync';
import { startDiagramIntents, startViewKeys } from './viewKeys';
import { LibraryPicker } from '../library/LibraryPicker';
import { SaveToLibrary } from '../library/SaveToLibrary';
import { HarvestDialog } from '../library/HarvestDialog';
import { LibraryFolders } from '../library/LibraryFolders';
import { CommandPalette } from './CommandPalette';

export function App() {
  const version = useApp((s) => s.model?.version);
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
  if (presenting && hasModel) return <PresenterView />;

  return (
    <div className={`tl-app${view === 'engagement' ? ' is-engagement' : ''}`} data-version={version ?? ''} data-ready={ready ? 'true' : 'false'}>
      <TopBar />
      {view === 'engagement' && <EngagementView />}
      <DiagramTabs />
      <div className="tl-main">
        <div className="tl-work">
          <div className="tl-stage">
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
          {hasModel && bottomOpen && <ThreatPanel />}
        </div>
        {inspectorOpen && <Inspector />}
      </div>
      <StatusBar />
      <Toasts />
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
    </div>
  );
}
