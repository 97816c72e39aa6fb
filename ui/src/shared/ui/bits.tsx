// Small pieces the engagement views and the note-taker share: cards, a text
// field that commits when left, a segmented control, element chips and an
// element picker over every diagram.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Person } from '../../bindings';
import { CloseIcon, KindIcon, PlusIcon } from './icons';
import { elementLabel, KIND_LABEL } from '../kinds';
import type { Element } from '../../app/model';
import { useApp } from '../../app/store';

export function Card({
  title,
  aside,
  children,
  className,
  testId,
}: {
  title?: React.ReactNode;
  aside?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`tle-card${className ? ` ${className}` : ''}`} data-testid={testId}>
      {(title || aside) && (
        <header className="tle-card-head">
          {title && <h2 className="tle-card-title">{title}</h2>}
          <span className="tl-spacer" />
          {aside}
        </header>
      )}
      {children}
    </section>
  );
}

/** A text input (or textarea) that commits when left or on Enter (one line); Esc reverts. */
export function InlineText({
  value,
  onCommit,
  testId,
  placeholder,
  multiline,
  maxLength = 200,
  className,
  ariaLabel,
  rows = 3,
}: {
  value: string;
  onCommit: (v: string) => Promise<boolean> | void;
  testId?: string;
  placeholder?: string;
  multiline?: boolean;
  maxLength?: number;
  className?: string;
  ariaLabel?: string;
  rows?: number;
}) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  const latest = useRef(value);
  latest.current = value;
  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);
  const commit = async () => {
    focused.current = false;
    if (draft === latest.current) return;
    const ok = await onCommit(draft);
    if (ok === false && !focused.current) setDraft(latest.current);
  };
  const common = {
    'data-testid': testId,
    'aria-label': ariaLabel,
    className: `${multiline ? 'tl-textarea' : 'tl-input'}${className ? ` ${className}` : ''}`,
    value: draft,
    placeholder,
    maxLength,
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => void commit(),
  };
  return multiline ? (
    <textarea
      {...common}
      rows={rows}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          setDraft(latest.current);
          focused.current = false;
          const el = e.currentTarget;
          window.setTimeout(() => el.blur(), 0);
        }
      }}
    />
  ) : (
    <input
      {...common}
      type="text"
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => setDraft(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
        if (e.key === 'Escape') {
          setDraft(latest.current);
          focused.current = false;
          const el = e.currentTarget;
          window.setTimeout(() => el.blur(), 0);
        }
      }}
    />
  );
}

/** A labelled field around any control. */
export function Field({ label, children, hint, wide }: { label: string; children: React.ReactNode; hint?: React.ReactNode; wide?: boolean }) {
  return (
    <label className={`tle-field${wide ? ' is-wide' : ''}`}>
      <span className="tle-field-label">{label}</span>
      {children}
      {hint && <span className="tle-field-hint">{hint}</span>}
    </label>
  );
}


/** The elements `ids` as chips (removable when `onRemove` is given). */
export function ElementChips({
  ids,
  onRemove,
  onShow,
  testId = 'element-chip',
  empty,
}: {
  ids: readonly string[];
  onRemove?: (id: string) => void;
  onShow?: (id: string) => void;
  testId?: string;
  empty?: React.ReactNode;
}) {
  const elements = useApp((s) => s.model?.elements);
  if (ids.length === 0) return empty ? <span className="tle-muted">{empty}</span> : null;
  return (
    <span className="tle-chips">
      {ids.map((id) => {
        const e = elements?.get(id);
        return (
          <span key={id} className={`tle-chip${e ? '' : ' is-gone'}`} data-testid={testId} data-id={id} title={e ? `${KIND_LABEL[e.kind]}: ${elementLabel(e)}` : 'Deleted'}>
            {e && <KindIcon kind={e.kind} size={12} className="tle-chip-icon" />}
            {onShow && e ? (
              <button type="button" className="tle-chip-text is-link" onClick={() => onShow(id)}>
                {elementLabel(e)}
              </button>
            ) : (
              <span className="tle-chip-text">{elementLabel(e)}</span>
            )}
            {onRemove && (
              <button type="button" className="tle-chip-remove" aria-label={`Remove ${elementLabel(e)}`} onClick={() => onRemove(id)}>
                <CloseIcon size={10} />
              </button>
            )}
          </span>
        );
      })}
    </span>
  );
}

