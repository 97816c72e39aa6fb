// The engagement view of the main window (Diagram | Engagement in the top bar):
// overview, scoping, sessions, checklist and findings, one section at a time.
import { useEffect, useRef } from 'react';
import { setApp, type Section, useApp } from '../app/store';
import { Checklist } from './Checklist';
import { Findings } from './Findings';
import { PersonSelect } from '../shared/ui/bits';
import { setMe, useMe, useRunningSession } from '../app/hooks';
import { Overview } from './Overview';
import { teamOf } from '../app/records';
import { Scoping } from './Scoping';
import { SessionClock, Sessions } from './Sessions';
import { openNoteTaker } from '../app/shell';
import { endSession } from '../app/intents/engagement';

const SECTIONS: { id: Section; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'scoping', label: 'Scoping' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'checklist', label: 'Checklist' },
  { id: 'findings', label: 'Findings' },
];

export function EngagementView() {
  const section = useApp((s) => s.section);
  const records = useApp((s) => s.model);
  const hasModel = useApp((s) => s.model !== null);
  const root = useRef<HTMLDivElement>(null);
  const running = useRunningSession();
  const counts: Partial<Record<Section, number>> = {
    scoping: records?.components.size,
    sessions: records?.sessions.size,
  };

  // Keys go to this view, not to the canvas hidden behind it.
  useEffect(() => {
    if (!root.current?.contains(document.activeElement)) root.current?.focus();
  }, []);

  return (
    <div className="tle-view" ref={root} tabIndex={-1} data-keys="panel" data-testid="engagement-view" data-section={section}>
      <nav className="tle-sections" aria-label="Engagement sections">
        <div className="tle-section-tabs" role="tablist">
          {SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={section === s.id}
              className={`tle-section-tab${section === s.id ? ' is-on' : ''}`}
              data-testid={`section-${s.id}`}
              onClick={() => setApp({ section: s.id })}
            >
              {s.label}
              {counts[s.id] ? <span className="tle-tab-count">{counts[s.id]}</span> : null}
            </button>
          ))}
        </div>
        <span className="tl-spacer" />
        {running && <RunningBanner />}
        <Me />
      </nav>
      <div className="tle-scroll">
        {!hasModel || !records ? (
          <div className="tle-empty-block is-tall">Opening the engagement…</div>
        ) : section === 'overview' ? (
          <Overview />
        ) : section === 'scoping' ? (
          <Scoping />
        ) : section === 'sessions' ? (
          <Sessions />
        ) : section === 'checklist' ? (
          <Checklist />
        ) : (
          <Findings />
        )}
      </div>
    </div>
  );
}

function RunningBanner() {
  const running = useRunningSession();
  if (!running) return null;
  return (
    <div className="tle-running" data-testid="running-banner">
      <span className="tle-live-dot" />
      <span className="tle-running-title">{running.title}</span>
      <SessionClock session={running} />
      <button type="button" className="tle-mini-btn" onClick={() => void openNoteTaker()}>
        Note-taker
      </button>
      <button type="button" className="tle-mini-btn is-danger" data-testid="running-end" onClick={() => void endSession(running.id)}>
        End
      </button>
    </div>
  );
}

/** Who is at this laptop: the name on notes, moves and comments. */
export function Me() {
  const records = useApp((s) => s.model);
  const path = useApp((s) => s.model?.path);
  const me = useMe();
  const team = teamOf(records);
  if (!path || team.length === 0) return null;
  return (
    <label className="tle-me">
      <span className="tle-field-label">You are</span>
      <PersonSelect people={team} value={me} none="Pick…" ariaLabel="Who you are" testId="me" onChange={(id) => setMe(path, id)} />
    </label>
  );
}
