import { ViewSwitch } from './ViewSwitch';
import { AppMenus } from './AppMenus';
import { setApp, useApp } from '../app/store';
import { toggleBottom } from '../app/intents/threats';
import { ListIcon, Logo, PanelIcon, RedoIcon, UndoIcon } from '../shared/ui/icons';
import { redo, SCOPE_PLACE, undo, useViewScope } from '../app/intents/history';
import { ENGAGEMENT_KIND_LABEL } from '../shared/vocabulary';

export function TopBar() {
  const info = useApp((s) => s.model?.info);
  // The buttons undo what the view on screen changed (its undo scope).
  const scope = useViewScope();
  const history = useApp((s) => s.model?.history[scope]);
  const inspectorOpen = useApp((s) => s.inspectorOpen);
  const bottomOpen = useApp((s) => s.bottomOpen);
  return (
    <header className="tl-topbar">
      <div className="tl-brand">
        <Logo size={22} />
        <span className="tl-brand-name">Threatloom</span>
      </div>
      <AppMenus />
      <div className="tl-topbar-sep" />
      <ViewSwitch />
      <div className="tl-engagement" title={info ? `${info.name} — ${info.customer}` : undefined}>
        <span className="tl-engagement-name" data-testid="engagement-name">
          {info ? info.name || 'Untitled engagement' : ''}
        </span>
        {info && (info.customer || info.application) && (
          <span className="tl-engagement-sub">
            {[info.customer, info.application].filter(Boolean).join(' · ')}
          </span>
        )}
        {info && <span className="tl-pill">{ENGAGEMENT_KIND_LABEL[info.kind] ?? info.kind}</span>}
      </div>
      <div className="tl-topbar-actions">
        <button
          type="button"
          className="tl-icon-button"
          data-testid="undo"
          data-scope={scope}
          disabled={!history?.undo}
          onClick={() => void undo(scope)}
          title={history?.undo ? `Undo ${history.undo.toLowerCase()} (Ctrl+Z)` : `Nothing to undo in ${SCOPE_PLACE[scope]}`}
          aria-label="Undo"
        >
          <UndoIcon />
        </button>
        <button
          type="button"
          className="tl-icon-button"
          data-testid="redo"
          data-scope={scope}
          disabled={!history?.redo}
          onClick={() => void redo(scope)}
          title={history?.redo ? `Redo ${history.redo.toLowerCase()} (Ctrl+Shift+Z)` : `Nothing to redo in ${SCOPE_PLACE[scope]}`}
          aria-label="Redo"
        >
          <RedoIcon />
        </button>
        <div className="tl-topbar-sep is-small" />
        <button
          type="button"
          className={`tl-icon-button${bottomOpen ? ' is-on' : ''}`}
          data-testid="toggle-threat-panel"
          aria-pressed={bottomOpen}
          onClick={() => toggleBottom()}
          title={bottomOpen ? 'Hide the threat panel' : 'Show the threats, suggestions and coverage'}
          aria-label="Threat panel"
        >
          <ListIcon />
        </button>
        <button
          type="button"
          className={`tl-icon-button${inspectorOpen ? ' is-on' : ''}`}
          data-testid="toggle-inspector"
          aria-pressed={inspectorOpen}
          onClick={() => setApp({ inspectorOpen: !inspectorOpen })}
          title={inspectorOpen ? 'Hide the inspector (more room for the diagram)' : 'Show the inspector'}
          aria-label="Inspector"
        >
          <PanelIcon />
        </button>
      </div>
    </header>
  );
}
