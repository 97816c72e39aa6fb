// Presenter mode, for the screen share: the canvas, larger labels, and nothing
// the customer should not see — no editing palette, no risk ratings or badges,
// no threat list, no inspector, no notes, no DFD warnings. Those are not
// rendered at all (not merely hidden): F5 or Ctrl+Shift+P brings them back.
// Drawing keys (E, P, S, B, names, undo) still work; keys that open panels do not.
import { Canvas } from '../canvas/Canvas';
import { ZoomControls } from './Palette';
import { Toasts } from '../shared/ui/Toasts';
import { Logo } from '../shared/ui/icons';
import { selectDiagram, useApp } from '../app/store';
import { togglePresenting } from '../app/intents/view';

export function PresenterView() {
  const version = useApp((s) => s.model?.version);
  const ready = useApp((s) => s.ready);
  const diagrams = useApp((s) => s.model?.diagrams);
  const diagramId = useApp((s) => s.diagramId);
  const application = useApp((s) => s.model?.info.application);
  return (
    <div className="tl-app is-presenting" data-version={version ?? ''} data-ready={ready ? 'true' : 'false'} data-presenting="true">
      <header className="tle-presenter-bar" data-testid="presenter-bar">
        <Logo size={20} />
        {application && <span className="tle-presenter-app">{application}</span>}
        {diagrams && diagrams.length > 1 ? (
          <nav className="tle-presenter-tabs" aria-label="Diagrams">
            {diagrams.map((d) => (
              <button
                key={d.id}
                type="button"
                className={`tle-presenter-tab${d.id === diagramId ? ' is-on' : ''}`}
                aria-current={d.id === diagramId ? 'page' : undefined}
                onClick={() => selectDiagram(d.id)}
              >
                {d.name}
              </button>
            ))}
          </nav>
        ) : (
          <span className="tle-presenter-diagram">{diagrams?.find((d) => d.id === diagramId)?.name}</span>
        )}
        <span className="tl-spacer" />
        <button type="button" className="tle-presenting" data-testid="presenter-indicator" onClick={togglePresenting} title="Leave presenter mode (F5 or Ctrl+Shift+P)">
          <span className="tle-presenting-dot" />
          Presenting
          <kbd>F5</kbd>
        </button>
      </header>
      <div className="tl-main">
        <div className="tl-stage">
          <Canvas />
          <ZoomControls />
        </div>
      </div>
      <Toasts />
    </div>
  );
}
