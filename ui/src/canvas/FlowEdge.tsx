import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type EdgeProps, type InternalNode } from '@xyflow/react';
import { finishEditing, startEditing } from '../state/actions';
import { setSelection, toggleSelected } from '../state/store';
import type { TLEdge } from './derive';
import { flowPath, type Box } from './geometry';
import { NameEditor } from './NameEditor';

function box(n: InternalNode): Box {
  return {
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    width: n.measured?.width ?? n.width ?? 0,
    height: n.measured?.height ?? n.height ?? 0,
    round: n.className?.includes('tl-node-process') ?? false,
  };
}

/** A data flow: an arrow between the two elements' outlines, with its name on it. */
export const FlowEdge = memo(function FlowEdge({ id, source, target, data, selected }: EdgeProps<TLEdge>) {
  const s = useInternalNode(source);
  const t = useInternalNode(target);
  if (!s || !t || !data) return null;
  const { path, arrow, labelX, labelY } = flowPath(box(s), box(t), data.bend);
  const { element, editing, warned } = data;
  const named = element.name.trim() !== '';
  return (
    <>
      <BaseEdge id={id} path={path} interactionWidth={18} className={selected ? 'tl-flow is-selected' : 'tl-flow'} />
      {/* Drawn, not an SVG marker: WebKitGTK resolves React Flow's marker ids unreliably. */}
      <path d={arrow} className="tl-flow-arrow" />
      <EdgeLabelRenderer>
        <div
          className={`tl-edge-label nodrag nopan${selected ? ' is-selected' : ''}${editing ? ' is-editing' : ''}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          onClick={(e) => {
            e.stopPropagation();
            if (e.shiftKey || e.ctrlKey || e.metaKey) toggleSelected(id);
            else setSelection([id]);
          }}
          onDoubleClick={(e) => {
            e.stopPropagation();
            setSelection([id]);
            startEditing(id);
          }}
        >
          {editing ? (
            <NameEditor
              initial={element.name}
              ariaLabel="Data flow name"
              className="is-flow"
              onDone={(name) => finishEditing(id, name)}
            />
          ) : (
            <span data-testid="edge-label" data-id={id} className={named ? undefined : 'is-empty'}>
              {named ? element.name : 'unnamed flow'}
            </span>
          )}
          {warned && !editing && <span className="tl-warn-dot is-inline" title="This flow has DFD warnings" />}
        </div>
      </EdgeLabelRenderer>
    </>
  );
});