/** Every element but trust boundaries, grouped by diagram (tab order), by name. */
function useElementOptions(filter?: (e: Element) => boolean) {
  const elements = useApp((s) => s.model?.elements);
  const diagrams = useApp((s) => s.model?.diagrams);
  return useMemo(() => {
    if (!elements || !diagrams) return [];
    return diagrams.map((d) => ({
      diagram: d,
      items: [...elements.values()]
        .filter((e) => e.diagram_id === d.id && (filter ? filter(e) : true))
        .sort((a, b) => elementLabel(a).localeCompare(elementLabel(b))),
    }));
  }, [elements, diagrams, filter]);
}

/** "+ Element": a searchable list of the diagrams' elements; picks one at a time. */
export function ElementPicker({
  chosen,
  onPick,
  testId = 'element-picker',
  label = 'Element',
  filter,
  autoOpen = false,
  keepOpen = false,
  inline = false,
}: {
  chosen: readonly string[];
  onPick: (id: string) => void;
  testId?: string;
  label?: string;
  /** Which elements are offered (memoize it: the list is rebuilt when it changes). */
  filter?: (e: Element) => boolean;
  /** The list is open when the picker appears. */
  autoOpen?: boolean;
  /** Picking leaves the list open for the next pick (several elements at once). */
  keepOpen?: boolean;
  /** The list opens in the flow of the page, pushing what follows down. */
  inline?: boolean;
}) {
  const [open, setOpen] = useState(autoOpen);
  const [query, setQuery] = useState('');
  const groups = useElementOptions(filter);
  const root = useRef<HTMLSpanElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  useEffect(() => {
    if (!open) return;
    input.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown, true);
    return () => document.removeEventListener('mousedown', onDown, true);
  }, [open]);

  const q = query.trim().toLowerCase();
  const shown = groups
    .map((g) => ({ ...g, items: g.items.filter((e) => !chosen.includes(e.id) && (!q || elementLabel(e).toLowerCase().includes(q))) }))
    .filter((g) => g.items.length > 0);
  const first = shown[0]?.items[0];

  return (
    <span className={`tle-picker${inline ? ' is-inline' : ''}`} ref={root}>
      <button
        type="button"
        className="tle-add-chip"
        data-testid={testId}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        onClick={() => {
          setOpen((o) => !o);
          setQuery('');
        }}
      >
        <PlusIcon size={11} /> {label}
      </button>
      {open && (
        <div className="tle-picker-pop" data-keys="panel" role="dialog" aria-label={`Pick ${label.toLowerCase()}`}>
          <input
            ref={input}
            className="tl-input"
            placeholder="Search elements…"
            value={query}
            data-testid={`${testId}-search`}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.stopPropagation();
                setOpen(false);
              }
              if (e.key === 'Enter' && first) {
                e.preventDefault();
                onPick(first.id);
                if (keepOpen) setQuery('');
                else setOpen(false);
              }
            }}
          />
          <div className="tle-picker-list" id={listId} role="listbox">
            {shown.length === 0 && <div className="tle-muted tle-picker-empty">No element matches</div>}
            {shown.map((g) => (
              <div key={g.diagram.id}>
                {groups.length > 1 && <div className="tle-picker-group">{g.diagram.name}</div>}
                {g.items.map((e) => (
                  <button
                    key={e.id}
                    type="button"
                    role="option"
                    aria-selected={false}
                    className="tle-picker-item"
                    data-testid={`${testId}-option`}
                    data-id={e.id}
                    onClick={() => {
                      onPick(e.id);
                      if (!keepOpen) setOpen(false);
                      // The option goes from the list: typing carries on in the search.
                      else input.current?.focus();
                    }}
                  >
                    <KindIcon kind={e.kind} size={13} />
                    <span>{elementLabel(e)}</span>
                    <span className="tle-muted">{KIND_LABEL[e.kind]}</span>
                  </button>
                ))}
              </div>
            ))}
          </div>
        </div>
      )}
    </span>
  );
}

export function personLabel(p: Person | undefined): string {
  if (!p) return 'Someone (removed)';
  return p.name.trim() || 'Unnamed';
}

/** A plain select of people (with an empty choice when `none` is given). */
export function PersonSelect({
  people,
  value,
  onChange,
  none,
  testId,
  ariaLabel,
}: {
  people: readonly Person[];
  value: string | null;
  onChange: (id: string | null) => void;
  none?: string;
  testId?: string;
  ariaLabel: string;
}) {
  return (
    <select
      className="tl-select tle-select"
      value={value ?? ''}
      aria-label={ariaLabel}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value || null)}
    >
      {none !== undefined && <option value="">{none}</option>}
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {personLabel(p)}
          {p.role ? ` — ${p.role}` : ''}
        </option>
      ))}
    </select>
  );
}
