// Diagram | Engagement in the top bar (kept out of the engagement view, which loads on demand).
import { showView } from '../app/intents/view';
import { useApp } from '../app/store';

/** Diagram | Engagement, in the top bar. */
export function ViewSwitch() {
  const view = useApp((s) => s.view);
  const hasModel = useApp((s) => s.model !== null);
  if (!hasModel) return null;
  return (
    <div className="tle-viewswitch" role="tablist" aria-label="View">
      {(['diagram', 'engagement'] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={view === v}
          className={`tle-viewswitch-button${view === v ? ' is-on' : ''}`}
          data-testid={`view-${v}`}
          onClick={() => showView(v)}
        >
          {v === 'diagram' ? 'Diagram' : 'Engagement'}
        </button>
      ))}
    </div>
  );
}
