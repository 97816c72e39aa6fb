// A search picker's keys as a pure mapping (unit-tested): the search box keeps
// the focus, so typing searches, and these keys move, apply and close. The
// library picker (L) and the command palette (Ctrl+K) use them.

export type PickerAction =
  | { type: 'move'; to: number }
  /** `alt`: Shift+Enter, the row's other action where it has one. */
  | { type: 'apply'; index: number; alt: boolean }
  | { type: 'close' };

export interface PickerKeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/** What a key pressed in the picker does, with `highlighted` the row shown
 *  highlighted among `count` results; null: the search box takes it. Up and
 *  Down wrap around, Page Up/Down jump `page` rows, Enter applies (Shift+Enter:
 *  the other action). */
export function pickerKey(k: PickerKeyLike, highlighted: number, count: number, page = 8): PickerAction | null {
  if (k.isComposing) return null;
  if (k.key === 'Escape') return { type: 'close' };
  if (k.altKey || k.metaKey) return null;
  const ctrlN = k.ctrlKey && (k.key === 'n' || k.key === 'p');
  if (k.ctrlKey !== ctrlN) return null;
  if (count === 0) return null;
  const at = Math.min(Math.max(highlighted, 0), count - 1);
  if (ctrlN) return { type: 'move', to: k.key === 'n' ? (at + 1) % count : (at - 1 + count) % count };
  switch (k.key) {
    case 'ArrowDown':
      return { type: 'move', to: (at + 1) % count };
    case 'ArrowUp':
      return { type: 'move', to: (at - 1 + count) % count };
    case 'PageDown':
      return { type: 'move', to: Math.min(count - 1, at + page) };
    case 'PageUp':
      return { type: 'move', to: Math.max(0, at - page) };
    case 'Enter':
      return { type: 'apply', index: at, alt: k.shiftKey };
  }
  return null;
}

/** The row to highlight after new results came: the same entry if it is still
 *  listed, else the first. */
export function keepHighlight(previousId: string | null, ids: readonly string[]): number {
  if (previousId === null) return 0;
  const i = ids.indexOf(previousId);
  return i >= 0 ? i : 0;
}
