// The panel under the canvas (never over it: the canvas stays clean for a
// screen share): the threat list, the rules' suggestions, the coverage matrix.
import { useCallback, useRef } from 'react';
import { CloseIcon } from '../shared/ui/icons';
import { percentText } from '../shared/stride';
import { getApp, setApp, useApp, type BottomTab } from '../app/store';
import { CoverageMatrix } from './CoverageMatrix';
import { SuggestionList } from './SuggestionList';
import { ThreatList } from './ThreatList';

const MIN_HEIGHT = 140;

export function ThreatPanel() {
  const tab = useApp((s) => s.bottomTab);
  const height = useApp((s) => s.bottomHeight);
  const threatCount = useApp((s) => s.model?.threats.size ?? 0);
  const suggestionCount = useApp((s) => (s.allSuggestions && s.model && s.allSuggestions.path === s.model.path ? s.allSuggestions.data.length : null));
  const percent = useApp((s) => s.coverage?.data.percent);
  const root = useRef<HTMLDivElement>(null);

  const onResizeStart = useCallback((e: React.PointerEvent) => {
    e.preventDefault();
    const startY = e.clientY;
    const startH = getApp().bottomHeight;
    const parent = root.current?.parentElement?.getBoundingClientRect();
    const max = Math.max(MIN_HEIGHT, (parent?.height ?? 600) - 160);
    const move = (ev: PointerEvent) => setApp({ bottomHeight: Math.round(Math.min(max, Math.max(MIN_HEIGHT, startH + startY - ev.clientY))) });
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }, []);

  const tabs: { id: BottomTab; label: string; count: string | null }[] = [
    { id: 'threats', label: 'Threats', count: String(threatCount) },
    { id: 'suggestions', label: 'Suggestions', count: suggestionCount === null ? null : String(suggestionCount) },
    { id: 'coverage', label: 'Coverage', count: percent === undefined ? null : percentText(percent) },
  ];

  return (
    <section className="tl-bottom" ref={root} style={{ height }} data-testid="threat-panel" data-tab={tab} data-keys="panel" aria-label="Threats, suggestions and coverage">
      <div className="tl-bottom-resize" onPointerDown={onResizeStart} title="Drag to resize" aria-hidden="true" />
      <div className="tl-bottom-head">
        <div className="tl-bottom-tabs" role="tablist">
          {tabs.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab === t.id}
              className={`tl-bottom-tab${tab === t.id ? ' is-active' : ''}`}
              data-testid={`panel-tab-${t.id}`}
              onClick={() => setApp({ bottomTab: t.id })}
            >
              {t.label}
              {t.count !== null && <span className="tl-bottom-count">{t.count}</span>}
            </button>
          ))}
        </div>
        <div className="tl-spacer" />
        <button type="button" className="tl-icon-button is-small" data-testid="panel-close" aria-label="Hide the panel" title="Hide the panel" onClick={() => setApp({ bottomOpen: false })}>
          <CloseIcon size={12} />
        </button>
      </div>
      <div className="tl-bottom-body" role="tabpanel">
        {tab === 'threats' && <ThreatList />}
        {tab === 'suggestions' && <SuggestionList />}
        {tab === 'coverage' && <CoverageMatrix />}
      </div>
    </section>
  );
}
