import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { NameEditor } from '../canvas/NameEditor';
import { getApp, selectDiagram, setApp, useApp } from '../app/store';
import { CloseIcon, PlusIcon } from '../shared/ui/icons';
import { addDiagram, deleteDiagram, renameDiagram } from '../app/intents/diagram';

/** Diagram tabs: click to switch, double-click to rename in place, × to delete
 *  (confirmed in a small popover, never a browser dialog). */
export function DiagramTabs() {
  const diagrams = useApp((s) => s.model?.diagrams);
  const active = useApp((s) => s.diagramId);
  const editing = useApp((s) => s.editing);
  const [confirm, setConfirm] = useState<{ id: string; left: number; top: number } | null>(null);

  if (!diagrams) return <nav className="tl-tabs" />;
  return (
    <nav className="tl-tabs" aria-label="Diagrams" data-keys="panel">
      <div className="tl-tabs-scroll" role="tablist">
        {diagrams.map((d) => {
          const isActive = d.id === active;
          const isEditing = editing?.target === 'tab' && editing.id === d.id;
          return (
            <div
              key={d.id}
              role="tab"
              aria-selected={isActive}
              tabIndex={0}
              className={`tl-tab${isActive ? ' is-active' : ''}`}
              data-testid="diagram-tab"
              data-id={d.id}
              onClick={() => selectDiagram(d.id)}
              onDoubleClick={() => {
                selectDiagram(d.id);
                setApp({ editing: { target: 'tab', id: d.id } });
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') selectDiagram(d.id);
                if (e.key === 'F2') setApp({ editing: { target: 'tab', id: d.id } });
              }}
              title={isEditing ? undefined : `${d.name} — double-click to rename`}
            >
              {isEditing ? (
                <NameEditor
                  initial={d.name}
                  testId="diagram-name-editor"
                  ariaLabel="Diagram name"
                  className="is-tab"
                  onDone={(name) => {
                    const e = getApp().editing;
                    if (e?.target === 'tab' && e.id === d.id) setApp({ editing: null });
                    if (name) void renameDiagram(d.id, name);
                  }}
                />
              ) : (
                <span className="tl-tab-label">{d.name || 'Untitled diagram'}</span>
              )}
              {diagrams.length > 1 && !isEditing && (
                <button
                  type="button"
                  className="tl-tab-close"
                  data-testid="delete-diagram"
                  aria-label={`Delete diagram ${d.name}`}
                  title="Delete diagram"
                  onClick={(e) => {
                    e.stopPropagation();
                    const r = e.currentTarget.getBoundingClientRect();
                    setConfirm({ id: d.id, left: r.left, top: r.bottom + 6 });
                  }}
                  onDoubleClick={(e) => e.stopPropagation()}
                >
                  <CloseIcon size={12} />
                </button>
              )}
              {confirm?.id === d.id && (
                <ConfirmDelete
                  at={confirm}
                  name={d.name}
                  diagramId={d.id}
                  onCancel={() => setConfirm(null)}
                  onConfirm={() => {
                    setConfirm(null);
                    void deleteDiagram(d.id);
                  }}
                />
              )}
            </div>
          );
        })}
      </div>
      <button
        type="button"
        className="tl-tab-add"
        data-testid="add-diagram"
        title="Add a diagram"
        aria-label="Add a diagram"
        onClick={() => void addDiagram()}
      >
        <PlusIcon size={14} />
      </button>
    </nav>
  );
}

function ConfirmDelete(props: {
  at: { left: number; top: number };
  name: string; diagramId: string; onCancel: () => void; onConfirm: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const count = useApp((s) => {
    let n = 0;
    if (s.model) for (const e of s.model.elements.values()) if (e.diagram_id === props.diagramId) n++;
    return n;
  });
  const { onCancel } = props;
  useEffect(() => {
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onCancel();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCancel();
      }
    };
    document.addEventListener('mousedown', onDown, true);
    window.addEventListener('keydown', onKey, true);
    ref.current?.querySelector<HTMLButtonElement>('.tl-button.is-danger')?.focus();
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [onCancel]);
  return createPortal(
    <div
      style={{ left: Math.max(8, props.at.left - 12), top: props.at.top }}
      className="tl-popover tl-confirm"
      ref={ref}
      role="alertdialog"
      data-keys="panel"
      aria-label="Delete diagram"
      onClick={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    >
      <div className="tl-popover-title">Delete “{props.name}”?</div>
      <div className="tl-popover-text">
        {count === 0 ? 'The diagram is empty.' : `Its ${count} element${count === 1 ? '' : 's'} go with it.`} You can undo this.
      </div>
      <div className="tl-popover-actions">
        <button type="button" className="tl-button" data-testid="delete-diagram-cancel" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="tl-button is-danger" data-testid="delete-diagram-confirm" onClick={props.onConfirm}>
          Delete
        </button>
      </div>
    </div>,
    document.body,
  );
}
