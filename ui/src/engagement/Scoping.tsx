// Scoping: the components named at the scoping meeting, the time planned for
// each, its priority and the diagram elements it maps to; the total is shown
// against the time planned in sessions (both figures from the core).
import { useEffect, useRef, useState } from 'react';
import type { Component, Priority } from '../bindings';
import { CloseIcon, PlusIcon } from '../shared/ui/icons';
import { useApp } from '../app/store';
import { Card, ElementChips, ElementPicker, InlineText } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { useDerived } from '../app/hooks';
import { formatDuration, parseDuration } from '../shared/time';
import { deleteComponent, putComponent } from '../app/intents/engagement';
import { stableOrder } from './stableOrder';

const PRIORITIES: { value: Priority; label: string; testId?: string }[] = [
  { value: 'high', label: 'High' },
  { value: 'medium', label: 'Medium' },
  { value: 'low', label: 'Low' },
];

const PRIORITY_ORDER: Record<Priority, number> = { high: 0, medium: 1, low: 2 };

const byPriorityThenName = (a: Component, b: Component) => PRIORITY_ORDER[a.priority] - PRIORITY_ORDER[b.priority] || a.name.localeCompare(b.name);

export function Scoping() {
  const components = useApp((s) => s.model?.components);
  // Sorted when the page opens; while it is open, rows stay where they are
  // (a new component goes last) instead of re-sorting under the pointer.
  const shown = useRef<string[]>([]);
  const list = components ? stableOrder(shown.current, [...components.values()], byPriorityThenName) : [];
  shown.current = list.map((c) => c.id);
  return (
    <div className="tle-page" data-testid="scoping">
      <ScopeSummaryBar />
      <Card
        title={
          <>
            Components in scope <span className="tle-count">{list.length}</span>
          </>
        }
        testId="components"
      >
        <p className="tle-lead">
          What the scoping meeting named, how long we will spend on each, and where it is on the diagrams. We cover everything at a high level
          first and dive into details in the follow-ups.
        </p>
        {list.length > 0 && (
          <div className="tle-table" role="table" aria-label="Components">
            <div className="tle-tr is-head" role="row">
              <span role="columnheader">Component</span>
              <span role="columnheader">Planned</span>
              <span role="columnheader">Priority</span>
              <span role="columnheader">On the diagrams</span>
              <span role="columnheader" aria-label="Actions" />
            </div>
            {list.map((c) => (
              <ComponentRow key={c.id} component={c} />
            ))}
          </div>
        )}
        <AddComponent first={list.length === 0} />
      </Card>
    </div>
  );
}

function ScopeSummaryBar() {
  const scope = useDerived('scope');
  const comp = scope?.component_minutes ?? 0;
  const sess = scope?.session_minutes ?? 0;
  const max = Math.max(comp, sess, 1);
  const over = comp - sess;
  return (
    <div className="tle-scope" data-testid="scope-summary" data-components={comp} data-sessions={sess}>
      <div className="tle-scope-row">
        <span className="tle-scope-label">Planned for components</span>
        <span className="tle-scope-track">
          <span className="tle-scope-fill is-components" style={{ width: `${(100 * comp) / max}%` }} />
        </span>
        <span className="tle-scope-n" data-testid="scope-components">
          {scope ? formatDuration(comp) : '–'}
        </span>
      </div>
      <div className="tle-scope-row">
        <span className="tle-scope-label">Planned in sessions</span>
        <span className="tle-scope-track">
          <span className="tle-scope-fill is-sessions" style={{ width: `${(100 * sess) / max}%` }} />
        </span>
        <span className="tle-scope-n" data-testid="scope-sessions">
          {scope ? formatDuration(sess) : '–'}
        </span>
      </div>
      {scope && comp > 0 && (
        <div className={`tle-scope-note${over > 0 ? ' is-warn' : ''}`} data-testid="scope-balance">
          {over > 0
            ? `${formatDuration(over)} more planned for components than in sessions: plan another session or trim the scope.`
            : over < 0
              ? `${formatDuration(-over)} of session time not yet given to a component.`
              : 'The sessions planned cover the components exactly.'}
        </div>
      )}
    </div>
  );
}

