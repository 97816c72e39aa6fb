// The pieces of the "Save to library" form that edit lists: recommended
// actions (one text each) and chips (references, tags) with an input that
// adds on Enter or a comma. The text still in an input is the parent's, so
// saving takes it too.
import { CloseIcon } from '../shared/ui/icons';

export function ListEditor({
  items,
  onChange,
  draft,
  onDraft,
  testId,
  placeholder,
}: {
  items: string[];
  onChange: (items: string[]) => void;
  draft: string;
  onDraft: (text: string) => void;
  testId: string;
  placeholder: string;
}) {
  const add = () => {
    const text = draft.trim();
    if (!text) return;
    onChange([...items, text]);
    onDraft('');
  };
  return (
    <div className="tll-list-editor">
      {items.length > 0 && (
        <ol className="tll-list">
          {items.map((a, i) => (
            <li key={i} className="tll-list-item">
              <textarea
                className="tll-list-text"
                data-testid={testId}
                rows={Math.min(4, Math.max(1, Math.ceil(a.length / 70)))}
                value={a}
                maxLength={20000}
                onChange={(e) => onChange(items.map((x, j) => (j === i ? e.target.value : x)))}
                onBlur={() => {
                  if (!items[i]?.trim()) onChange(items.filter((_, j) => j !== i));
                }}
              />
              <button
                type="button"
                className="tll-remove"
                aria-label="Remove this action"
                title="Remove"
                onClick={() => onChange(items.filter((_, j) => j !== i))}
              >
                <CloseIcon size={10} />
              </button>
            </li>
          ))}
        </ol>
      )}
      <input
        className="tl-input"
        data-testid={`${testId}-new`}
        placeholder={placeholder}
        value={draft}
        maxLength={20000}
        onChange={(e) => onDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
            e.preventDefault();
            add();
          }
        }}
      />
    </div>
  );
}

/** Chips with an input: Enter, a comma or leaving the field adds what is typed
 *  (through `accept`, which may refuse it with a message). */
export function ChipsInput({
  chips,
  onChange,
  draft,
  onDraft,
  accept,
  error,
  testId,
  placeholder,
  chipClass,
}: {
  chips: string[];
  onChange: (chips: string[]) => void;
  draft: string;
  onDraft: (text: string) => void;
  /** The chips for what was typed, or a message saying why not. */
  accept: (text: string) => { chips: string[] } | { error: string };
  error: string | null;
  testId: string;
  placeholder: string;
  chipClass?: string;
}) {
  const add = () => {
    if (!draft.trim()) return;
    const r = accept(draft);
    if ('error' in r) return;
    const next = [...chips];
    for (const c of r.chips) if (!next.includes(c)) next.push(c);
    onChange(next);
    onDraft('');
  };
  return (
    <div className="tll-chips-field">
      <div className={`tll-chips${error ? ' is-invalid' : ''}`}>
        {chips.map((c) => (
          <span key={c} className={`tll-chip ${chipClass ?? ''}`} data-testid={testId} data-value={c}>
            {c}
            <button type="button" className="tll-remove" aria-label={`Remove ${c}`} onClick={() => onChange(chips.filter((x) => x !== c))}>
              <CloseIcon size={9} />
            </button>
          </span>
        ))}
        <input
          className="tll-chips-input"
          data-testid={`${testId}-input`}
          placeholder={chips.length === 0 ? placeholder : ''}
          value={draft}
          maxLength={200}
          aria-invalid={error !== null}
          onChange={(e) => onDraft(e.target.value)}
          onKeyDown={(e) => {
            if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === ',') {
              e.preventDefault();
              add();
            }
            if (e.key === 'Backspace' && draft === '' && chips.length > 0) onChange(chips.slice(0, -1));
          }}
          onBlur={add}
        />
      </div>
      {error && (
        <div className="tl-field-error" data-testid={`${testId}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
