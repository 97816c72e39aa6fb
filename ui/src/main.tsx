import { createRoot } from 'react-dom/client';
import '@fontsource-variable/inter/index.css';
import '@xyflow/react/dist/base.css';
import './styles.css';
import { App } from './shell/App';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { NoteTakerApp } from './notes/NoteTaker';
import { describeError } from './shared/errors';
import { toast } from './app/store';

// Errors outside React's render (event handlers, promises) become toasts, never a dead window.
window.addEventListener('error', (e) => {
  // A benign browser notice (React Flow measures nodes with ResizeObserver), not a failure.
  if (typeof e.message === 'string' && e.message.includes('ResizeObserver loop')) return;
  toast(describeError(e.error ?? e.message));
});
window.addEventListener('unhandledrejection', (e) => toast(describeError(e.reason)));

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <ErrorBoundary>
      {/* The note-taker's window (Window → Note-taker) opens index.html#/notes. */}
      {window.location.hash.startsWith('#/notes') ? <NoteTakerApp /> : <App />}
    </ErrorBoundary>,
  );
}
