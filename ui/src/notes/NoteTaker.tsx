// The note-taker's window (Window → Note-taker, `#/notes`): beside the main
// window or on a second screen. The running session and its clock; a note input
// that keeps every keystroke and its focus; each note stamped by the core with
// the time into the recording, its author, its kind and the element selected in
// either window; the session's notes, the open questions and a quick threat form.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { NoteKind } from '../bindings';
import { Toasts } from '../shared/ui/Toasts';
import { ElementChips, ElementPicker, PersonSelect } from '../shared/ui/bits';
import { setMe, useDerived, useMe, useRunningSession } from '../app/hooks';
import { notesOf, openQuestions, runningSession, sortedSessions, teamOf, type Note, type Session } from '../app/records';
import { SessionClock, SESSION_KIND } from '../engagement/Sessions';
import { formatSessionDate, stamp } from '../shared/time';
import { setSelection, useApp } from '../app/store';
import { closeQuickThreat, openQuickThreat } from '../app/intents/threats';
import { QuickThreatForm } from '../threats/QuickThreatForm';
import { CategoryChip } from '../shared/ui/threatBits';
import { NOTE_KINDS, NoteItem } from '../engagement/NoteItem';
import { kindFromKey, sessionChoice } from './choose';
import { startNoteKeys } from './noteKeys';
import { startSync } from '../app/sync';
import { startTitle } from '../app/title';
import { addNote, endSession, startSession } from '../app/intents/engagement';
import { elementLabel } from '../shared/kinds';

type Tab = 'notes' | 'questions' | 'threat';

export function NoteTakerApp() {
  const version = useApp((s) => s.model?.version);
  const hasModel = useApp((s) => s.model !== null);
  const loadError = useApp((s) => s.loadError);
  const records = useApp((s) => s.model);

  useEffect(() => startSync({ main: false }), []);
  useEffect(() => startNoteKeys(), []);

  useEffect(() => startTitle((name) => `Note-taker — ${name ?? 'Threatloom'}`), []);

  // Ready once the sessions (their order, the running one, open questions) are in from the core too.
  const summaries = useDerived('summaries');
  const ready = hasModel && records !== null && summaries !== null;
  return (
    <div className="tln-app" data-version={version ?? ''} data-ready={ready ? 'true' : 'false'} data-testid="note-taker">
      {ready ? (
        <NoteTaker />
      ) : (
        <div className="tln-loading">{loadError ? <p role="alert">{loadError}</p> : <p className="tle-muted">Opening the engagement…</p>}</div>
      )}
      <Toasts />
    </div>
  );
}

function NoteTaker() {
  const records = useApp((s) => s.model);
  const path = useApp((s) => s.model?.path ?? '');
  const me = useMe();
  const summaries = useDerived('summaries');
  const sessions = sortedSessions(records, summaries);
  const running = runningSession(records, summaries);
  const [picked, setPicked] = useState<string | null>(null);
  const [tab, setTab] = useState<Tab>('notes');
  const composer = useRef<HTMLTextAreaElement>(null);
  const quick = useApp((s) => s.quickThreat);

  // A session that starts (here or in the main window) takes over.
  const runningId = running?.id ?? null;
  useEffect(() => {
    if (runningId) setPicked(null);
  }, [runningId]);

  const session = sessionChoice(sessions, picked);
  const notes = session ? notesOf(records, session.id) : [];
  const questions = openQuestions(records, summaries);

  // The quick threat form closed (saved or cancelled): typing goes back to the note.
  const hadQuick = useRef(false);
  useEffect(() => {
    if (quick) hadQuick.current = true;
    else if (hadQuick.current) {
      hadQuick.current = false;
      composer.current?.focus();
    }
  }, [quick]);

  const team = teamOf(records);
  return (
    <>
      <header className="tln-head">
        <div className="tln-session-pick">
          <select
            className="tl-select tln-session-select"
            aria-label="Session"
            data-testid="notes-session"
            value={session?.id ?? ''}
            onChange={(e) => setPicked(e.target.value || null)}
          >
            {sessions.length === 0 && <option value="">No session planned</option>}
            {sessions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title} — {stateText(s)}
              </option>
            ))}
          </select>
          {session && (
            <div className="tln-session-sub">
              {SESSION_KIND[session.kind]} · {formatSessionDate(session.date)}
            </div>
          )}
        </div>
        <span className="tl-spacer" />
        {session && <SessionControls session={session} />}
      </header>

      <div className="tln-bar">
        <label className="tln-me">
          <span className="tle-field-label">Taking notes</span>
          {team.length > 0 ? (
            <PersonSelect people={team} value={me} none="Who are you?" ariaLabel="Who takes the notes" testId="notes-me" onChange={(id) => setMe(path, id)} />
          ) : (
            <span className="tle-muted">Add the team on the Overview</span>
          )}
        </label>
        <SelectedNow />
      </div>

      <Composer session={session} inputRef={composer} questions={questions} />

      <div className="tln-tabs" role="tablist">
        <TabButton tab="notes" current={tab} onPick={setTab} label="Notes" n={notes.length} />
        <TabButton tab="questions" current={tab} onPick={setTab} label="Open questions" n={questions.length} />
        <TabButton tab="threat" current={tab} onPick={setTab} label="Log a threat" />
      </div>
      <div className="tln-body">
        {tab === 'notes' &&
          (notes.length === 0 ? (
            <div className="tle-empty-block">
              {session ? (session.started_at_ms === null ? 'Start the session, then type notes above: each is stamped with the time into the recording.' : 'No notes yet.') : 'Plan a session in the main window (Engagement → Sessions).'}
            </div>
          ) : (
            <ul className="tln-list" data-testid="notes-list">
              {[...notes].reverse().map((n) => (
                <NoteItem
                  key={n.id}
                  note={n}
                  processing={session !== null && session.ended_at_ms !== null}
                  answerSessionId={session?.id}
                  authorId={me}
                  onShowElement={(id) => setSelection([id])}
                />
              ))}
            </ul>
          ))}
        {tab === 'questions' &&
          (questions.length === 0 ? (
            <div className="tle-empty-block">No open question. Questions stay open until an answer note answers them.</div>
          ) : (
            <ul className="tln-list" data-testid="open-questions">
              {questions.map((n) => (
                <NoteItem key={n.id} note={n} processing={false} answerSessionId={session?.id} authorId={me} onShowElement={(id) => setSelection([id])} />
              ))}
            </ul>
          ))}
        {tab === 'threat' && <ThreatTab />}
      </div>
    </>
  );
}

