// The window-wide keyboard handler: maps keys with `keyAction` and runs them.
import { canvasApi } from '../app/canvasApi';
import { chooseAndOpen, chooseAndSaveAs, openExport } from './commands';
import { getApp, setApp, setSelection } from '../app/store';
import { openQuickThreat } from '../app/intents/threats';
import { openLibraryPicker } from '../app/intents/library';
import { allowedWhilePresenting, focusZone, keyAction } from './keys';
import { copyKey, pasteKey } from './clipboard';
import { addBoundary, addElement, deleteSelection, nudgeSelection, selectAll, startEditing, tidy } from '../app/intents/diagram';
import { redo, undo } from '../app/intents/history';
import { openPalette } from '../app/intents/view';

export function startShortcuts(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    // The element the key went to, not document.activeElement: an input that blurs
    // itself on Enter must not turn that Enter into a canvas shortcut.
    const target = e.target instanceof Element ? e.target : document.activeElement;
    // A focused button handles Enter and Space itself.
    if ((e.key === 'Enter' || e.key === ' ') && target instanceof HTMLButtonElement) return;
    const s = getApp();
    if (s.panel !== null) return;
    const action = keyAction(e, focusZone(target));
    if (!action) return;
    if (s.presenting && !allowedWhilePresenting(action)) {
      e.preventDefault();
      return;
    }
    // Copy and paste go on to the web view: its copy and paste events carry the clipboard.
    if (action.type === 'copy') {
      copyKey(target);
      return;
    }
    if (action.type === 'paste') {
      pasteKey();
      return;
    }
    e.preventDefault();
    switch (action.type) {
      // The scope of the view on screen (canvas, or the Engagement view's section).
      case 'undo':
        void undo();
        break;
      case 'redo':
        void redo();
        break;
      case 'delete':
        void deleteSelection();
        break;
      case 'add': {
        const at = canvasApi()?.pointerOrCentre();
        if (at) void (action.kind === 'trust_boundary' ? addBoundary(at) : addElement(action.kind, at));
        break;
      }
      case 'fit':
        canvasApi()?.fit();
        break;
      case 'zoom-in':
        canvasApi()?.zoomIn();
        break;
      case 'zoom-out':
        canvasApi()?.zoomOut();
        break;
      case 'zoom-reset':
        canvasApi()?.zoomReset();
        break;
      case 'select-all':
        selectAll();
        break;
      case 'rename': {
        if (s.selection.size === 1) {
          const [id] = s.selection;
          startEditing(id);
        }
        break;
      }
      case 'escape':
        setSelection([]);
        break;
      case 'nudge':
        void nudgeSelection(action.dx, action.dy);
        break;
      case 'new':
        setApp({ panel: 'new-engagement' });
        break;
      case 'open':
        void chooseAndOpen();
        break;
      case 'save-as':
        void chooseAndSaveAs();
        break;
      case 'export':
        openExport();
        break;
      case 'help':
        setApp({ panel: 'shortcuts' });
        break;
      case 'quick-threat':
        openQuickThreat();
        break;
      case 'palette':
        // Not while presenting, nor over another panel (openPalette checks).
        openPalette();
        break;
      case 'library':
        // Not while presenting: it opens a panel (openLibraryPicker checks).
        openLibraryPicker();
        break;
      case 'tidy':
        void tidy();
        break;
    }
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
