// Keeps the active diagram's analysis (containment, crossings, warnings) fresh:
// once per settled change, ~100 ms after the last one, never per keystroke.
import { commands } from '../bindings';
import { getApp, mayDerive, setApp, useApp } from './store';

const DEBOUNCE_MS = 100;

export function startAnalysis(): () => void {
  let timer: number | undefined;
  let seq = 0;
  let lastKey = '';

  const run = async () => {
    const my = ++seq;
    const { diagramId, model } = getApp();
    if (!diagramId || !model) return;
    try {
      const r = await commands.analyze(diagramId);
      // A newer run started, or the user moved to another diagram or file meanwhile.
      if (my !== seq || getApp().diagramId !== diagramId || getApp().model?.path !== model.path) return;
      // An error here (e.g. the diagram was just deleted) is not worth a toast: the next change re-runs it.
      if (r.status === 'ok') setApp({ analysis: r.data });
    } catch {
      /* the next change retries */
    }
  };

  return useApp.subscribe((s) => {
    const key = mayDerive(s) && s.model && s.diagramId ? `${s.model.path}\u0000${s.model.version}\u0000${s.diagramId}` : '';
    if (key === lastKey) return;
    lastKey = key;
    window.clearTimeout(timer);
    if (key) timer = window.setTimeout(() => void run(), DEBOUNCE_MS);
  });
}
