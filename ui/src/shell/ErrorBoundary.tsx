import { Component, type ReactNode } from 'react';

interface State {
  error: string | null;
}

/** A render error must not leave a blank window: say what happened and offer a reload
 *  (the engagement is safe: every change is already stored by the core). */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { error: null };

  static getDerivedStateFromError(e: unknown): State {
    return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }

  render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className="tl-crash" role="alert" data-testid="crash">
        <div className="tl-load-error">
          <div className="tl-sheet-title">The window hit a problem</div>
          <p>Your engagement is safe: every change was saved as you made it.</p>
          <pre className="tl-crash-detail">{this.state.error}</pre>
          <button type="button" className="tl-button is-primary" onClick={() => window.location.reload()}>
            Reload the window
          </button>
        </div>
      </div>
    );
  }
}
