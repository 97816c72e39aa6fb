// Threats through the clipboard. Ctrl+C on a threat keeps the copy in the store
// (it outlives the engagement on screen) and writes its text to the system
// clipboard from the web view's own `copy` event, so another window or another
// engagement can paste it; Ctrl+V reads the clipboard from the `paste` event.
// Neither key is taken from a text field, and only a key press of ours turns
// a copy or paste event into threats: a text copied or pasted stays a text.
import { copyThreats, pasteThreats } from '../app/intents/threats';
import { getApp, toast } from '../app/store';
import { pasteSource } from '../shared/threatClipboard';

/** The clipboard text our Ctrl+C prepared, until the copy event takes it. */
let pendingCopy: string | null = null;
/** Our Ctrl+V asked for the clipboard; the paste event answers. */
let pendingPaste = false;

/** The threats a focused row, card or editor stands for (`data-copy-threats`). */
function threatsAt(target: Element | null): string[] | null {
  const ids = target?.closest('[data-copy-threats]')?.getAttribute('data-copy-threats')?.split(' ').filter(Boolean);
  return ids && ids.length > 0 ? ids : null;
}

/** With nothing focused: the threat in the editor, or the finding shown. */
function threatsOnScreen(): string[] | null {
  const s = getApp();
  if (s.view === 'diagram' && s.openThreat && s.openThreat.selection === s.selection) return [s.openThreat.id];
  if (s.view === 'engagement' && s.section === 'findings' && s.finding) return [s.finding];
  return null;
}

function selectedText(): boolean {
  const sel = typeof window.getSelection === 'function' ? window.getSelection() : null;
  return !!sel && !sel.isCollapsed && sel.toString().trim() !== '';
}

/** Ctrl+C outside text fields. True when it copied threats; false leaves the
 *  key to the web view (selected text is copied as text). */
export function copyKey(target: Element | null): boolean {
  if (selectedText()) return false;
  const ids = threatsAt(target) ?? threatsOnScreen();
  if (!ids) return false;
  const text = copyThreats(ids);
  if (text === null) return false;
  pendingCopy = text;
  // The copy event comes within this key press, or not at all (a web view
  // that fires none): then the asynchronous clipboard, where it is allowed.
  window.setTimeout(() => {
    if (pendingCopy !== text) return;
    pendingCopy = null;
    // Refused or absent: the copy kept in the store still pastes in this window.
    navigator.clipboard?.writeText(text).catch(() => undefined);
  }, 0);
  return true;
}

/** Ctrl+V outside text fields: the paste event brings the clipboard's text;
 *  without one, the copy kept in this window is pasted. Threats go on the
 *  canvas's selection, so only while the canvas shows. */
export function pasteKey(): void {
  const s = getApp();
  if (s.view !== 'diagram' && !s.presenting) {
    toast('Threats are pasted on elements: show the diagram (Ctrl+V there)', 'info');
    return;
  }
  pendingPaste = true;
  window.setTimeout(() => {
    if (!pendingPaste) return;
    pendingPaste = false;
    pasteKept();
  }, 0);
}

function pasteKept(): void {
  const kept = getApp().copied;
  if (kept) void pasteThreats(kept);
  else toast('Nothing to paste: copy a threat first (Ctrl+C on it in the list, the inspector or the editor)', 'info');
}

function onCopy(e: ClipboardEvent): void {
  if (pendingCopy === null || !e.clipboardData) return;
  e.clipboardData.setData('text/plain', pendingCopy);
  e.preventDefault();
  pendingCopy = null;
}

function onPaste(e: ClipboardEvent): void {
  if (!pendingPaste) return;
  pendingPaste = false;
  e.preventDefault();
  const text = e.clipboardData?.getData('text/plain') ?? '';
  const source = pasteSource(text, getApp().copied !== null);
  switch (source.from) {
    case 'clipboard':
      void pasteThreats(source.clip);
      break;
    case 'kept':
      pasteKept();
      break;
    case 'none':
      toast('The clipboard holds no threats: copy one first (Ctrl+C on it in the list, the inspector or the editor)', 'info');
  }
}

export function startClipboard(): () => void {
  document.addEventListener('copy', onCopy);
  document.addEventListener('paste', onPaste);
  return () => {
    document.removeEventListener('copy', onCopy);
    document.removeEventListener('paste', onPaste);
  };
}
