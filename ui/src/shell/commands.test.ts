import { describe, expect, it, vi } from 'vitest';

vi.mock('../bindings', () => ({ commands: {}, events: {} }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: async () => null, save: async () => null }));

import { appMenus, commandsOf, menuStateOf, type MenuState } from './commands';
import { commandPart } from './CommandPalette';
import type { MenuEntry, MenuItem } from './MenuBar';
import { fromSnapshot } from '../app/model';
import { getApp, setApp } from '../app/store';
import { paletteSnapshot } from '../shared/paletteFixture';

const state = (over: Partial<MenuState> = {}): MenuState => ({
  scope: 'diagram',
  history: { undo: 'Add process', redo: null },
  selectionSize: 0,
  path: '/tmp/e.threatmodel',
  inspectorOpen: true,
  bottomOpen: false,
  view: 'diagram',
  diagramId: 'd1',
  presenting: false,
  openThreatId: null,
  libraryEntries: 3,
  ...over,
});

/** Every item the menu bar shows, submenus opened. */
function menuItems(entries: MenuEntry[]): MenuItem[] {
  return entries.flatMap((e) => (e === 'separator' ? [] : e.submenu ? menuItems(e.submenu()) : [e]));
}

describe('the command table', () => {
  const recent = [{ path: '/tmp/old.threatmodel', name: 'Old one' }];

  it('gives the palette every item of the menu bar, with the same function', () => {
    // Items built once, so the functions can be compared.
    const fixed = (entries: MenuEntry[]): MenuEntry[] =>
      entries.map((e) => (e === 'separator' || !e.submenu ? e : { ...e, submenu: ((sub) => () => sub)(e.submenu()) }));
    const menus = appMenus(state(), recent).map((m) => ({ ...m, items: ((list) => () => list)(fixed(m.items())) }));
    const items = menus.flatMap((m) => menuItems(m.items()));
    const commands = commandsOf(menus);
    expect(commands.map((c) => c.label)).toEqual(items.map((i) => i.label));
    expect(commands.map((c) => c.run)).toEqual(items.map((i) => i.onSelect));
    expect(commands.every((c, i) => c.run === items[i].onSelect)).toBe(true);
    expect(commands.length).toBeGreaterThan(30);
    // Where each sits, and its key.
    expect(commands.find((c) => c.label === 'Export…')).toMatchObject({ path: ['File'], shortcut: 'Ctrl+E', disabled: false });
    expect(commands.find((c) => c.label === 'OTM (YAML)…')?.path).toEqual(['File', 'Export to another tool']);
    expect(commands.find((c) => c.label === 'Old one')?.path).toEqual(['File', 'Recent']);
    expect(commands.find((c) => c.label === 'Undo add process')).toMatchObject({ path: ['Edit'], disabled: false });
    expect(commands.find((c) => c.label === 'Delete')?.disabled).toBe(true);
  });

  it('follows the state as the menus do', () => {
    const labels = (m: MenuState) => commandsOf(appMenus(m, [])).map((c) => c.label);
    expect(labels(state({ inspectorOpen: false }))).toContain('Show inspector');
    expect(labels(state())).toContain('Hide inspector');
    expect(labels(state({ history: { undo: null, redo: null } }))).toContain('Undo');
  });

  it("reads the menus' state from the store", () => {
    setApp({ model: fromSnapshot(paletteSnapshot()), view: 'engagement', section: 'findings', selection: new Set(['api']) });
    expect(menuStateOf(getApp())).toMatchObject({ scope: 'findings', selectionSize: 1, path: '/tmp/e.threatmodel', view: 'engagement' });
  });

  it("lists the commands in the palette in the menus' order, a disabled one marked", () => {
    const commands = commandsOf(appMenus(state(), []));
    const part = commandPart(commands);
    expect(part.items.map((i) => i.title)).toEqual(commands.map((c) => c.label));
    const del = part.items.find((i) => i.title === 'Delete');
    expect(del).toMatchObject({ kind: 'command', kindLabel: 'Command', where: 'Edit', aside: 'Del', disabled: true });
    expect(part.items.every((item, i) => item.run === commands[i].run)).toBe(true);
    // Running a row is running the menu item.
    setApp({ panel: null, inspectorOpen: true });
    part.items.find((i) => i.title === 'Keyboard shortcuts')?.run?.();
    expect(getApp().panel).toBe('shortcuts');
    part.items.find((i) => i.title === 'Hide inspector')?.run?.();
    expect(getApp().inspectorOpen).toBe(false);
  });
});
