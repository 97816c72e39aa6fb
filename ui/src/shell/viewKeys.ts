// Main-window keys and view rules: presenter mode by key, no canvas shortcuts
// while the Engagement view shows, and the diagram view shown for what only it shows.
import { getApp, useApp } from '../app/store';
import { showView, togglePresenting } from '../app/intents/view';

/** F5 or Ctrl+Shift+P toggles presenter mode; while the engagement view shows,
 *  single keys do not reach the hidden canvas. */
export function startViewKeys(): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const presenterKey =
      (key === 'F5' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) ||
      (key === 'p' && (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey);
    if (presenterKey) {
      e.preventDefault();
      e.stopPropagation();
      if (getApp().model) togglePresenting();
      return;
    }
    const s = getApp();
    if (s.view === 'engagement' && !s.presenting && s.panel === null) {
      // Keys typed with nothing focused would be canvas shortcuts (add, delete, nudge…):
      // the canvas is not on screen, so they stop here. Ctrl/Cmd chords (undo, open) pass.
      const t = e.target;
      const onPage = t === document.body || t === document.documentElement || t === null;
      if (onPage && !e.ctrlKey && !e.metaKey) e.stopPropagation();
    }
  };
  window.addEventListener('keydown', onKey, true);
  return () => window.removeEventListener('keydown', onKey, true);
}

/** Something asked for in the Engagement view that only the diagram view shows
 *  (View → Threat list, Edit → Log a threat…, a threat opened): show it. */
export function startDiagramIntents(): () => void {
  return useApp.subscribe((s, prev) => {
    if (s.view !== 'engagement' || s.presenting) return;
    const wantsDiagram =
      (s.bottomOpen && (!prev.bottomOpen || s.bottomTab !== prev.bottomTab)) ||
      (s.quickThreat !== null && s.quickThreat !== prev.quickThreat) ||
      (s.openThreat !== null && s.openThreat !== prev.openThreat);
    if (wantsDiagram) showView('diagram');
  });
}
