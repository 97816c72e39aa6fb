import { type NodeKind } from '../app/intents/diagram';
// Keyboard shortcuts as a pure mapping, so the rules are unit-tested: what a key
// press means depends only on the key, its modifiers and what has focus.

export type KeyAction =
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'delete' }
  | { type: 'add'; kind: NodeKind }
  | { type: 'fit' }
  | { type: 'zoom-in' }
  | { type: 'zoom-out' }
  | { type: 'zoom-reset' }
  | { type: 'select-all' }
  | { type: 'rename' }
  | { type: 'escape' }
  | { type: 'nudge'; dx: number; dy: number }
  | { type: 'new' }
  | { type: 'open' }
  | { type: 'save-as' }
  | { type: 'export' }
  | { type: 'help' }
  | { type: 'quick-threat' }
  | { type: 'library' }
  | { type: 'tidy' }
  | { type: 'palette' }
  | { type: 'copy' }
  | { type: 'paste' };

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Where the key press happened. */
export type FocusZone =
  | 'text' // an input, textarea, select or editable text: it owns every key, Ctrl+Z included
  | 'panel' // a button or checkbox in a panel (inspector, menus): only undo/redo reach the canvas
  | 'canvas'; // the canvas, the page, or a toolbar button

const ADD_KEYS: Record<string, NodeKind> = {
  e: 'external_entity',
  p: 'process',
  s: 'data_store',
  b: 'trust_boundary',
};

export function keyAction(k: KeyLike, zone: FocusZone): KeyAction | null {
  if (zone === 'text') return null;
  const key = k.key.length === 1 ? k.key.toLowerCase() : k.key;
  const mod = k.ctrlKey || k.metaKey;
  if (mod && !k.altKey) {
    if (key === 'z') return k.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (key === 'y' && !k.shiftKey) return { type: 'redo' };
    if (key === 'o' && !k.shiftKey) return { type: 'open' };
    if (key === 's' && k.shiftKey) return { type: 'save-as' };
    if (key === 'n' && !k.shiftKey) return { type: 'new' };
    if (key === 'e' && !k.shiftKey) return { type: 'export' };
    if (key === 'k' && !k.shiftKey) return { type: 'palette' };
    // Threats: copied from a list, a card or the editor, pasted on the canvas's selection.
    if (key === 'c' && !k.shiftKey) return { type: 'copy' };
    if (key === 'v' && !k.shiftKey) return { type: 'paste' };
    if (zone !== 'canvas') return null;
    if (key === 'a') return { type: 'select-all' };
    if (key === '=' || key === '+') return { type: 'zoom-in' };
    if (key === '-') return { type: 'zoom-out' };
    if (key === '0') return { type: 'zoom-reset' };
    return null;
  }
  if (zone !== 'canvas' || k.altKey || mod) return null;
  switch (key) {
    case 'Delete':
    case 'Backspace':
      return { type: 'delete' };
    case 'f':
      return k.shiftKey ? null : { type: 'fit' };
    case '+':
    case '=':
      return { type: 'zoom-in' };
    case '-':
      return { type: 'zoom-out' };
    case 'F2':
    case 'Enter':
      return { type: 'rename' };
    case 'Escape':
      return { type: 'escape' };
    case '?':
      return { type: 'help' };
    case 'ArrowLeft':
      return { type: 'nudge', dx: k.shiftKey ? -10 : -1, dy: 0 };
    case 'ArrowRight':
      return { type: 'nudge', dx: k.shiftKey ? 10 : 1, dy: 0 };
    case 'ArrowUp':
      return { type: 'nudge', dx: 0, dy: k.shiftKey ? -10 : -1 };
    case 'ArrowDown':
      return { type: 'nudge', dx: 0, dy: k.shiftKey ? 10 : 1 };
  }
  if (!k.shiftKey && key in ADD_KEYS) return { type: 'add', kind: ADD_KEYS[key] };
  if (!k.shiftKey && key === 't') return { type: 'quick-threat' };
  if (!k.shiftKey && key === 'l') return { type: 'library' };
  if (k.shiftKey && key === 't') return { type: 'tidy' };
  return null;
}

/** Whether a key's action may run while presenting: drawing and moving about
 *  the diagram, yes; anything that opens a panel or a dialog, no (the presenter
 *  view has no room for it, and it would pop up once presenting ends). */
export function allowedWhilePresenting(a: KeyAction): boolean {
  switch (a.type) {
    case 'new':
    case 'open':
    case 'save-as':
    case 'export':
    case 'help':
    case 'quick-threat':
    case 'tidy':
    case 'library':
    case 'palette':
      return false;
    default:
      return true;
  }
}

/** Classifies the focused element for `keyAction`. */
export function focusZone(el: Element | null): FocusZone {
  if (!el || !(el instanceof HTMLElement)) return 'canvas';
  if (el.isContentEditable) return 'text';
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return 'text';
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return type === 'checkbox' || type === 'radio' || type === 'button' ? 'panel' : 'text';
  }
  if (el.closest('.react-flow')) return 'canvas';
  if (el.closest('[data-keys="panel"]')) return 'panel';
  // Buttons take Enter and Space themselves; other keys still reach the canvas.
  return 'canvas';
}
