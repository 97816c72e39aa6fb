// The note-taker window's undo keys: Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y outside a
// text field undo and redo the notes scope only (sessions and notes), so the
// note-taker never takes back the facilitator's canvas edit on the same laptop.
import { redo, undo } from '../app/intents/history';
import { focusZone, keyAction } from '../shell/keys';

export function startNoteKeys(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const target = e.target instanceof Element ? e.target : document.activeElement;
    const action = keyAction(e, focusZone(target));
    if (action?.type !== 'undo' && action?.type !== 'redo') return;
    e.preventDefault();
    void (action.type === 'undo' ? undo('notes') : redo('notes'));
  };
  window.addEventListener('keydown', onKey);
  return () => window.removeEventListener('keydown', onKey);
}
