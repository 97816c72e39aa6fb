// One rule suggestion: what it proposes, Accept (becomes a threat, opened for
// rating) or Dismiss (asks why, inline; the category becomes not applicable).
import { useEffect, useRef, useState } from 'react';
import type { Suggestion } from '../bindings';
import { ChevronRight } from '../shared/ui/icons';
import { STRIDE_LABEL } from '../shared/stride';
import { acceptSuggestion, dismissSuggestion, showElements } from '../app/intents/threats';
import { CategoryChip } from '../shared/ui/threatBits';

export function SuggestionCard({
  s,
  elementName,
  compact = false,
  source,
}: {
  s: Suggestion;
  /** Where it comes from, shown on the card when the list mixes sources ("Rule"). */
  source?: string;
  /** Shown (as a link to the element) in the engagement-wide list. */
  elementName?: string;
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (dismissing) reasonRef.current?.focus();
  }, [dismissing]);

  const accept = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await acceptSuggestion(s);
    } finally {
      setBusy(false);
    }
  };

  const dismiss = async () => {
    if (busy || !reason.trim()) return;
    setBusy(true);
    try {
      if (await dismissSuggestion(s, reason)) setDismissing(false);
    } finally {
      setBusy(false);
    }
  };

  const buttons = (
    <div className="tl-suggestion-buttons">
      {source && !compact && (
        <>
          <span className="tl-source" data-testid="suggestion-source" title={`Suggested by rule ${s.rule_id}`}>
            {source}
          </span>
          <span className="tl-spacer" />
        </>
      )}
      <button type="button" className="tl-button is-small is-quiet" data-testid="suggestion-dismiss" disabled={busy} onClick={() => setDismissing(true)}>
        Dismiss…
      </button>
      <button type="button" className="tl-button is-small is-primary" data-testid="suggestion-accept" disabled={busy} onClick={() => void accept()}>
        Accept
      </button>
    </div>
  );

  return (
    <div className={`tl-suggestion${compact ? ' is-compact' : ''}${open ? ' is-open' : ''}`} data-testid="suggestion" data-key={s.key} data-category={s.category}>
      <div className="tl-suggestion-head">
        <button
          type="button"
          className="tl-suggestion-toggle"
          aria-expanded={open}
          title={open ? 'Hide the details' : 'Show the scenario, actions and references'}
          onClick={() => setOpen((o) => !o)}
        >
          <ChevronRight size={12} className="tl-suggestion-chevron" />
          <CategoryChip category={s.category} />
          <span className="tl-suggestion-title" data-testid="suggestion-title">
            {s.title}
          </span>
        </button>
        {elementName !== undefined && (
          <button type="button" className="tl-link tl-suggestion-element" title="Show it on the diagram" onClick={() => showElements([s.element_id])}>
            {elementName}
          </button>
        )}
        {compact && !dismissing && buttons}
      </div>
      {open && (
        <div className="tl-suggestion-body">
          <div className="tl-suggestion-cat">{STRIDE_LABEL[s.category]} · rule {s.rule_id}</div>
          <p className="tl-suggestion-scenario">{s.scenario}</p>
          {s.recommended_actions.length > 0 && (
            <>
              <div className="tl-mini-head">Recommended actions</div>
              <ul className="tl-suggestion-actions">
                {s.recommended_actions.map((a, i) => (
                  <li key={i}>{a}</li>
                ))}
              </ul>
            </>
          )}
          {s.references.length > 0 && (
            <div className="tl-refs">
              {s.references.map((r) => (
                <span key={r} className="tl-ref">
                  {r}
                </span>
              ))}
            </div>
          )}
        </div>
      )}
      {dismissing ? (
        <div className="tl-dismiss">
          <input
            ref={reasonRef}
            className="tl-input"
            data-testid="dismiss-reason"
            placeholder={`Why ${STRIDE_LABEL[s.category].toLowerCase()} does not apply here`}
            value={reason}
            maxLength={2000}
            onChange={(e) => setReason(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void dismiss();
              }
              if (e.key === 'Escape') {
                e.preventDefault();
                e.stopPropagation();
                setDismissing(false);
              }
            }}
          />
          <div className="tl-dismiss-note">
            {STRIDE_LABEL[s.category]} becomes not applicable to this element, for this reason.
          </div>
          <div className="tl-suggestion-buttons">
            <button type="button" className="tl-button is-small" onClick={() => setDismissing(false)}>
              Cancel
            </button>
            <button
              type="button"
              className="tl-button is-small is-danger"
              data-testid="dismiss-confirm"
              disabled={busy || !reason.trim()}
              onClick={() => void dismiss()}
            >
              Dismiss
            </button>
          </div>
        </div>
      ) : (
        !compact && buttons
      )}
    </div>
  );
}
