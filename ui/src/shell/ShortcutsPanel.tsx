import { useEffect } from 'react';
import { setApp } from '../app/store';
import { CloseIcon } from '../shared/ui/icons';

const ROWS: [string, string][] = [
  ['Ctrl+K', 'Go to an element, threat, note, person, session or finding, or run any menu command: type, ↑ ↓, Enter'],
  ['E  P  S  B', 'Add an external entity, process, data store, trust boundary (at the mouse)'],
  ['B with elements selected', 'Wrap them in a trust boundary; type its name, Enter (one undo step)'],
  ['Shift+B, drag', 'Draw a trust boundary as a line across flows'],
  ['Drag from a dot', 'Draw a data flow; type its name, Enter'],
  ['Double-click, F2', 'Rename in place'],
  ['T', 'Log a threat on the selection: a STRIDE letter, the title, Tab and two of L M H (impact, likelihood), Enter'],
  ['L', 'Apply a library entry to the selection: type to search, ↑ ↓ to choose, Enter'],
  ['Delete', 'Delete the selection (flows go with their elements)'],
  ['Ctrl+C on a threat', 'Copy it (the list row, the inspector card, the editor, Findings; Ctrl/Shift+click rows picks several)'],
  ['Ctrl+V', 'Paste the copied threats on the selected elements, in this or another engagement or window'],
  ['Drag a threat row onto an element', 'Move it there; hold Ctrl (or Alt) to copy it'],
  ['Shift+click, drag on empty canvas', 'Select several'],
  ['Arrow keys (Shift: ×10)', 'Nudge the selection'],
  ['Scroll, right-drag, Space+drag', 'Pan'],
  ['Ctrl+scroll, + / −', 'Zoom'],
  ['F', 'Fit the diagram to the view'],
  ['Shift+T', 'Tidy: lay the diagram out again, left to right, boundaries kept'],
  ['Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y', 'Undo, redo what the view on screen changed (the canvas, Findings, Sessions…)'],
  ['Ctrl+A', 'Select everything in the diagram'],
  ['Ctrl+N, Ctrl+O, Ctrl+Shift+S', 'New, open, save a copy'],
  ['Ctrl+E', 'Export the report, a summary, the spreadsheet, Jira, wiki pages or diagrams'],
];

export function ShortcutsPanel() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' || e.key === '?') {
        e.stopPropagation();
        setApp({ panel: null });
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  return (
    <div className="tl-scrim" onMouseDown={(e) => e.target === e.currentTarget && setApp({ panel: null })}>
      <div className="tl-sheet is-wide" data-keys="panel" role="dialog" aria-label="Keyboard shortcuts">
        <div className="tl-sheet-head">
          <div className="tl-sheet-title">Keyboard and mouse</div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={() => setApp({ panel: null })}>
            <CloseIcon size={14} />
          </button>
        </div>
        <table className="tl-shortcuts">
          <tbody>
            {ROWS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
