import { useEffect, useMemo, useRef } from 'react';
import { KIND_LABEL } from '../shared/kinds';
import { useApp } from '../app/store';
import { ElementInspector } from './ElementInspector';
import { EngagementInspector } from './EngagementInspector';
import { QuickThreatForm } from '../threats/QuickThreatForm';
import { ThreatEditor } from '../threats/ThreatEditor';
import { deleteSelection } from '../app/intents/diagram';

/** The right-hand panel: the selected element, a multi-selection summary, or the engagement. */
export function Inspector() {
  const selection = useApp((s) => s.selection);
  const elements = useApp((s) => s.model?.elements);
  const quickSeq = useApp((s) => s.quickThreat?.seq ?? null);
  const quick = quickSeq !== null;
  // The threat editor shows while the selection is the one it was opened with.
  const threat = useApp((s) =>
    s.openThreat && s.openThreat.selection === s.selection ? s.model?.threats.get(s.openThreat.id) : undefined,
  );
  const selected = useMemo(() => {
    if (!elements) return [];
    return [...selection].map((id) => elements.get(id)).filter((e) => e !== undefined);
  }, [selection, elements]);

  // What it shows changed (another element, a threat, the quick form): from the top.
  const root = useRef<HTMLElement>(null);
  const shown = `${threat?.id ?? ''}\u0000${[...selection].join(',')}`;
  useEffect(() => {
    if (root.current) root.current.scrollTop = 0;
  }, [shown]);
  useEffect(() => {
    if (quickSeq !== null && root.current) root.current.scrollTop = 0;
  }, [quickSeq]);

  return (
    <aside ref={root} className={`tl-inspector${threat ? ' is-wide' : ''}`} data-keys="panel" aria-label="Inspector">
      {quick && <QuickThreatForm />}
      {threat ? (
        <ThreatEditor key={threat.id} threat={threat} />
      ) : selected.length === 1 ? (
        <ElementInspector key={selected[0].id} element={selected[0]} />
      ) : selected.length > 1 ? (
        <MultiSelection kinds={selected.map((e) => e.kind)} />
      ) : (
        <EngagementInspector />
      )}
    </aside>
  );
}

function MultiSelection({ kinds }: { kinds: (keyof typeof KIND_LABEL)[] }) {
  const byKind = new Map<string, number>();
  for (const k of kinds) byKind.set(k, (byKind.get(k) ?? 0) + 1);
  return (
    <div className="tl-inspector-body">
      <div className="tl-inspector-kind">
        <span className="tl-kind-badge is-engagement">{kinds.length} selected</span>
      </div>
      <section className="tl-section">
        <dl className="tl-counts">
          {[...byKind].map(([k, n]) => (
            <div className="tl-count" key={k}>
              <dt>{KIND_LABEL[k as keyof typeof KIND_LABEL]}</dt>
              <dd>{n}</dd>
            </div>
          ))}
        </dl>
        <p className="tl-help">Drag any of them to move them together. Deleting an element also deletes its flows.</p>
        <button type="button" className="tl-button is-danger is-block" onClick={() => void deleteSelection()}>
          Delete {kinds.length} elements
        </button>
      </section>
    </div>
  );
}