function stateText(s: Session): string {
  if (s.started_at_ms === null) return 'planned';
  if (s.ended_at_ms === null) return 'running';
  return 'held';
}

function TabButton({ tab, current, onPick, label, n }: { tab: Tab; current: Tab; onPick: (t: Tab) => void; label: string; n?: number }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={tab === current}
      className={`tln-tab${tab === current ? ' is-on' : ''}`}
      data-testid={`notes-tab-${tab}`}
      onClick={() => onPick(tab)}
    >
      {label}
      {n !== undefined && <span className="tle-tab-count">{n}</span>}
    </button>
  );
}

function SessionControls({ session }: { session: Session }) {
  const running = useRunningSession();
  if (session.started_at_ms === null) {
    return (
      <button
        type="button"
        className="tl-button is-primary"
        data-testid="notes-start"
        disabled={running !== null}
        title={running ? `End “${running.title}” first` : 'Start the clock'}
        onClick={() => void startSession(session.id)}
      >
        ▶ Start
      </button>
    );
  }
  if (session.ended_at_ms === null) {
    return (
      <div className="tln-clock-box">
        <span className="tle-live-dot" />
        <SessionClock session={session} big />
        <button type="button" className="tl-button is-danger" data-testid="notes-end" onClick={() => void endSession(session.id)}>
          ■ End
        </button>
      </div>
    );
  }
  return <span className="tle-held">Held</span>;
}

/** What is selected in either window (follows the main canvas). */
function SelectedNow() {
  const selection = useApp((s) => s.selection);
  const ids = [...selection];
  return (
    <div className="tln-selected" data-testid="notes-selection" data-ids={ids.slice().sort().join(',')}>
      <span className="tle-field-label">Selected</span>
      {ids.length === 0 ? (
        <span className="tle-muted">Nothing — click an element in the main window</span>
      ) : (
        <ElementChips ids={ids} testId="notes-selected-element" onRemove={(id) => setSelection(ids.filter((x) => x !== id))} />
      )}
      <ElementPicker chosen={ids} testId="notes-select-element" label="Select" onPick={(id) => setSelection([id])} />
    </div>
  );
}

