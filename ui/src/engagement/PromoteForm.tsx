// Processing a note: the threat form opens pre-filled with the note's text (as
// title and scenario) and its elements; a STRIDE category (and, as in the quick
// form, impact and likelihood overall as two keys) and Enter make it a threat
// that keeps a link to the note, its session and its time.
import { useEffect, useRef, useState } from 'react';
import type { Stride } from '../bindings';
import { ElementChips, ElementPicker } from '../shared/ui/bits';
import type { Note } from '../app/records';
import { applicableFor, letterFromKey, STRIDE, STRIDE_LABEL, STRIDE_SHORT } from '../shared/stride';
import { setApp, useApp } from '../app/store';
import { blankThreat } from '../app/intents/threats';
import { stamp } from '../shared/time';
import { promoteNote } from '../app/intents/engagement';
import { RatingField } from '../threats/RatingField';
import { NO_RATING, ratingKey, type QuickRating } from '../threats/quickKeys';

/** A title from a note: its first line, cut at a word near 120 characters. */
export function titleFromNote(text: string): string {
  const line = text.trim().split('\n')[0].trim();
  if (line.length <= 120) return line;
  const cut = line.slice(0, 120);
  const space = cut.lastIndexOf(' ');
  return `${(space > 60 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export function PromoteForm({ note }: { note: Note }) {
  const elements = useApp((s) => s.model?.elements);
  const selection = useApp((s) => s.selection);
  // Starts from the note's elements (else what is selected); later edits are the user's.
  const [ids, setIds] = useState<string[]>(() => {
    const takes = (id: string) => elements?.get(id) !== undefined && elements.get(id)!.kind !== 'trust_boundary';
    const own = note.element_ids.filter(takes);
    return own.length > 0 ? own : [...selection].filter(takes);
  });
  const [title, setTitle] = useState(() => titleFromNote(note.text));
  const [scenario, setScenario] = useState(note.text);
  const [category, setCategory] = useState<Stride | null>(null);
  const [rating, setRating] = useState<QuickRating>(NO_RATING);
  const ratingRef = useRef<HTMLDivElement>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLFormElement>(null);

  const kinds = ids.flatMap((id) => {
    const e = elements?.get(id);
    return e ? [e.kind] : [];
  });
  const offered = kinds.length > 0 ? applicableFor(kinds) : [];

  useEffect(() => {
    root.current?.focus();
  }, []);
  useEffect(() => {
    if (category && !offered.includes(category)) setCategory(null);
  }, [category, offered]);

  const close = () => setApp({ promoting: null });

  const save = async () => {
    if (busy) return;
    if (ids.length === 0) return setHint('Link the element the threat is on');
    if (!category) return setHint('Pick a STRIDE category: type its letter');
    if (!title.trim()) return setHint('Give the threat a title');
    setBusy(true);
    const threat = { ...blankThreat(ids, category, title.trim(), rating), scenario: scenario.trim() };
    const change = await promoteNote(note.id, threat);
    setBusy(false);
    if (change) close();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (e.target instanceof Node && ratingRef.current?.contains(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
      // The rating field: L/M/H or 1–3 give impact, then likelihood; Enter saves.
      if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
        e.preventDefault();
        void save();
        return;
      }
      const next = ratingKey(rating, e.key);
      if (next) {
        e.preventDefault();
        setRating(next);
        return;
      }
    }
    const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
    if (e.ctrlKey || e.metaKey) {
      if (e.key === 'Enter') {
        e.preventDefault();
        void save();
      }
      return;
    }
    if (!inField || e.altKey) {
      const c = letterFromKey(e.key, offered);
      if (c) {
        e.preventDefault();
        setCategory(c);
        setHint(null);
      }
    }
  };

  return (
    <form
      ref={root}
      tabIndex={-1}
      className="tln-promote"
      data-testid="promote-form"
      data-keys="panel"
      aria-label="Promote the note to a threat"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="tln-promote-head">
        <b>Promote to a threat</b>
        <span className="tle-muted">
          keeps the link to this note{note.offset_ms !== null ? ` at ${stamp(note.offset_ms)}` : ''}
        </span>
      </div>
      <div className="tln-promote-row">
        <span className="tle-field-label">On</span>
        <ElementChips ids={ids} testId="promote-element" onRemove={(id) => setIds(ids.filter((x) => x !== id))} />
        <ElementPicker chosen={ids} testId="promote-add-element" label="Element" filter={(e) => e.kind !== 'trust_boundary'} onPick={(id) => setIds([...ids, id])} />
      </div>
      <div className="tln-promote-cats" role="radiogroup" aria-label="STRIDE category">
        {STRIDE.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={category === c}
            disabled={!offered.includes(c)}
            className={`tln-cat is-${c}${category === c ? ' is-on' : ''}`}
            data-testid={`promote-cat-${c}`}
            title={offered.includes(c) ? `${STRIDE_LABEL[c]} (${c})` : `${STRIDE_LABEL[c]} does not apply to ${ids.length ? 'these elements' : 'no element'}`}
            onClick={() => {
              setCategory(c);
              setHint(null);
            }}
          >
            <b>{c}</b>
            <span>{STRIDE_SHORT[c]}</span>
          </button>
        ))}
      </div>
      <label className="tle-field is-wide">
        <span className="tle-field-label">Title</span>
        <input className="tl-input" value={title} maxLength={200} data-testid="promote-title" onChange={(e) => setTitle(e.target.value)} />
      </label>
      <div className="tle-field is-wide">
        <span className="tle-field-label">Rated overall</span>
        <RatingField ref={ratingRef} rating={rating} onChange={setRating} testId="promote" />
      </div>
      <label className="tle-field is-wide">
        <span className="tle-field-label">Threat scenario</span>
        <textarea className="tl-textarea" rows={3} value={scenario} maxLength={20000} data-testid="promote-scenario" onChange={(e) => setScenario(e.target.value)} />
      </label>
      {hint && (
        <div className="tln-hint" role="alert">
          {hint}
        </div>
      )}
      <div className="tln-promote-actions">
        <span className="tle-muted">
          A letter picks the category · in the rating, <kbd>L</kbd> <kbd>M</kbd> <kbd>H</kbd> give impact, then likelihood · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves · <kbd>Esc</kbd> cancels
        </span>
        <span className="tl-spacer" />
        <button type="button" className="tl-button" data-testid="promote-cancel" onClick={close}>
          Cancel
        </button>
        <button type="submit" className="tl-button is-primary" data-testid="promote-save" disabled={busy}>
          Promote
        </button>
      </div>
    </form>
  );
}
