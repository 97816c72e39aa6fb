// The quick threat form: T on the canvas, a letter, a title, then Tab and two
// keys to rate it overall (impact, likelihood), Enter. Anchored at the top of
// the inspector; never a modal. Esc cancels; focus goes back to the canvas
// either way. The keys are decided in quickKeys.ts.
import { useEffect, useRef, useState } from 'react';
import type { Stride } from '../bindings';
import { CloseIcon } from '../shared/ui/icons';
import { applicableFor, letterFromKey, STRIDE_LABEL, STRIDE_SHORT } from '../shared/stride';
import { getApp, useApp, type QuickThreat } from '../app/store';
import { addThreat, closeQuickThreat, setNotApplicable } from '../app/intents/threats';
import { elementLabel } from '../shared/kinds';
import { NO_RATING, quickFormAction, type QuickField, type QuickRating } from './quickKeys';
import { RatingField } from './RatingField';


export function QuickThreatForm() {
  const q = useApp((s) => s.quickThreat);
  if (!q) return null;
  // A new key per opening: state (title, mode) starts afresh.
  return <Form key={q.seq} q={q} />;
}

function backToCanvas() {
  closeQuickThreat();
  const a = document.activeElement;
  if (a instanceof HTMLElement) a.blur();
}

function Form({ q }: { q: QuickThreat }) {
  const elements = useApp((s) => s.model?.elements);
  const [category, setCategory] = useState<Stride | null>(q.category);
  const [title, setTitle] = useState('');
  const [mode, setMode] = useState<'threat' | 'na'>('threat');
  const [reason, setReason] = useState('');
  const [hint, setHint] = useState<string | null>(null);
  const [rating, setRating] = useState<QuickRating>(NO_RATING);
  const [busy, setBusy] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLInputElement>(null);
  const ratingRef = useRef<HTMLDivElement>(null);
  const reasonRef = useRef<HTMLInputElement>(null);

  const targets = q.elementIds.map((id) => elements?.get(id)).filter((e) => e !== undefined);
  const offered = applicableFor(targets.map((e) => e.kind));
  const names = targets.map((e) => elementLabel(e));

  useEffect(() => {
    // With a category already picked (from the coverage matrix) the title is next; else the letters.
    if (q.category) titleRef.current?.focus();
    else root.current?.focus();
  }, [q]);

  // The elements went away (deleted here or elsewhere): nothing to log on.
  useEffect(() => {
    if (elements && targets.length === 0) closeQuickThreat();
  }, [elements, targets.length]);

  // Switching modes: the field to type in next, or the letters when no category is picked yet.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!category) root.current?.focus();
    else if (mode === 'na') reasonRef.current?.focus();
    else titleRef.current?.focus();
    // Only on a mode switch, not on every category pick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mode]);

  const pick = (c: Stride) => {
    setCategory(c);
    setHint(null);
    if (mode === 'threat') titleRef.current?.focus();
    else reasonRef.current?.focus();
  };

  const save = async (open: boolean) => {
    if (busy) return;
    if (!category) {
      setHint('Pick a category: type its letter');
      root.current?.focus();
      return;
    }
    if (!title.trim()) {
      setHint('Give the threat a title');
      titleRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const id = await addThreat(q.elementIds, category, title, open, rating);
      if (id && getApp().quickThreat?.seq === q.seq) {
        if (open) closeQuickThreat();
        else backToCanvas();
      }
    } finally {
      setBusy(false);
    }
  };

  const markNa = async () => {
    if (busy || !category || !reason.trim()) {
      setHint(!category ? 'Pick the category that does not apply' : 'Say why it does not apply');
      return;
    }
    setBusy(true);
    try {
      let ok = true;
      for (const id of q.elementIds) ok = (await setNotApplicable(id, category, reason)) && ok;
      if (ok && getApp().quickThreat?.seq === q.seq) backToCanvas();
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const t = e.target;
    const field: QuickField =
      t === titleRef.current
        ? 'title'
        : t instanceof Node && ratingRef.current?.contains(t)
          ? 'rating' // the field, or a level clicked in it
          : t === reasonRef.current
            ? 'reason'
            : 'form';
    // Enter on a button is the button's.
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && t instanceof HTMLButtonElement) return;
    const action = quickFormAction(
      { key: e.key, shift: e.shiftKey, ctrl: e.ctrlKey || e.metaKey, alt: e.altKey },
      field,
      rating,
      (key) => letterFromKey(key, offered),
      mode,
    );
    if (action.do === 'type') return;
    e.preventDefault();
    e.stopPropagation();
    switch (action.do) {
      case 'cancel':
        backToCanvas();
        break;
      case 'save':
        if (mode === 'threat') void save(action.open);
        else void markNa();
        break;
      case 'pick':
        pick(action.letter as Stride);
        break;
      case 'focus':
        (action.field === 'rating' ? ratingRef : titleRef).current?.focus();
        break;
      case 'rate':
        setRating(action.rating);
        setHint(null);
        break;
    }
  };

  const where = names.length === 1 ? names[0] : `${names[0]} and ${names.length - 1} more`;

  return (
    <div
      className="tl-quick"
      ref={root}
      tabIndex={-1}
      data-testid="quick-threat"
      data-keys="panel"
      role="form"
      aria-label="Log a threat"
      onKeyDown={onKeyDown}
    >
      <div className="tl-quick-head">
        <div className="tl-quick-title">
          {mode === 'threat' ? 'Log a threat on' : 'Not applicable to'} <b title={names.join(', ')}>{where}</b>
        </div>
        <button type="button" className="tl-icon-button is-small" aria-label="Cancel (Esc)" title="Cancel (Esc)" onClick={backToCanvas}>
          <CloseIcon size={12} />
        </button>
      </div>
      <div className="tl-quick-cats" role="radiogroup" aria-label="STRIDE category">
        {offered.map((c) => (
          <button
            key={c}
            type="button"
            role="radio"
            aria-checked={category === c}
            className={`tl-quick-cat is-${c}${category === c ? ' is-on' : ''}`}
            data-testid={`quick-threat-cat-${c}`}
            title={`${STRIDE_LABEL[c]} (${c})`}
            onClick={() => pick(c)}
          >
            <b>{c}</b>
            <span>{STRIDE_SHORT[c]}</span>
          </button>
        ))}
      </div>
      {mode === 'threat' ? (
        <input
          ref={titleRef}
          className="tl-input"
          data-testid="quick-threat-title"
          placeholder={category ? `${STRIDE_LABEL[category]}: what can go wrong?` : 'Type a letter above, then the title'}
          value={title}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => {
            setTitle(e.target.value);
            setHint(null);
          }}
        />
      ) : (
        <input
          ref={reasonRef}
          className="tl-input"
          data-testid="quick-threat-na-reason"
          placeholder={category ? `Why ${STRIDE_LABEL[category].toLowerCase()} does not apply` : 'Pick the category first'}
          value={reason}
          maxLength={2000}
          autoComplete="off"
          onChange={(e) => {
            setReason(e.target.value);
            setHint(null);
          }}
        />
      )}
      {mode === 'threat' && <RatingField ref={ratingRef} rating={rating} onChange={setRating} testId="quick-threat" />}
      {hint ? (
        <div className="tl-quick-hint" role="alert">
          {hint}
        </div>
      ) : (
        <div className="tl-quick-keys">
          {mode === 'threat' ? (
            <>
              A letter picks the category · <kbd>Tab</kbd> then two of <kbd>L</kbd> <kbd>M</kbd> <kbd>H</kbd> (or <kbd>1</kbd>–<kbd>3</kbd>) rate impact, then likelihood · <kbd>Enter</kbd> saves · <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves and opens · <kbd>Esc</kbd> cancels
            </>
          ) : (
            <>
              <kbd>Enter</kbd> marks it not applicable · <kbd>Esc</kbd> cancels
            </>
          )}
        </div>
      )}
      <div className="tl-quick-actions">
        {mode === 'threat' ? (
          <>
            <button type="button" className="tl-button is-quiet is-small" data-testid="quick-threat-na" onClick={() => setMode('na')}>
              Mark not applicable…
            </button>
            <div className="tl-spacer" />
            <button
              type="button"
              className="tl-button is-primary is-small"
              data-testid="quick-threat-save"
              disabled={busy}
              title="Save (Enter); Ctrl+Enter saves and opens it"
              onClick={() => void save(false)}
            >
              Log threat
            </button>
          </>
        ) : (
          <>
            <button type="button" className="tl-button is-quiet is-small" onClick={() => setMode('threat')}>
              ← Log a threat instead
            </button>
            <div className="tl-spacer" />
            <button
              type="button"
              className="tl-button is-primary is-small"
              data-testid="quick-threat-na-confirm"
              disabled={busy || !category || !reason.trim()}
              onClick={() => void markNa()}
            >
              Mark N/A
            </button>
          </>
        )}
      </div>
    </div>
  );
}
