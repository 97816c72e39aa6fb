import { describe, expect, it } from 'vitest';
import { allowedWhilePresenting, keyAction, type KeyLike } from './keys';

const k = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({ key, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('keyAction', () => {
  it('opens the command palette with Ctrl+K, from the canvas or a panel, not from a text field', () => {
    expect(keyAction(k('k', { ctrlKey: true }), 'canvas')).toEqual({ type: 'palette' });
    expect(keyAction(k('K', { metaKey: true }), 'panel')).toEqual({ type: 'palette' });
    expect(keyAction(k('k', { ctrlKey: true }), 'text')).toBeNull();
    expect(keyAction(k('k', { ctrlKey: true, shiftKey: true }), 'canvas')).toBeNull();
    expect(keyAction(k('k'), 'canvas')).toBeNull();
  });

  it('undoes and redoes with Ctrl+Z, Ctrl+Shift+Z and Ctrl+Y', () => {
    expect(keyAction(k('z', { ctrlKey: true }), 'canvas')).toEqual({ type: 'undo' });
    expect(keyAction(k('Z', { ctrlKey: true, shiftKey: true }), 'canvas')).toEqual({ type: 'redo' });
    expect(keyAction(k('y', { ctrlKey: true }), 'canvas')).toEqual({ type: 'redo' });
    expect(keyAction(k('z', { metaKey: true }), 'panel')).toEqual({ type: 'undo' });
  });

  it('leaves every key to a focused text input, Ctrl+Z included', () => {
    expect(keyAction(k('z', { ctrlKey: true }), 'text')).toBeNull();
    expect(keyAction(k('p'), 'text')).toBeNull();
    expect(keyAction(k('Backspace'), 'text')).toBeNull();
  });

  it('adds elements with single keys on the canvas only', () => {
    expect(keyAction(k('e'), 'canvas')).toEqual({ type: 'add', kind: 'external_entity' });
    expect(keyAction(k('P'), 'canvas')).toEqual({ type: 'add', kind: 'process' });
    expect(keyAction(k('s'), 'canvas')).toEqual({ type: 'add', kind: 'data_store' });
    expect(keyAction(k('b'), 'canvas')).toEqual({ type: 'add', kind: 'trust_boundary' });
    expect(keyAction(k('p'), 'panel')).toBeNull();
    expect(keyAction(k('p', { ctrlKey: true }), 'canvas')).toBeNull();
    expect(keyAction(k('p', { altKey: true }), 'canvas')).toBeNull();
  });

  it('opens the quick threat form with T on the canvas only', () => {
    expect(keyAction(k('t'), 'canvas')).toEqual({ type: 'quick-threat' });
    expect(keyAction(k('T'), 'canvas')).toEqual({ type: 'quick-threat' });
    expect(keyAction(k('t'), 'panel')).toBeNull();
    expect(keyAction(k('t'), 'text')).toBeNull();
    expect(keyAction(k('t', { ctrlKey: true }), 'canvas')).toBeNull();
  });

  it('opens the library picker with L on the canvas only', () => {
    expect(keyAction(k('l'), 'canvas')).toEqual({ type: 'library' });
    expect(keyAction(k('L'), 'canvas')).toEqual({ type: 'library' });
    expect(keyAction(k('l'), 'panel')).toBeNull();
    expect(keyAction(k('l'), 'text')).toBeNull();
    expect(keyAction(k('l', { ctrlKey: true }), 'canvas')).toBeNull();
    expect(keyAction(k('L', { shiftKey: true }), 'canvas')).toBeNull();
  });

  it('tidies with Shift+T on the canvas only; T alone still logs a threat', () => {
    expect(keyAction(k('T', { shiftKey: true }), 'canvas')).toEqual({ type: 'tidy' });
    expect(keyAction(k('t'), 'canvas')).toEqual({ type: 'quick-threat' });
    expect(keyAction(k('T', { shiftKey: true }), 'panel')).toBeNull();
    expect(keyAction(k('T', { shiftKey: true }), 'text')).toBeNull();
    expect(keyAction(k('T', { shiftKey: true, ctrlKey: true }), 'canvas')).toBeNull();
  });

  it('deletes with Delete and Backspace, fits with F', () => {
    expect(keyAction(k('Delete'), 'canvas')).toEqual({ type: 'delete' });
    expect(keyAction(k('Backspace'), 'canvas')).toEqual({ type: 'delete' });
    expect(keyAction(k('Delete'), 'panel')).toBeNull();
    expect(keyAction(k('f'), 'canvas')).toEqual({ type: 'fit' });
  });

  it('nudges with arrows, ten times with Shift', () => {
    expect(keyAction(k('ArrowLeft'), 'canvas')).toEqual({ type: 'nudge', dx: -1, dy: 0 });
    expect(keyAction(k('ArrowDown', { shiftKey: true }), 'canvas')).toEqual({ type: 'nudge', dx: 0, dy: 10 });
  });

  it('maps file shortcuts', () => {
    expect(keyAction(k('o', { ctrlKey: true }), 'canvas')).toEqual({ type: 'open' });
    expect(keyAction(k('S', { ctrlKey: true, shiftKey: true }), 'canvas')).toEqual({ type: 'save-as' });
    expect(keyAction(k('n', { ctrlKey: true }), 'canvas')).toEqual({ type: 'new' });
    expect(keyAction(k('e', { ctrlKey: true }), 'panel')).toEqual({ type: 'export' });
    expect(keyAction(k('e', { ctrlKey: true }), 'text')).toBeNull();
    expect(keyAction(k('e'), 'canvas')).toEqual({ type: 'add', kind: 'external_entity' });
  });

  it('copies and pastes threats with Ctrl+C and Ctrl+V, never from a text field', () => {
    expect(keyAction(k('c', { ctrlKey: true }), 'panel')).toEqual({ type: 'copy' });
    expect(keyAction(k('c', { metaKey: true }), 'canvas')).toEqual({ type: 'copy' });
    expect(keyAction(k('v', { ctrlKey: true }), 'canvas')).toEqual({ type: 'paste' });
    expect(keyAction(k('V', { ctrlKey: true }), 'panel')).toEqual({ type: 'paste' });
    expect(keyAction(k('c', { ctrlKey: true }), 'text')).toBeNull();
    expect(keyAction(k('v', { ctrlKey: true }), 'text')).toBeNull();
    expect(keyAction(k('v', { ctrlKey: true, shiftKey: true }), 'canvas')).toBeNull();
    expect(keyAction(k('c', { ctrlKey: true, altKey: true }), 'canvas')).toBeNull();
  });
});

describe('keys while presenting', () => {
  it('draw and move about, but open no panel', () => {
    const allowed = (key: string, mod: Partial<KeyLike> = {}) => {
      const a = keyAction(k(key, mod), 'canvas');
      return a === null ? null : allowedWhilePresenting(a);
    };
    for (const key of ['t', 'l', '?']) expect(allowed(key), key).toBe(false);
    for (const key of ['n', 'o', 'e']) expect(allowed(key, { ctrlKey: true }), `Ctrl+${key}`).toBe(false);
    expect(allowed('s', { ctrlKey: true, shiftKey: true })).toBe(false);
    for (const key of ['e', 'p', 's', 'b', 'f', 'Delete', 'Enter', 'Escape', 'ArrowLeft', '+']) expect(allowed(key), key).toBe(true);
    expect(allowed('z', { ctrlKey: true })).toBe(true);
  });
});
