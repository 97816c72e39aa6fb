// Handles are declared on each node up front (not measured from the DOM), so
// flows draw on the first frame and a 1,000-node diagram is stable at once.
import { Position, type NodeHandle } from '@xyflow/react';

/** The canvas's React Flow id (its `id` prop): part of every handle's data-id. */
export const FLOW_ID = 'tl-canvas';

export const HANDLE_SIZE = 10;

export const SIDE_HANDLES: { id: string; position: Position }[] = [
  { id: 'top', position: Position.Top },
  { id: 'right', position: Position.Right },
  { id: 'bottom', position: Position.Bottom },
  { id: 'left', position: Position.Left },
];

/** The target handle that covers the whole node: dropping a flow on the body connects. */
export const BODY_HANDLE_ID = 'body';

/** An invisible source handle every node keeps (flows are drawn from it when the
 *  side dots are not mounted; their geometry is our own anyway). */
export const ANCHOR_HANDLE_ID = 'anchor';

export function nodeHandles(width: number, height: number): NodeHandle[] {
  const h = HANDLE_SIZE;
  const at: Record<string, { x: number; y: number }> = {
    top: { x: width / 2 - h / 2, y: -h / 2 },
    right: { x: width - h / 2, y: height / 2 - h / 2 },
    bottom: { x: width / 2 - h / 2, y: height - h / 2 },
    left: { x: -h / 2, y: height / 2 - h / 2 },
  };
  const out: NodeHandle[] = SIDE_HANDLES.map((s) => ({
    id: s.id,
    type: 'source',
    position: s.position,
    x: at[s.id].x,
    y: at[s.id].y,
    width: h,
    height: h,
  }));
  out.push({ id: ANCHOR_HANDLE_ID, type: 'source', position: Position.Top, x: width / 2, y: height / 2, width: 1, height: 1 });
  out.push({ id: BODY_HANDLE_ID, type: 'target', position: Position.Top, x: 0, y: 0, width, height });
  return out;
}

/**
 * A handle React Flow recognises (its classes and data attributes: measured for
 * flow anchoring, found under the pointer when a flow is dropped) without the
 * Handle component, which subscribes every instance to the connection store.
 * Each node keeps two of these at all times; only the hovered or selected node
 * mounts real Handles (the dots a flow is dragged from).
 */
export function StaticHandle(props: { nodeId: string; type: 'source' | 'target'; handleId: string; className?: string }) {
  return (
    <div
      className={`react-flow__handle react-flow__handle-top ${props.type} ${props.className ?? ''}`}
      data-id={`${FLOW_ID}-${props.nodeId}-${props.handleId}-${props.type}`}
      data-handleid={props.handleId}
      data-nodeid={props.nodeId}
      data-handlepos="top"
    />
  );
}
