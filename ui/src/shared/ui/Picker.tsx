// A search picker: a sheet over a scrim whose search box has the focus at
// once and keeps it (typing searches; the keys of shared/pickerKeys move, pick
// and close), a list with one row highlighted, and a foot naming the keys.
// The library picker (L) and the command palette (Ctrl+K) are built on it.
import { Fragment, useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import { CloseIcon } from './icons';

export interface PickerProps {
  /** The dialog's accessible name. */
  label: string;
  testId: string;
  /** Added to the sheet's classes. */
  className?: string;
  title: ReactNode;
  onClose: () => void;
  onKeyDown: (e: KeyboardEvent) => void;
  query: string;
  onQuery: (q: string) => void;
  placeholder: string;
  searchTestId: string;
  /** The list's id, and the highlighted row's index (null: none). */
  listId: string;
  at: number | null;
  /** Between the search box and the foot: the list, or what says why it is empty. */
  children: ReactNode;
  foot: ReactNode;
}

export function Picker(p: PickerProps) {
  const input = useRef<HTMLInputElement>(null);
  const { onClose } = p;

  useEffect(() => {
    input.current?.focus();
  }, []);

  useEffect(() => {
    // Esc closes wherever the focus is (a row clicked, a link).
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        e.preventDefault();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);

  return (
    <div className="tl-scrim tl-picker-scrim" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`tl-sheet tl-picker${p.className ? ` ${p.className}` : ''}`}
        role="dialog"
        aria-label={p.label}
        data-keys="panel"
        data-testid={p.testId}
        onKeyDown={p.onKeyDown}
      >
        <div className="tl-picker-head">
          <div className="tl-picker-title">{p.title}</div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={onClose}>
            <CloseIcon size={14} />
          </button>
        </div>
        <input
          ref={input}
          className="tl-input tl-picker-search"
          data-testid={p.searchTestId}
          role="combobox"
          aria-expanded="true"
          aria-controls={p.listId}
          aria-activedescendant={p.at === null ? undefined : `${p.listId}-${p.at}`}
          placeholder={p.placeholder}
          value={p.query}
          spellCheck={false}
          autoComplete="off"
          maxLength={200}
          onChange={(e) => p.onQuery(e.target.value)}
        />
        {p.children}
        <div className="tl-picker-foot">{p.foot}</div>
      </div>
    </div>
  );
}

/** The picker's list: row `at` is kept in view. `shown` changes with the rows. */
export function PickerList({ id, label, at, shown, children }: { id: string; label: string; at: number; shown: unknown; children: ReactNode }) {
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const row = list.current?.children[at];
    if (row instanceof HTMLElement) row.scrollIntoView({ block: 'nearest' });
  }, [at, shown]);
  return (
    <ul className="tl-picker-list" id={id} role="listbox" aria-label={label} ref={list}>
      {children}
    </ul>
  );
}

/** One key and what it does, in the picker's foot. */
export function KeyHint({ keys, children }: { keys: string[]; children: ReactNode }) {
  return (
    <span>
      {keys.map((k, i) => (
        <Fragment key={k}>
          {i > 0 && ' '}
          <kbd>{k}</kbd>
        </Fragment>
      ))}{' '}
      {children}
    </span>
  );
}
