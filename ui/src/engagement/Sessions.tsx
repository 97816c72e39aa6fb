// Sessions: plan the scoping session and the follow-ups, start and end them
// (a clock runs meanwhile), attach the recording, and process the notes after
// each one. Warnings (long online sessions, too few of our team) and the
// stale-notes flag come from the core's session summaries; none blocks.
import { useState } from 'react';
import type { Attendee, SessionKind, SessionRole, SessionSummary } from '../bindings';
import { CloseIcon, PlusIcon, WarnIcon } from '../shared/ui/icons';
import { NoteItem } from './NoteItem';
import { useApp } from '../app/store';
import { showOnCanvas, showThreatInEditor } from '../app/intents/jump';
import { Card, Field, InlineText, personLabel } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { useDerived, useMe, useNow, useSpotlight } from '../app/hooks';
import { labels, VOCABULARY } from '../shared/vocabulary';
import { notesOf, sortedSessions, teamOf, customerOf, type Session } from '../app/records';
import { formatDuration, formatSessionDate, isSessionDate, parseDuration, plural, stamp, today } from '../shared/time';
import { openNoteTaker } from '../app/shell';
import { deleteSession, endSession, putSession, startSession } from '../app/intents/engagement';

export const SESSION_KIND: Record<SessionKind, string> = labels(VOCABULARY.session_kinds, (k) => k.kind);
export const ROLE_TEXT: Record<SessionRole, string> = { driver: 'Drives', note_taker: 'Takes notes', participant: 'Participant' };

export function Sessions() {
  const records = useApp((s) => s.model);
  const summaries = useDerived('summaries');
  const [planning, setPlanning] = useState(false);
  const list = sortedSessions(records, summaries);
  const byId = new Map((summaries ?? []).map((s) => [s.session_id, s]));
  return (
    <div className="tle-page" data-testid="sessions">
      <Card
        title={
          <>
            Sessions <span className="tle-count">{list.length}</span>
          </>
        }
        aside={
          !planning && (
            <button type="button" className="tl-button is-primary" data-testid="session-plan" onClick={() => setPlanning(true)}>
              <PlusIcon size={12} /> Plan a session
            </button>
          )
        }
      >
        <p className="tle-lead">
          A scoping meeting first, then follow-ups. Online, keep each under two hours; always two of our team — one drives, one takes notes.
          Record every session, and process the notes before the next one: unprocessed notes run stale.
        </p>
        {planning && <SessionForm first={list.length === 0} onDone={() => setPlanning(false)} />}
        {list.length === 0 && !planning && <div className="tle-empty-block">No session planned yet.</div>}
      </Card>
      {list.map((s) => (
        <SessionCard key={s.id} session={s} summary={byId.get(s.id)} />
      ))}
    </div>
  );
}

// ---- one session ----

