import { useEffect, useRef } from 'react';

interface Props {
  initial: string;
  /** Called once, with the trimmed text (commit) or null (Escape: keep the name). */
  onDone: (name: string | null) => void;
  className?: string;
  ariaLabel?: string;
  testId?: string;
}

/** The in-place name editor: focused with its text selected, so typing replaces
 *  the default name; Enter or leaving it commits, Escape keeps the old name. */
export function NameEditor({ initial, onDone, className, ariaLabel = 'Name', testId = 'name-editor' }: Props) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;

  const finish = (commit: boolean) => {
    if (done.current) return;
    done.current = true;
    onDone(commit ? (ref.current?.value ?? initial).trim() : null);
  };

  useEffect(() => {
    const el = ref.current;
    if (el) {
      el.focus({ preventScroll: true });
      el.select();
    }
    // Closed from outside (another editor opened, the element was selected away):
    // what was typed is kept, as if the editor had lost focus.
    return () => {
      if (!done.current && el) {
        done.current = true;
        onDoneRef.current(el.value.trim());
      }
    };
  }, []);

  return (
    <input
      ref={ref}
      data-testid={testId}
      className={`tl-name-editor nodrag nopan nowheel ${className ?? ''}`}
      defaultValue={initial}
      aria-label={ariaLabel}
      maxLength={200}
      spellCheck={false}
      autoComplete="off"
      onKeyDown={(e) => {
        // Keys typed here belong to the name, never to canvas shortcuts.
        e.stopPropagation();
        if (e.key === 'Enter') {
          e.preventDefault();
          finish(true);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(false);
        }
      }}
      onBlur={() => finish(true)}
      onPointerDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    />
  );
}
