import { lazy, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter/index.css';
import '@xyflow/react/dist/base.css';
// Stylesheets in a fixed order (see styles/tokens.css): tokens, shared widgets,
// then the features. No component imports CSS.
import './styles/tokens.css';
import './styles/base.css';
import './styles/picker.css';
import './shell/shell.css';
import './shell/commandPalette.css';
import './canvas/canvas.css';
import './canvas/lines.css';
import './inspector/inspector.css';
import './threats/threats.css';
import './threats/editor.css';
import './threats/panel.css';
import './engagement/engagement.css';
import './engagement/overview.css';
import './engagement/sessions.css';
import './engagement/findings.css';
import './notes/notes.css';
import './export/export.css';
import './import/import.css';
import './library/library.css';
import './library/manage.css';
// The risk colours, from the core's vocabulary, before the first render.
import './styles/palette';
import { App } from './shell/App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { describeError } from './shared/errors';
import { toast } from './app/store';
import { start } from './app/sync';

// Errors outside React's render (event handlers, promises) become toasts, never a dead window.
window.addEventListener('error', (e) => {
  // A benign browser notice (React Flow measures nodes with ResizeObserver), not a failure.
  if (typeof e.message === 'string' && e.message.includes('ResizeObserver loop')) return;
  toast(describeError(e.error ?? e.message));
});
window.addEventListener('unhandledrejection', (e) => toast(describeError(e.reason)));

// The note-taker's window loads its own view on demand (the main window never needs it).
const NoteTakerApp = lazy(() => import('./notes/NoteTaker').then((m) => ({ default: m.NoteTakerApp })));

// Ask the core for the engagement now, while React mounts, rather than from the
// first effect: the snapshot is on its way sooner (start() runs once per window).
void start();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <ErrorBoundary>
      {/* The note-taker's window (Window → Note-taker) opens index.html#/notes. */}
      {window.location.hash.startsWith('#/notes') ? (
        <Suspense fallback={null}>
          <NoteTakerApp />
        </Suspense>
      ) : (
        <App />
      )}
    </ErrorBoundary>,
  );
}
