import { KIND_KEY, KIND_LABEL, NODE_KINDS } from '../shared/kinds';

/** Shown on an empty diagram: how to start drawing, without a dialog. */
export function EmptyHint() {
  return (
    <div className="tl-empty-hint" aria-hidden="true">
      <div className="tl-empty-title">This diagram is empty</div>
      <div className="tl-empty-keys">
        {NODE_KINDS.map((k) => (
          <span key={k}>
            <kbd>{KIND_KEY[k]}</kbd> {KIND_LABEL[k]}
          </span>
        ))}
        <span>
          <kbd>Shift+B</kbd> Line boundary
        </span>
      </div>
      <div className="tl-empty-sub">Press a key with the mouse over the canvas, or use the palette above. Draw a data flow by dragging from an element's edge dot to another element; a line boundary by Shift+B, then a drag across the flows it cuts.</div>
    </div>
  );
}
