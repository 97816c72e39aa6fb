// Library entries beside the rules' suggestions in the element's inspector:
// those that apply to the element and are not on it yet (sync.ts reads them
// when the element, the library or its threats from the library change).
// Accepting one applies it: a threat on this element, opened for rating.
import { useState } from 'react';
import type { LibraryHit_Serialize as LibraryHit } from '../bindings';
import { useApp } from '../app/store';
import { applyFromLibrary } from '../app/intents/library';
import { openThreat } from '../app/intents/threats';
import { entriesOn, folderName } from '../shared/library';
import { STRIDE_LABEL } from '../shared/stride';
import { ChevronRight } from '../shared/ui/icons';
import { CategoryChip } from '../shared/ui/threatBits';

/** The entries to offer for `elementId` (null until read; empty when the
 *  library has none for it), and whether the library holds more. */
export function useLibrarySuggestions(elementId: string): { hits: LibraryHit[] | null; more: boolean } {
  const read = useApp((s) => (s.library.suggestions && s.model && s.library.suggestions.path === s.model.path && s.library.suggestions.elementId === elementId ? s.library.suggestions : null));
  const empty = useApp((s) => s.library.status !== null && s.library.status.entries === 0);
  const threats = useApp((s) => s.model?.threats);
  if (empty) return { hits: [], more: false };
  if (!read || !threats) return { hits: null, more: false };
  // Applied a moment ago: gone at once, before the next read.
  const on = entriesOn(threats, elementId);
  return { hits: read.hits.filter((h) => !h.applied && !on.has(h.entry.id)), more: read.more };
}

export function LibrarySuggestionCard({ hit, elementId }: { hit: LibraryHit; elementId: string }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const e = hit.entry;

  const accept = async () => {
    if (busy) return;
    setBusy(true);
    try {
      const created = await applyFromLibrary(e, [elementId]);
      // Open it for rating, as an accepted rule suggestion is.
      if (created?.[0]) openThreat(created[0]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={`tl-suggestion tll-suggestion${open ? ' is-open' : ''}`} data-testid="library-suggestion" data-id={e.id} data-category={e.category}>
      <div className="tl-suggestion-head">
        <button
          type="button"
          className="tl-suggestion-toggle"
          aria-expanded={open}
          title={open ? 'Hide the details' : 'Show the scenario, actions and references'}
          onClick={() => setOpen((o) => !o)}
        >
          <ChevronRight size={12} className="tl-suggestion-chevron" />
          <CategoryChip category={e.category} />
          <span className="tl-suggestion-title" data-testid="library-suggestion-title">
            {e.title}
          </span>
        </button>
      </div>
      {open && (
        <div className="tl-suggestion-body">
          <div className="tl-suggestion-cat">
            {STRIDE_LABEL[e.category]} · entry {e.id}, version {e.version}
          </div>
          {e.scenario && <p className="tl-suggestion-scenario">{e.scenario}</p>}
          {e.recommended_actions.length > 0 && (
            <>
              <div className="tl-mini-head">Recommended actions</div>
              <ul className="tl-suggestion-actions">
                {e.recommended_actions.map((a, i) => (
                  <li key={i}>{a}</li>
                ))}
              </ul>
            </>
          )}
          {(e.references.length > 0 || e.tags.length > 0) && (
            <div className="tl-refs">
              {e.references.map((r) => (
                <span key={r} className="tl-ref">
                  {r}
                </span>
              ))}
              {e.tags.map((t) => (
                <span key={t} className="tll-tag">
                  {t}
                </span>
              ))}
            </div>
          )}
        </div>
      )}
      <div className="tl-suggestion-buttons">
        <span className="tl-source is-library" data-testid="suggestion-source" title={hit.folder}>
          Library · {folderName(hit.folder)}
        </span>
        <span className="tl-spacer" />
        <button type="button" className="tl-button is-small is-primary" data-testid="library-suggestion-accept" disabled={busy} onClick={() => void accept()}>
          Accept
        </button>
      </div>
    </div>
  );
}
