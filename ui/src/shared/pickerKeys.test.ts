import { describe, expect, it } from 'vitest';
import { keepHighlight, pickerKey, type PickerKeyLike } from './pickerKeys';

const k = (key: string, mods: Partial<PickerKeyLike> = {}): PickerKeyLike => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('the library picker keys', () => {
  it('move the highlight with Up and Down, wrapping at both ends', () => {
    expect(pickerKey(k('ArrowDown'), 0, 3)).toEqual({ type: 'move', to: 1 });
    expect(pickerKey(k('ArrowDown'), 2, 3)).toEqual({ type: 'move', to: 0 });
    expect(pickerKey(k('ArrowUp'), 0, 3)).toEqual({ type: 'move', to: 2 });
    expect(pickerKey(k('ArrowUp'), 2, 3)).toEqual({ type: 'move', to: 1 });
    // Ctrl+N / Ctrl+P, as in other pickers.
    expect(pickerKey(k('n', { ctrlKey: true }), 0, 3)).toEqual({ type: 'move', to: 1 });
    expect(pickerKey(k('p', { ctrlKey: true }), 0, 3)).toEqual({ type: 'move', to: 2 });
  });

  it('jump a page with Page Up and Page Down, stopping at the ends', () => {
    expect(pickerKey(k('PageDown'), 0, 20, 8)).toEqual({ type: 'move', to: 8 });
    expect(pickerKey(k('PageDown'), 15, 20, 8)).toEqual({ type: 'move', to: 19 });
    expect(pickerKey(k('PageUp'), 5, 20, 8)).toEqual({ type: 'move', to: 0 });
  });

  it('apply the highlighted entry with Enter, and close with Esc', () => {
    expect(pickerKey(k('Enter'), 1, 3)).toEqual({ type: 'apply', index: 1, alt: false });
    // A highlight left past the end by a shorter list applies the last one.
    expect(pickerKey(k('Enter'), 7, 3)).toEqual({ type: 'apply', index: 2, alt: false });
    // Shift+Enter: the row's other action (the palette's "show in Findings").
    expect(pickerKey(k('Enter', { shiftKey: true }), 0, 3)).toEqual({ type: 'apply', index: 0, alt: true });
    expect(pickerKey(k('Escape'), 1, 3)).toEqual({ type: 'close' });
    expect(pickerKey(k('Escape'), 0, 0)).toEqual({ type: 'close' });
  });

  it('leave typing to the search box, and do nothing with no results', () => {
    for (const key of ['a', 'L', ' ', 'Backspace', 'ArrowLeft', 'Home', 'End']) expect(pickerKey(k(key), 0, 3)).toBeNull();
    expect(pickerKey(k('n'), 0, 3)).toBeNull();
    expect(pickerKey(k('a', { ctrlKey: true }), 0, 3)).toBeNull();
    expect(pickerKey(k('ArrowDown', { altKey: true }), 0, 3)).toBeNull();
    expect(pickerKey(k('Enter', { isComposing: true }), 0, 3)).toBeNull();
    expect(pickerKey(k('Enter'), 0, 0)).toBeNull();
    expect(pickerKey(k('ArrowDown'), 0, 0)).toBeNull();
  });

  it('keep the highlighted entry when the same search answers again', () => {
    expect(keepHighlight('b', ['a', 'b', 'c'])).toBe(1);
    expect(keepHighlight('gone', ['a', 'b'])).toBe(0);
    expect(keepHighlight(null, ['a'])).toBe(0);
  });
});
