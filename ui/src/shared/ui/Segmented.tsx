// One of a few values as a row of buttons: the one segmented control of the app
// (kinds and sides in the engagement views, ratings in the threat editor, the
// list and coverage filters, the export dialog's minimum risk).
import type React from 'react';

export interface SegmentedOption<V extends string> {
  value: V;
  label: React.ReactNode;
  title?: string;
  testId?: string;
}

interface SegmentedProps<V extends string> {
  /** Read out for the group (aria-label). */
  label: string;
  value: V | null;
  options: readonly SegmentedOption<V>[];
  testId?: string;
  /** 'radio': one choice (radio buttons, `aria-checked`); 'toggle': pressed buttons (`aria-pressed`). */
  mode?: 'radio' | 'toggle';
  small?: boolean;
  /** The class family: `tl` (diagram and threat views) or `tle` (engagement views). */
  look?: 'tl' | 'tle';
  /** Each button also carries `is-<value>` (ratings are coloured by value). */
  valueClass?: boolean;
}

/** `clearable`: clicking the chosen value again clears it (ratings, filters). */
type Choice<V extends string> = { clearable: true; onChange: (v: V | null) => void } | { clearable?: false; onChange: (v: V) => void };

export function Segmented<V extends string>(props: SegmentedProps<V> & Choice<V>) {
  const { label, value, options, testId, mode = 'toggle', small = false, look = 'tl', valueClass = false } = props;
  const clearable = props.clearable === true;
  const onChange = props.onChange as (v: V | null) => void;
  const radio = mode === 'radio';
  return (
    <div
      className={`${look}-seg${small ? ' is-small' : ''}`}
      role={radio ? 'radiogroup' : 'group'}
      aria-label={label}
      data-testid={testId}
      data-value={value ?? ''}
    >
      {options.map((o) => {
        const on = o.value === value;
        const text = typeof o.label === 'string' ? o.label : undefined;
        return (
          <button
            key={o.value}
            type="button"
            role={radio ? 'radio' : undefined}
            aria-checked={radio ? on : undefined}
            aria-pressed={radio ? undefined : on}
            className={`${look}-seg-button${on ? ' is-on' : ''}${valueClass ? ` is-${o.value}` : ''}`}
            title={o.title ?? (on && clearable && text ? `${text} — click again to clear` : text)}
            data-testid={o.testId}
            data-value={o.value}
            onClick={() => onChange(on && clearable ? null : o.value)}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
