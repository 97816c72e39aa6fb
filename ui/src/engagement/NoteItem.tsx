// One session note: its stamp into the recording, its kind, its text, who took
// it and what it is about; after the session, what became of it (promoted to a
// threat, kept as reference, or still unprocessed). Shared by the note-taker
// window and the sessions view.
import { useState } from 'react';
import type { NoteKind } from '../bindings';
import { ElementChips, personLabel } from '../shared/ui/bits';
import type { Note } from '../app/records';
import { stamp } from '../shared/time';
import { setApp, useApp } from '../app/store';
import { PromoteForm } from './PromoteForm';
import { useSpotlight } from '../app/hooks';
import { addNote, setNoteReference } from '../app/intents/engagement';

export const NOTE_KINDS: { value: NoteKind; label: string; key: string; hint: string }[] = [
  { value: 'observation', label: 'Observation', key: 'o', hint: 'What we learnt' },
  { value: 'question', label: 'Question', key: 'q', hint: 'Open until answered' },
  { value: 'answer', label: 'Answer', key: 'a', hint: 'Answers an open question' },
  { value: 'decision', label: 'Decision', key: 'd', hint: 'What was agreed' },
];

export const KIND_TEXT: Record<NoteKind, string> = {
  observation: 'Observation',
  question: 'Question',
  answer: 'Answer',
  decision: 'Decision',
};

export interface NoteItemProps {
  note: Note;
  /** Promote / reference buttons (after the session, or while it runs). */
  processing?: boolean;
  /** An "Answer" button on open questions. */
  answering?: boolean;
  /** Called with an element id when its chip is clicked (select it). */
  onShowElement?: (id: string) => void;
  /** Called with a threat id when the promoted link is clicked. */
  onShowThreat?: (id: string) => void;
  /** The session an answer goes to (default: the question's). */
  answerSessionId?: string | null;
  authorId?: string | null;
}

export function NoteItem({ note, processing = true, answering = true, onShowElement, onShowThreat, answerSessionId, authorId }: NoteItemProps) {
  const author = useApp((s) => (note.author_id ? s.model?.people.get(note.author_id) : undefined));
  const answered = useApp((s) => {
    if (note.kind !== 'question' || !s.model) return false;
    for (const n of s.model.notes.values()) if (n.answers === note.id) return true;
    return false;
  });
  const question = useApp((s) => (note.answers ? s.model?.notes.get(note.answers) : undefined));
  const threat = useApp((s) => (note.processing.state === 'promoted' ? s.model?.threats.get(note.processing.threat_id) : undefined));
  const promoting = useApp((s) => s.promoting === note.id);
  const [answerOpen, setAnswerOpen] = useState(false);
  const state = note.processing.state;
  const spot = useSpotlight<HTMLLIElement>(note.id);

  return (
    <li
      ref={spot.ref}
      className={`tln-note is-${note.kind} is-${state}${spot.lit ? ' tl-spotlit' : ''}`}
      data-testid="note"
      data-id={note.id}
      data-kind={note.kind}
      data-processing={state}
      data-spotlit={spot.lit ? 'true' : undefined}
    >
      <div className="tln-note-main">
        <span className="tln-stamp" data-testid="note-stamp" title={note.offset_ms === null ? 'Taken outside the running session' : 'Time into the recording'}>
          {note.offset_ms === null ? '—:—:—' : stamp(note.offset_ms)}
        </span>
        <div className="tln-note-body">
          <div className="tln-note-meta">
            <span className={`tln-kind is-${note.kind}`}>{KIND_TEXT[note.kind]}</span>
            {note.kind === 'question' && (
              <span className={`tln-qstate${answered ? ' is-answered' : ''}`} data-testid="note-question-state">
                {answered ? 'answered' : 'open'}
              </span>
            )}
            {question && (
              <span className="tln-answers" title={question.text}>
                to “{question.text.length > 60 ? `${question.text.slice(0, 60)}…` : question.text}”
              </span>
            )}
            {author && <span className="tln-author">{personLabel(author)}</span>}
          </div>
          <div className="tln-note-text" data-testid="note-text">
            {note.text}
          </div>
          {note.element_ids.length > 0 && (
            <div className="tln-note-elements">
              <ElementChips ids={note.element_ids} testId="note-element" onShow={onShowElement} />
            </div>
          )}
        </div>
        <div className="tln-note-side">
          {state === 'unprocessed' && <span className="tln-proc is-unprocessed">Unprocessed</span>}
          {state === 'reference' && <span className="tln-proc is-reference">Reference</span>}
          {state === 'promoted' && (
            <button
              type="button"
              className="tln-proc is-promoted"
              data-testid="note-threat"
              disabled={!onShowThreat || !threat}
              title={threat ? `Threat: ${threat.title}` : 'Its threat was deleted'}
              onClick={() => note.processing.state === 'promoted' && onShowThreat?.(note.processing.threat_id)}
            >
              → {threat ? (threat.title.length > 36 ? `${threat.title.slice(0, 36)}…` : threat.title) : 'threat (deleted)'}
            </button>
          )}
        </div>
      </div>
      {(processing || (answering && note.kind === 'question' && !answered)) && !promoting && (
        <div className="tln-note-actions">
          {answering && note.kind === 'question' && !answered && (
            <button type="button" className="tle-mini-btn" data-testid="note-answer" onClick={() => setAnswerOpen((o) => !o)}>
              Answer
            </button>
          )}
          {processing && state === 'unprocessed' && (
            <>
              <button type="button" className="tle-mini-btn is-primary" data-testid="note-promote" onClick={() => setApp({ promoting: note.id })}>
                Promote to threat
              </button>
              <button type="button" className="tle-mini-btn" data-testid="note-reference" title="Keep it as reference documentation" onClick={() => void setNoteReference(note.id, true)}>
                Reference
              </button>
            </>
          )}
          {processing && state === 'reference' && (
            <button type="button" className="tle-mini-btn" data-testid="note-unprocess" onClick={() => void setNoteReference(note.id, false)}>
              Back to unprocessed
            </button>
          )}
        </div>
      )}
      {answerOpen && (
        <AnswerInput
          question={note}
          sessionId={answerSessionId ?? note.session_id}
          authorId={authorId ?? null}
          onDone={() => setAnswerOpen(false)}
        />
      )}
      {promoting && <PromoteForm note={note} />}
    </li>
  );
}

function AnswerInput({ question, sessionId, authorId, onDone }: { question: Note; sessionId: string; authorId: string | null; onDone: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    const change = await addNote({ sessionId, text: text.trim(), authorId, kind: 'answer', elementIds: question.element_ids, answers: question.id });
    setBusy(false);
    if (change) onDone();
  };
  return (
    <form
      className="tln-answer"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input
        className="tl-input"
        autoFocus
        placeholder="The answer…"
        value={text}
        maxLength={20000}
        data-testid="note-answer-input"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.stopPropagation();
            onDone();
          }
        }}
      />
      <button type="submit" className="tl-button is-primary" data-testid="note-answer-save" disabled={!text.trim() || busy}>
        Save answer
      </button>
    </form>
  );
}
