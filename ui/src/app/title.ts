import { getCurrentWindow } from '@tauri-apps/api/window';
import { useApp } from './store';

const mainTitle = (name: string | undefined) => (name ? `${name} — Threatloom` : 'Threatloom');

/** The window title follows the engagement name (`titleOf` words it per window). */
export function startTitle(titleOf: (name: string | undefined) => string = mainTitle): () => void {
  let last = '';
  const update = (s: ReturnType<typeof useApp.getState>) => {
    const title = titleOf(s.model?.info.name);
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
  };
  update(useApp.getState());
  return useApp.subscribe(update);
}
