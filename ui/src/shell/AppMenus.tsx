// The menu bar: the command table (commands.ts) for the store's current state.
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RecentFile } from '../bindings';
import { useApp } from '../app/store';
import { recentFiles } from '../app/shell';
import { MenuBar } from './MenuBar';
import { appMenus, menuStateOf } from './commands';


export function AppMenus() {
  const state = useApp(useShallow(menuStateOf));
  const [recent, setRecent] = useState<RecentFile[]>([]);
  return <MenuBar menus={appMenus(state, recent, () => void recentFiles().then(setRecent))} />;
}
