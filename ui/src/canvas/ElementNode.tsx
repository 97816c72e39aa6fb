import { memo, useContext } from 'react';
import { Handle, NodeResizer, type NodeProps } from '@xyflow/react';
import { ANCHOR_HANDLE_ID, BODY_HANDLE_ID, SIDE_HANDLES, StaticHandle } from './handles';
import { CanvasContext } from './context';
import type { ElementNodeType } from './derive';
import { NameEditor } from './NameEditor';
import { ThreatBadge } from './ThreatBadge';
import { KIND_LABEL } from '../shared/kinds';
import { finishEditing } from '../app/intents/diagram';

const MIN: Record<string, { w: number; h: number }> = {
  external_entity: { w: 80, h: 40 },
  process: { w: 64, h: 64 },
  data_store: { w: 80, h: 36 },
};

/** External entity (rectangle), process (circle) or data store (two parallel lines). */
export const ElementNode = memo(function ElementNode({ id, data, selected }: NodeProps<ElementNodeType>) {
  const { element, editing, warned, hovered, badge } = data;
  const { resizeEnd } = useContext(CanvasContext);
  const outOfScope = element.props.out_of_scope === true;
  const min = MIN[element.kind] ?? { w: 40, h: 30 };
  const cls = [
    'tl-shape',
    `tl-shape-${element.kind}`,
    selected ? 'is-selected' : '',
    outOfScope ? 'is-out-of-scope' : '',
    badge ? 'has-badge' : '',
  ].join(' ');
  return (
    <>
      <StaticHandle nodeId={id} type="target" handleId={BODY_HANDLE_ID} className="tl-body-target connectable connectableend" />
      <div className={cls}>
        {editing ? (
          <NameEditor
            initial={element.name}
            ariaLabel={`${KIND_LABEL[element.kind]} name`}
            onDone={(name) => finishEditing(id, name)}
          />
        ) : (
          <span
            className={element.name.trim() ? 'tl-node-label' : 'tl-node-label is-empty'}
            data-testid="node-label"
          >
            {element.name.trim() ? element.name : `Unnamed ${KIND_LABEL[element.kind].toLowerCase()}`}
          </span>
        )}
        {outOfScope && <span className="tl-tag">out of scope</span>}
        {warned && <span className="tl-warn-dot" title="This element has DFD warnings (see the status bar)" />}
        {badge && <ThreatBadge elementId={id} badge={badge} />}
      </div>
      {/* Above the shape (so its corner handles can be grabbed), below the flow handles. */}
      <NodeResizer
        isVisible={selected && !editing}
        minWidth={min.w}
        minHeight={min.h}
        handleClassName="tl-resize-handle"
        lineClassName="tl-resize-line"
        onResizeEnd={(_, p) => resizeEnd(id, { x: p.x, y: p.y, width: p.width, height: p.height })}
      />
      {/* The dots a flow is drawn from exist only where they can be used (under the
          mouse, or on the selection): a thousand nodes then carry a thousand fewer
          handle components each. */}
      {/* Always present, never interactive: React Flow measures handles from the DOM
          and draws a flow only from a node that has a source handle. */}
      <StaticHandle nodeId={id} type="source" handleId={ANCHOR_HANDLE_ID} className="tl-anchor-handle" />
      {(hovered || selected) &&
        SIDE_HANDLES.map((h) => <Handle key={h.id} type="source" id={h.id} position={h.position} className="tl-handle" />)}
    </>
  );
});
