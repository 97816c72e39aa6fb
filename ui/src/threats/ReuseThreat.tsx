// "Copy to other elements…" and "Move to…" in the threat editor: an inline
// element picker (no dialog) offering the elements the threat's STRIDE
// category applies to; confirming is one op, one undoable step.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Threat, Element } from '../app/model';
import { copyThreatTo, moveThreatTo } from '../app/intents/threats';
import { useApp } from '../app/store';
import { elementLabel } from '../shared/kinds';
import { APPLICABLE, STRIDE_LABEL } from '../shared/stride';
import { ElementChips, ElementPicker } from '../shared/ui/bits';
import { namesText } from '../shared/threatClipboard';

type Mode = 'copy' | 'move';

export function ReuseActions({ threat }: { threat: Threat }) {
  const [mode, setMode] = useState<Mode | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const elements = useApp((s) => s.model?.elements);
  const confirmButton = useRef<HTMLButtonElement>(null);

  // Another threat in the editor: the picker closes.
  useEffect(() => {
    setMode(null);
    setChosen([]);
  }, [threat.id]);

  const { category, element_ids: on } = threat;
  // STRIDE per element from the core's vocabulary; not where the threat already is.
  const offered = useCallback(
    (e: Element) => e.kind !== 'trust_boundary' && (APPLICABLE[e.kind]?.includes(category) ?? false) && !on.includes(e.id),
    [category, on],
  );
  const chosenNow = chosen.filter((id) => elements?.has(id));

  const open = (m: Mode) => {
    setMode(m === mode ? null : m);
    setChosen([]);
  };
  const close = () => {
    setMode(null);
    setChosen([]);
  };
  const confirm = async () => {
    if (!mode || chosenNow.length === 0 || busy) return;
    setBusy(true);
    const ok = mode === 'copy' ? await copyThreatTo(threat.id, chosenNow) : await moveThreatTo(threat.id, chosenNow);
    setBusy(false);
    if (ok) close();
  };

  const names = namesText(chosenNow.map((id) => elementLabel(elements?.get(id))));
  const action =
    chosenNow.length === 0
      ? mode === 'copy'
        ? 'Copy'
        : 'Move'
      : mode === 'copy'
        ? chosenNow.length === 1
          ? `Copy to ${names}`
          : `Copy to ${chosenNow.length} elements`
        : `Move to ${names}`;

  return (
    <div className="tl-reuse">
      <div className="tl-reuse-buttons">
        <button
          type="button"
          className={`tl-button is-small${mode === 'copy' ? ' is-on' : ''}`}
          data-testid="threat-copy-to"
          aria-expanded={mode === 'copy'}
          title="A copy of this threat (every field, its history) on other elements"
          onClick={() => open('copy')}
        >
          Copy to other elements…
        </button>
        <button
          type="button"
          className={`tl-button is-small${mode === 'move' ? ' is-on' : ''}`}
          data-testid="threat-move-to"
          aria-expanded={mode === 'move'}
          title="This threat on other elements instead"
          onClick={() => open('move')}
        >
          Move to…
        </button>
      </div>
      {mode && (
        <div
          className="tl-reuse-box"
          data-testid="reuse-picker"
          data-mode={mode}
          role="group"
          aria-label={mode === 'copy' ? 'Copy to other elements' : 'Move to other elements'}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && !e.defaultPrevented) {
              e.stopPropagation();
              close();
            }
          }}
        >
          <div className="tl-reuse-title">{mode === 'copy' ? 'Copy this threat to' : 'Move this threat to'}</div>
          {chosenNow.length > 0 && (
            <div className="tl-reuse-chosen">
              <ElementChips ids={chosenNow} testId="reuse-chosen" onRemove={(id) => setChosen((c) => c.filter((x) => x !== id))} />
            </div>
          )}
          <ElementPicker
            key={mode}
            chosen={chosenNow}
            onPick={(id) => {
              setChosen((c) => (c.includes(id) ? c : [...c, id]));
              // A move usually goes to one place: Enter then confirms it.
              if (mode === 'move') window.setTimeout(() => confirmButton.current?.focus(), 0);
            }}
            testId="reuse-add"
            label={chosenNow.length === 0 ? 'Element' : 'Another element'}
            filter={offered}
            autoOpen
            keepOpen={mode === 'copy'}
            inline
          />
          <div className="tl-field-note tl-reuse-note">
            Elements {STRIDE_LABEL[category].toLowerCase()} applies to, on every diagram.
            {mode === 'copy' ? ' Each gets its own copy; one undo removes them all.' : ' One undo puts it back.'}
          </div>
          <div className="tl-reuse-actions">
            <button type="button" className="tl-button is-small" data-testid="reuse-cancel" onClick={close}>
              Cancel
            </button>
            <button
              ref={confirmButton}
              type="button"
              className="tl-button is-small is-primary"
              data-testid="reuse-confirm"
              disabled={chosenNow.length === 0 || busy}
              onClick={() => void confirm()}
            >
              {action}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