function Composer({ session, inputRef, questions }: { session: Session | null; inputRef: React.RefObject<HTMLTextAreaElement | null>; questions: Note[] }) {
  const me = useMe();
  const selection = useApp((s) => s.selection);
  const elements = useApp((s) => s.model?.elements);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<NoteKind>('observation');
  const [answers, setAnswers] = useState<string | null>(null);
  /** Elements chosen by hand for this note; null follows the selection. */
  const [linked, setLinked] = useState<string[] | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const pending = useRef(0);

  const following = useMemo(() => [...selection].filter((id) => elements?.has(id)), [selection, elements]);
  const about = linked ?? following;
  const question = kind === 'answer' ? questions.find((q) => q.id === answers) ?? questions[questions.length - 1] ?? null : null;

  useEffect(() => {
    inputRef.current?.focus();
  }, [inputRef]);

  const pick = (k: NoteKind) => {
    setKind(k);
    setHint(null);
    inputRef.current?.focus();
  };

  const submit = async () => {
    const body = text.trim();
    if (!body) return;
    if (!session) {
      setHint('Plan a session first (Engagement → Sessions in the main window)');
      return;
    }
    if (kind === 'answer' && !question) {
      setHint('No open question to answer: pick another kind');
      return;
    }
    // The input is free again at once: typing goes on while the core stores the note.
    setText('');
    setHint(null);
    const sentKind = kind;
    if (kind !== 'observation') setKind('observation');
    setLinked(null);
    pending.current++;
    const change = await addNote({
      sessionId: session.id,
      text: body,
      authorId: me,
      kind: sentKind,
      elementIds: about,
      answers: sentKind === 'answer' ? question?.id ?? null : null,
    });
    pending.current--;
    // Refused: the text comes back (before whatever was typed since), nothing is lost.
    if (!change) setText((cur) => (cur ? `${body}\n${cur}` : body));
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    const k = kindFromKey(e);
    if (k) {
      e.preventDefault();
      pick(k);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  const notRunning = session !== null && (session.started_at_ms === null || session.ended_at_ms !== null);
  return (
    <div className={`tln-composer is-${kind}`} data-testid="note-composer" data-keys="panel">
      <div className="tln-kinds" role="radiogroup" aria-label="Kind of note">
        {NOTE_KINDS.map((k) => (
          <button
            key={k.value}
            type="button"
            role="radio"
            aria-checked={kind === k.value}
            className={`tln-kind-button is-${k.value}${kind === k.value ? ' is-on' : ''}`}
            data-testid={`note-kind-${k.value}`}
            title={`${k.hint} (Alt+${k.key.toUpperCase()})`}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(k.value)}
          >
            {k.label}
            <kbd>Alt+{k.key.toUpperCase()}</kbd>
          </button>
        ))}
      </div>
      {kind === 'answer' && (
        <div className="tln-answering">
          <span className="tle-field-label">Answers</span>
          {questions.length === 0 ? (
            <span className="tle-muted">No open question</span>
          ) : (
            <select className="tl-select tle-select" data-testid="note-answers" value={question?.id ?? ''} onChange={(e) => setAnswers(e.target.value)}>
              {questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.offset_ms !== null ? `${stamp(q.offset_ms)} · ` : ''}
                  {q.text.length > 80 ? `${q.text.slice(0, 80)}…` : q.text}
                </option>
              ))}
            </select>
          )}
        </div>
      )}
      <textarea
        ref={inputRef}
        className="tln-input"
        rows={2}
        value={text}
        maxLength={20000}
        placeholder={placeholder(kind, session)}
        data-testid="note-input"
        aria-label="Note"
        spellCheck
        onChange={(e) => {
          setText(e.target.value);
          if (hint) setHint(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div className="tln-composer-foot">
        <span className="tle-field-label">About</span>
        {about.length === 0 ? (
          <span className="tle-muted">no element</span>
        ) : (
          <ElementChips ids={about} testId="note-link" onRemove={(id) => setLinked(about.filter((x) => x !== id))} />
        )}
        <ElementPicker chosen={about} testId="note-link-add" label="Element" onPick={(id) => setLinked([...about, id])} />
        {linked !== null && (
          <button type="button" className="tle-link-btn" data-testid="note-link-follow" onClick={() => setLinked(null)} title="Link whatever is selected in either window">
            follow selection
          </button>
        )}
        <span className="tl-spacer" />
        {hint ? (
          <span className="tln-hint" role="alert" data-testid="note-hint">
            {hint}
          </span>
        ) : notRunning ? (
          <span className="tle-muted">Not running: no time stamp</span>
        ) : (
          <span className="tle-muted">
            <kbd>Enter</kbd> saves · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line
          </span>
        )}
      </div>
    </div>
  );
}

function placeholder(kind: NoteKind, session: Session | null): string {
  if (!session) return 'Plan a session first…';
  switch (kind) {
    case 'question':
      return 'A question for the customer — open until answered…';
    case 'answer':
      return 'The answer…';
    case 'decision':
      return 'What was decided…';
    default:
      return 'What you just learnt: algorithms, platform, keys, access levels…';
  }
}

function ThreatTab() {
  const selection = useApp((s) => s.selection);
  const elements = useApp((s) => s.model?.elements);
  const quick = useApp((s) => s.quickThreat);
  const threats = useApp((s) => s.model?.threats);
  const ids = [...selection].filter((id) => elements?.get(id) && elements.get(id)!.kind !== 'trust_boundary');
  const logged = threats ? [...threats.values()].filter((t) => t.element_ids.some((id) => ids.includes(id))) : [];
  useEffect(() => () => closeQuickThreat(), []);
  return (
    <div className="tln-threat" data-testid="notes-threat">
      {quick ? (
        <QuickThreatForm />
      ) : ids.length === 0 ? (
        <div className="tle-empty-block">Select an element or a flow (here or in the main window) to log a threat on it.</div>
      ) : (
        <div className="tln-threat-start">
          <p>
            Log a threat on <b>{ids.map((id) => elementLabel(elements?.get(id))).join(', ')}</b>: a STRIDE letter, a title, Enter.
          </p>
          <button type="button" className="tl-button is-primary" data-testid="notes-log-threat" onClick={() => openQuickThreat(ids)}>
            Log a threat
          </button>
        </div>
      )}
      {logged.length > 0 && (
        <>
          <div className="tle-subhead">
            Already logged here <span className="tle-count">{logged.length}</span>
          </div>
          <ul className="tln-logged" data-testid="notes-threats-here">
            {logged.map((t) => (
              <li key={t.id}>
                <CategoryChip category={t.category} />
                <span>{t.title}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
