import { getCurrentWindow } from '@tauri-apps/api/window';
import { useApp } from '../app/store';

/** The window title follows the engagement name. */
export function startTitle(): () => void {
  let last = '';
  return useApp.subscribe((s) => {
    const name = s.model?.info.name;
    const title = name ? `${name} — Threatloom` : 'Threatloom';
    if (title === last) return;
    last = title;
    document.title = title;
    try {
      getCurrentWindow()
        .setTitle(title)
        .catch(() => {});
    } catch {
      /* outside Tauri: no window to title */
    }
  });
}
