// Handles are declared on each node up front (not measured from the DOM), so
// flows draw on the first frame and a 1,000-node diagram is stable at once.
import { Position, type NodeHandle } from '@xyflow/react';

export const HANDLE_SIZE = 10;

export const SIDE_HANDLES: { id: string; position: Position }[] = [
  { id: 'top', position: Position.Top },
  { id: 'right', position: Position.Right },
  { id: 'bottom', position: Position.Bottom },
  { id: 'left', position: Position.Left },
];

/** The target handle that covers the whole node: dropping a flow on the body connects. */
export const BODY_HANDLE_ID = 'body';

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
  out.push({ id: BODY_HANDLE_ID, type: 'target', position: Position.Top, x: 0, y: 0, width, height });
  return out;
}