function SessionCard({ session, summary }: { session: Session; summary: SessionSummary | undefined }) {
  const records = useApp((s) => s.model);
  const me = useMe();
  const [editing, setEditing] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const state = session.started_at_ms === null ? 'planned' : session.ended_at_ms === null ? 'running' : 'held';
  const notes = notesOf(records, session.id);
  const [open, setOpen] = useState<boolean | null>(null);
  // A note jumped to from the palette shows, in its opened list.
  const noteSpotlit = useApp((s) => s.spotlight !== null && s.model?.notes.get(s.spotlight.id)?.session_id === session.id);
  const showNotes = noteSpotlit || (open ?? (state === 'running' || (state === 'held' && (summary?.unprocessed ?? 0) > 0)));
  const spot = useSpotlight<HTMLElement>(session.id);

  const start = () => void startSession(session.id);
  const end = () => void endSession(session.id);

  if (editing) {
    return (
      <Card className="tle-session is-editing" testId="session-card">
        <SessionForm session={session} onDone={() => setEditing(false)} />
      </Card>
    );
  }

  return (
    <section
      ref={spot.ref}
      className={`tle-card tle-session is-${state}${summary?.stale ? ' is-stale' : ''}${spot.lit ? ' tl-spotlit' : ''}`}
      data-spotlit={spot.lit ? 'true' : undefined}
      data-testid="session-card"
      data-id={session.id}
      data-state={state}
      data-stale={summary?.stale ? 'true' : 'false'}
    >
      <header className="tle-session-head">
        <span className={`tle-kind-pill is-${session.kind}`}>{SESSION_KIND[session.kind]}</span>
        <h3 className="tle-session-title" data-testid="session-title">
          {session.title}
        </h3>
        <span className="tl-spacer" />
        {state === 'planned' && (
          <button type="button" className="tl-button is-primary" data-testid="session-start" onClick={start} title="Start the clock: notes get stamped with the time into the recording">
            ▶ Start
          </button>
        )}
        {state === 'running' && (
          <>
            <span className="tle-live" data-testid="session-running">
              <span className="tle-live-dot" /> Running
            </span>
            <SessionClock session={session} />
            <button type="button" className="tl-button" data-testid="session-open-notes" onClick={() => void openNoteTaker()}>
              Note-taker
            </button>
            <button type="button" className="tl-button is-danger" data-testid="session-end" onClick={end}>
              ■ End
            </button>
          </>
        )}
        {state === 'held' && (
          <span className="tle-held" data-testid="session-held">
            Held · {heldLength(session)}
          </span>
        )}
        <button type="button" className="tle-icon-btn" title="Edit the plan" data-testid="session-edit" onClick={() => setEditing(true)}>
          ✎
        </button>
        <button type="button" className="tle-icon-btn is-danger" title="Delete the session and its notes" data-testid="session-delete" onClick={() => setConfirmDelete(true)}>
          <CloseIcon size={12} />
        </button>
      </header>

      {confirmDelete && (
        <div className="tle-confirm" role="alertdialog" aria-label="Delete session">
          <span>
            Delete “{session.title}”{notes.length > 0 ? ` and its ${notes.length} note${notes.length === 1 ? '' : 's'}` : ''}? Undo brings it back.
          </span>
          <span className="tl-spacer" />
          <button type="button" className="tl-button" onClick={() => setConfirmDelete(false)}>
            Keep
          </button>
          <button type="button" className="tl-button is-danger" data-testid="session-delete-confirm" onClick={() => void deleteSession(session.id)}>
            Delete
          </button>
        </div>
      )}

      <div className="tle-session-facts">
        <span>{formatSessionDate(session.date)}</span>
        <span className="tle-dot">·</span>
        <span data-testid="session-planned">{formatDuration(session.planned_minutes)} planned</span>
        <span className="tle-dot">·</span>
        <span className={session.online ? 'tle-online' : undefined}>{session.online ? 'Online' : 'On site'}</span>
      </div>

      <Attendees attendees={session.attendees} />

      {summary && summary.warnings.length > 0 && (
        <ul className="tle-warnings" aria-label="Planning warnings">
          {summary.warnings.map((w) => (
            <li key={w} className="tle-warning" data-testid="session-warning">
              <WarnIcon size={13} /> {w}
            </li>
          ))}
        </ul>
      )}

      {summary?.stale && (
        <div className="tle-stale" data-testid="session-stale" role="status">
          <b>Notes running stale.</b> {summary.unprocessed} note{summary.unprocessed === 1 ? ' was' : 's were'} still unprocessed when a later session started: promote each
          to a threat or keep it as reference.
        </div>
      )}

      <div className="tle-session-bottom">
        <label className="tle-recording">
          <span className="tle-field-label">Recording</span>
          <InlineText
            value={session.recording}
            testId="session-recording"
            maxLength={2000}
            placeholder="Path or URL of the recording"
            onCommit={async (recording) => (await putSession({ ...session, recording: recording.trim() })) !== null}
          />
        </label>
        <div className="tle-session-stats">
          <button type="button" className="tle-stat-btn" data-testid="session-notes-toggle" aria-expanded={showNotes} onClick={() => setOpen(!showNotes)}>
            <b data-testid="session-notes-count">{summary?.notes ?? notes.length}</b> {plural(summary?.notes ?? notes.length, 'note')}
          </button>
          <span className={`tle-stat${(summary?.unprocessed ?? 0) > 0 ? ' is-warn' : ''}`}>
            <b data-testid="session-unprocessed">{summary?.unprocessed ?? '–'}</b> unprocessed
          </span>
          <span className="tle-stat">
            <b data-testid="session-open-questions">{summary?.open_questions ?? '–'}</b> open {plural(summary?.open_questions ?? 0, 'question')}
          </span>
        </div>
      </div>

      {showNotes && (
        <div className="tle-session-notes" data-testid="session-notes">
          {notes.length === 0 ? (
            <div className="tle-empty-line">{state === 'planned' ? 'Notes are taken once the session starts (Window → Note-taker).' : 'No notes in this session.'}</div>
          ) : (
            <ul className="tln-list">
              {notes.map((n) => (
                <NoteItem key={n.id} note={n} authorId={me} onShowElement={(id) => showOnCanvas([id])} onShowThreat={showThreatInEditor} />
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

function heldLength(s: Session): string {
  if (s.started_at_ms === null || s.ended_at_ms === null) return '';
  return formatDuration(Math.round((s.ended_at_ms - s.started_at_ms) / 60000));
}

export function SessionClock({ session, big }: { session: Session; big?: boolean }) {
  const now = useNow(1000);
  const elapsed = session.started_at_ms === null ? 0 : now - session.started_at_ms;
  return (
    <span className={`tle-clock${big ? ' is-big' : ''}`} data-testid="session-clock" role="timer" aria-label="Time into the session">
      {stamp(elapsed)}
    </span>
  );
}

function Attendees({ attendees }: { attendees: Attendee[] }) {
  const people = useApp((s) => s.model?.people);
  if (attendees.length === 0) return <div className="tle-attendees tle-muted">No attendees yet</div>;
  return (
    <ul className="tle-attendees" aria-label="Attendees">
      {attendees.map((a) => {
        const p = people?.get(a.person_id);
        return (
          <li key={a.person_id} className={`tle-attendee is-${p?.side ?? 'team'} is-${a.role}`} data-testid="session-attendee" data-id={a.person_id}>
            <span className="tle-attendee-name">{personLabel(p)}</span>
            {a.role !== 'participant' && <span className="tle-attendee-role">{ROLE_TEXT[a.role]}</span>}
          </li>
        );
      })}
    </ul>
  );
}

/** Selects elements on the canvas (switching to the diagram view). */
// ---- planning ----

interface Draft {
  title: string;
  kind: SessionKind;
  date: string;
  duration: string;
  online: boolean;
  attendees: Map<string, SessionRole>;
}

function SessionForm({ session, first, onDone }: { session?: Session; first?: boolean; onDone: () => void }) {
  const records = useApp((s) => s.model);
  const sessions = sortedSessions(records, useDerived('summaries'));
  const team = teamOf(records);
  const customer = customerOf(records);
  const [d, setD] = useState<Draft>(() =>
    session
      ? {
          title: session.title,
          kind: session.kind,
          date: session.date,
          duration: formatDuration(session.planned_minutes),
          online: session.online,
          attendees: new Map(session.attendees.map((a) => [a.person_id, a.role])),
        }
      : {
          title: first ? 'Scoping meeting' : `Follow-up ${sessions.filter((s) => s.kind === 'follow_up').length + 1}`,
          kind: first ? 'scoping' : 'follow_up',
          date: today(),
          duration: '2h',
          online: true,
          attendees: defaultAttendees(team.map((p) => p.id), customer.map((p) => p.id)),
        },
  );
  const [busy, setBusy] = useState(false);
  const minutes = parseDuration(d.duration);
  const dateOk = isSessionDate(d.date.trim());
  const valid = d.title.trim() !== '' && minutes !== null && minutes <= 24 * 60 && dateOk;
  const set = (patch: Partial<Draft>) => setD((cur) => ({ ...cur, ...patch }));

  const save = async () => {
    if (!valid || busy || minutes === null) return;
    setBusy(true);
    const attendees: Attendee[] = [...d.attendees].map(([person_id, role]) => ({ person_id, role }));
    const change = await putSession({
        id: session?.id ?? '',
        kind: d.kind,
        title: d.title.trim(),
        date: d.date.trim(),
        planned_minutes: minutes,
        online: d.online,
        attendees,
        recording: session?.recording ?? '',
        started_at_ms: session?.started_at_ms ?? null,
        ended_at_ms: session?.ended_at_ms ?? null,
    });
    setBusy(false);
    if (change) onDone();
  };

  const people = [...team, ...customer];
  return (
    <form
      className="tle-session-form"
      data-testid="session-form"
      data-keys="panel"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onDone();
        }
      }}
    >
      <div className="tle-form">
        <Field label="Title" wide>
          <input className="tl-input" autoFocus value={d.title} maxLength={200} data-testid="session-form-title" onChange={(e) => set({ title: e.target.value })} />
        </Field>
        <Field label="Kind">
          <Segmented mode="radio" look="tle"
            label="Kind of session"
            testId="session-form-kind"
            value={d.kind}
            options={[
              { value: 'scoping', label: 'Scoping', testId: 'session-form-kind-scoping' },
              { value: 'follow_up', label: 'Follow-up', testId: 'session-form-kind-follow_up' },
            ]}
            onChange={(kind) => set({ kind })}
          />
        </Field>
        <Field label="Where">
          <Segmented mode="radio" look="tle"
            label="Online or on site"
            testId="session-form-where"
            value={d.online ? 'online' : 'site'}
            options={[
              { value: 'online', label: 'Online', testId: 'session-form-online' },
              { value: 'site', label: 'On site', testId: 'session-form-onsite' },
            ]}
            onChange={(v) => set({ online: v === 'online' })}
          />
        </Field>
        <Field label="Date" hint={dateOk ? formatSessionDate(d.date.trim()) : 'YYYY-MM-DD, or YYYY-MM-DD HH:MM'}>
          <input
            className={`tl-input${dateOk ? '' : ' is-bad'}`}
            value={d.date}
            placeholder="YYYY-MM-DD HH:MM"
            data-testid="session-form-date"
            onChange={(e) => set({ date: e.target.value })}
          />
        </Field>
        <Field
          label="Planned duration"
          hint={minutes === null ? 'e.g. 90, 1h30, 2.5h' : minutes > 24 * 60 ? 'At most 24 hours' : formatDuration(minutes)}
        >
          <input
            className={`tl-input tle-duration${minutes === null ? ' is-bad' : ''}`}
            value={d.duration}
            data-testid="session-form-duration"
            onChange={(e) => set({ duration: e.target.value })}
          />
        </Field>
      </div>
      <div className="tle-subhead">Attendees</div>
      {people.length === 0 ? (
        <div className="tle-empty-line">Add the team and the customer's people on the Overview first.</div>
      ) : (
        <ul className="tle-attendee-pick">
          {people.map((p) => {
            const role = d.attendees.get(p.id);
            const on = role !== undefined;
            return (
              <li key={p.id} className={`tle-attendee-option${on ? ' is-on' : ''}`} data-testid="session-form-attendee" data-id={p.id}>
                <label className="tle-attendee-check">
                  <input
                    type="checkbox"
                    checked={on}
                    data-testid="session-form-attendee-check"
                    onChange={(e) => {
                      const next = new Map(d.attendees);
                      if (e.target.checked) next.set(p.id, 'participant');
                      else next.delete(p.id);
                      set({ attendees: next });
                    }}
                  />
                  <span className="tle-attendee-name">{personLabel(p)}</span>
                  <span className={`tle-side is-${p.side}`}>{p.side === 'team' ? 'Team' : 'Customer'}</span>
                </label>
                <select
                  className="tl-select tle-select is-small"
                  disabled={!on}
                  value={role ?? 'participant'}
                  aria-label={`${personLabel(p)}'s role`}
                  data-testid="session-form-attendee-role"
                  onChange={(e) => {
                    const next = new Map(d.attendees);
                    next.set(p.id, e.target.value as SessionRole);
                    set({ attendees: next });
                  }}
                >
                  <option value="driver">Drives</option>
                  <option value="note_taker">Takes notes</option>
                  <option value="participant">Participant</option>
                </select>
              </li>
            );
          })}
        </ul>
      )}
      <div className="tle-form-actions">
        <span className="tle-muted">Planning warnings show once it is saved; none of them blocks.</span>
        <span className="tl-spacer" />
        <button type="button" className="tl-button" data-testid="session-form-cancel" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="tl-button is-primary" data-testid="session-form-save" disabled={!valid || busy}>
          {session ? 'Save' : 'Plan session'}
        </button>
      </div>
    </form>
  );
}

/** Every team member (the first drives, the second takes notes) and every customer attendee. */
export function defaultAttendees(team: string[], customer: string[]): Map<string, SessionRole> {
  const m = new Map<string, SessionRole>();
  team.forEach((id, i) => m.set(id, i === 0 ? 'driver' : i === 1 ? 'note_taker' : 'participant'));
  for (const id of customer) m.set(id, 'participant');
  return m;
}