/** Minutes typed as `90`, `1h30`, `2.5h`, `1:30`; commits when left. */
export function DurationInput({
  minutes,
  onCommit,
  testId,
  ariaLabel,
}: {
  minutes: number;
  onCommit: (m: number) => void;
  testId?: string;
  ariaLabel: string;
}) {
  const [draft, setDraft] = useState(formatDuration(minutes));
  const [bad, setBad] = useState(false);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) setDraft(formatDuration(minutes));
  }, [minutes]);
  const commit = () => {
    focused.current = false;
    const m = parseDuration(draft);
    if (m === null) {
      setBad(true);
      setDraft(formatDuration(minutes));
      window.setTimeout(() => setBad(false), 1500);
      return;
    }
    setDraft(formatDuration(m));
    if (m !== minutes) onCommit(m);
  };
  return (
    <input
      className={`tl-input tle-duration${bad ? ' is-bad' : ''}`}
      value={draft}
      data-testid={testId}
      aria-label={ariaLabel}
      title="e.g. 90, 1h30, 2.5h, 1:30"
      onFocus={(e) => {
        focused.current = true;
        e.currentTarget.select();
      }}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.currentTarget.blur();
      }}
    />
  );
}

function ComponentRow({ component }: { component: Component }) {
  const selection = useApp((s) => s.selection);
  const put = async (c: Component) => (await putComponent(c)) !== null;
  const selected = [...selection].filter((id) => !component.element_ids.includes(id));
  return (
    <div className="tle-tr" role="row" data-testid="component-row" data-id={component.id}>
      <span role="cell">
        <InlineText
          value={component.name}
          testId="component-name"
          ariaLabel="Component name"
          onCommit={(name) => (name.trim() ? put({ ...component, name: name.trim() }) : Promise.resolve(false))}
        />
      </span>
      <span role="cell">
        <DurationInput minutes={component.planned_minutes} testId="component-minutes" ariaLabel="Planned time" onCommit={(m) => void put({ ...component, planned_minutes: m })} />
      </span>
      <span role="cell">
        <Segmented mode="radio" look="tle"
          small
          label="Priority"
          testId="component-priority"
          value={component.priority}
          options={PRIORITIES.map((p) => ({ ...p, testId: `component-priority-${p.value}` }))}
          onChange={(priority) => void put({ ...component, priority })}
        />
      </span>
      <span role="cell" className="tle-cell-elements">
        <ElementChips
          ids={component.element_ids}
          testId="component-element"
          onRemove={(id) => void put({ ...component, element_ids: component.element_ids.filter((x) => x !== id) })}
        />
        <ElementPicker
          chosen={component.element_ids}
          testId="component-add-element"
          label="Element"
          onPick={(id) => void put({ ...component, element_ids: [...component.element_ids, id] })}
        />
        {selected.length > 0 && (
          <button
            type="button"
            className="tle-add-chip is-accent"
            title="Map the elements selected on the canvas to this component"
            data-testid="component-add-selected"
            onClick={() => void put({ ...component, element_ids: [...component.element_ids, ...selected] })}
          >
            <PlusIcon size={11} /> Selected ({selected.length})
          </button>
        )}
      </span>
      <span role="cell">
        <button
          type="button"
          className="tle-icon-btn is-danger"
          aria-label={`Delete ${component.name}`}
          data-testid="component-delete"
          onClick={() => void deleteComponent(component.id)}
        >
          <CloseIcon size={12} />
        </button>
      </span>
    </div>
  );
}

function AddComponent({ first }: { first: boolean }) {
  const [name, setName] = useState('');
  const [planned, setPlanned] = useState('1h');
  const [priority, setPriority] = useState<Priority>('medium');
  const minutes = parseDuration(planned);
  const add = async () => {
    if (!name.trim() || minutes === null) return;
    const ok = await putComponent({ id: '', name: name.trim(), planned_minutes: minutes, priority, element_ids: [...useApp.getState().selection], notes: '' });
    if (ok) setName('');
  };
  return (
    <form
      className={`tle-add-row${first ? ' is-first' : ''}`}
      data-testid="component-add-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <input
        className="tl-input"
        placeholder={first ? 'First component, e.g. "Authentication"' : 'Another component'}
        value={name}
        maxLength={200}
        data-testid="component-add-name"
        aria-label="New component's name"
        onChange={(e) => setName(e.target.value)}
      />
      <input
        className={`tl-input tle-duration${minutes === null ? ' is-bad' : ''}`}
        value={planned}
        data-testid="component-add-minutes"
        aria-label="Planned time"
        title="e.g. 90, 1h30, 2.5h, 1:30"
        onChange={(e) => setPlanned(e.target.value)}
      />
      <Segmented mode="radio" look="tle" small label="Priority" value={priority} options={PRIORITIES} onChange={setPriority} />
      <button type="submit" className="tl-button is-primary" data-testid="component-add" disabled={!name.trim() || minutes === null}>
        <PlusIcon size={12} /> Add component
      </button>
      <span className="tle-muted tle-add-hint">Elements selected on the canvas are mapped to it.</span>
    </form>
  );
}
