// Inspector inputs. Text commits when the field is left (or Enter on one line),
// so the core sees one op per edit, not one per keystroke.
import { Segmented } from './Segmented';
import { useEffect, useId, useRef, useState } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  /** Resolves to false when the core refused: the field shows the stored value again. */
  onCommit: (value: string) => Promise<boolean>;
  testId?: string;
  multiline?: boolean;
  placeholder?: string;
  maxLength?: number;
  help?: string;
}

export function TextField({ label, value, onCommit, testId, multiline, placeholder, maxLength, help }: TextFieldProps) {
  const [draft, setDraft] = useState(value);
  const focused = useRef(false);
  const latest = useRef(value);
  latest.current = value;
  const id = useId();

  useEffect(() => {
    if (!focused.current) setDraft(value);
  }, [value]);

  const commit = async () => {
    focused.current = false;
    if (draft === latest.current) return;
    const ok = await onCommit(draft);
    if (!ok && !focused.current) setDraft(latest.current);
  };

  const common = {
    id,
    'data-testid': testId,
    className: multiline ? 'tl-textarea' : 'tl-input',
    value: draft,
    placeholder,
    maxLength,
    spellCheck: multiline ? true : false,
    onFocus: () => {
      focused.current = true;
    },
    onBlur: () => void commit(),
  };

  return (
    <div className="tl-field">
      <label className="tl-field-label" htmlFor={id} title={help}>
        {label}
      </label>
      {multiline ? (
        <textarea
          {...common}
          rows={4}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setDraft(latest.current);
              focused.current = false;
              e.currentTarget.blur();
            }
          }}
        />
      ) : (
        <input
          {...common}
          type="text"
          autoComplete="off"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
            if (e.key === 'Escape') {
              setDraft(latest.current);
              focused.current = false;
              const el = e.currentTarget;
              // Blur after the revert is rendered, so no commit of the old draft happens.
              requestAnimationFrame(() => el.blur());
            }
          }}
        />
      )}
    </div>
  );
}

export function CheckField(props: {
  label: string;
  checked: boolean;
  unset?: boolean;
  help?: string;
  onChange: (v: boolean) => void;
  /** Back to "not set" (a recorded "no" is different from not knowing). */
  onClear?: () => void;
  testId?: string;
}) {
  return (
    <label className="tl-check" title={props.help}>
      <input
        type="checkbox"
        checked={props.checked}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      <span className="tl-check-box" aria-hidden="true" />
      <span className="tl-check-label">{props.label}</span>
      {props.unset && <span className="tl-check-unset">not set</span>}
      {!props.unset && props.onClear && (
        <button
          type="button"
          className="tl-check-clear"
          title="Clear: back to not set"
          data-testid={props.testId ? `${props.testId}-clear` : undefined}
          onClick={(e) => {
            e.preventDefault();
            props.onClear?.();
          }}
        >
          clear
        </button>
      )}
    </label>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  /** Adds an empty first option (clears the value). */
  emptyLabel?: string;
  help?: string;
  onChange: (v: string) => void;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="tl-field">
      <label className="tl-field-label" htmlFor={id} title={props.help}>
        {props.label}
      </label>
      <select id={id} className="tl-select" value={props.value} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)}>
        {props.emptyLabel !== undefined && <option value="">{props.emptyLabel}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Section({ title, children, aside }: { title: string; children: React.ReactNode; aside?: React.ReactNode }) {
  return (
    <section className="tl-section">
      <div className="tl-section-head">
        <h3>{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** One of a few values as a row of toggle buttons, with its label; clicking the chosen one again clears it. */
export function SegmentedField<V extends string>(props: {
  label: string;
  value: V | null;
  options: readonly { value: V; label: string; title?: string }[];
  onChange: (v: V | null) => void;
  testId?: string;
  help?: string;
  /** Clicking the chosen value clears it (ratings); otherwise it stays. */
  clearable?: boolean;
}) {
  return (
    <div className="tl-seg-field">
      <span className="tl-seg-label" title={props.help}>
        {props.label}
      </span>
      {props.clearable ? (
        <Segmented label={props.label} value={props.value} options={props.options} onChange={props.onChange} testId={props.testId} clearable valueClass />
      ) : (
        <Segmented label={props.label} value={props.value} options={props.options} onChange={props.onChange} testId={props.testId} valueClass />
      )}
    </div>
  );
}
