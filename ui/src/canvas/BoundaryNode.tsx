import { memo, useContext } from 'react';
import { NodeResizer, ViewportPortal, type NodeProps } from '@xyflow/react';
import { CanvasContext } from './context';
import type { BoundaryNodeType } from './derive';
import { NameEditor } from './NameEditor';
import { finishEditing } from '../app/intents/diagram';

/** A trust boundary: a dashed box behind the elements it holds. Only its border
 *  and label take the mouse (see CSS), so clicks and drag-selection inside it
 *  reach the elements and the canvas. */
export const BoundaryNode = memo(function BoundaryNode({ id, data, selected, positionAbsoluteX, positionAbsoluteY, width, height }: NodeProps<BoundaryNodeType>) {
  const { element, editing, warned } = data;
  const { resizeEnd } = useContext(CanvasContext);
  return (
    <>
      <div className={selected ? 'tl-boundary is-selected' : 'tl-boundary'}>
        <div className="tl-boundary-hit tl-hit-top" />
        <div className="tl-boundary-hit tl-hit-right" />
        <div className="tl-boundary-hit tl-hit-bottom" />
        <div className="tl-boundary-hit tl-hit-left" />
        <div className="tl-boundary-label">
          {editing ? (
            <NameEditor
              initial={element.name}
              ariaLabel="Trust boundary name"
              onDone={(name) => finishEditing(id, name)}
            />
          ) : (
            <span data-testid="node-label" className={element.name.trim() ? undefined : 'is-empty'}>
              {element.name.trim() ? element.name : 'Unnamed trust boundary'}
            </span>
          )}
          {warned && <span className="tl-warn-dot is-inline" title="This boundary has DFD warnings" />}
        </div>
      </div>
      {/* The handles, shown as soon as it is selected (a new boundary's name
          editor included), live in a layer above the flows' labels and the
          elements: a boundary is drawn behind everything, and a label lying on
          its corner would otherwise take the drag meant for the handle. The
          resizer works from the node's id, not from where it is mounted. */}
      {selected && (
        <ViewportPortal>
          <div
            className="tl-boundary-handles"
            data-testid="boundary-handles"
            data-id={id}
            style={{ transform: `translate(${positionAbsoluteX}px, ${positionAbsoluteY}px)`, width, height }}
          >
            <NodeResizer
              nodeId={id}
              minWidth={80}
              minHeight={60}
              handleClassName="tl-resize-handle"
              lineClassName="tl-resize-line"
              onResizeEnd={(_, p) => resizeEnd(id, { x: p.x, y: p.y, width: p.width, height: p.height })}
            />
          </div>
        </ViewportPortal>
      )}
    </>
  );
});
