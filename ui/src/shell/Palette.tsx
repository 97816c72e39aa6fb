import { canvasApi } from '../app/canvasApi';
import { KIND_KEY, KIND_LABEL, NODE_KINDS } from '../shared/kinds';
import { useApp } from '../app/store';
import { FitIcon, FlowIcon, KindIcon, LineBoundaryIcon, ZoomInIcon, ZoomOutIcon } from '../shared/ui/icons';
import { addBoundary, addElement, startLineBoundary } from '../app/intents/diagram';

const SHORT: Record<(typeof NODE_KINDS)[number], string> = {
  external_entity: 'Entity',
  process: 'Process',
  data_store: 'Store',
  trust_boundary: 'Boundary',
};

/** The floating palette over the canvas: one click adds at the centre of the view. */
export function Palette() {
  const hasModel = useApp((s) => s.model !== null);
  return (
    <div className="tl-palette" role="toolbar" aria-label="Add to the diagram">
      {NODE_KINDS.map((kind) => (
        <button
          key={kind}
          type="button"
          className={`tl-tool tl-tool-${kind}`}
          data-testid={`tool-${kind}`}
          disabled={!hasModel}
          title={
            kind === 'trust_boundary'
              ? `Add a trust boundary, or wrap the selected elements in one (${KIND_KEY[kind]})`
              : `Add ${KIND_LABEL[kind].toLowerCase()} (${KIND_KEY[kind]})`
          }
          onClick={() => {
            const at = canvasApi()?.viewCentre();
            if (at) void (kind === 'trust_boundary' ? addBoundary(at) : addElement(kind, at));
          }}
        >
          <KindIcon kind={kind} size={17} />
          <span>{SHORT[kind]}</span>
          <kbd>{KIND_KEY[kind]}</kbd>
        </button>
      ))}
      <button
        type="button"
        className="tl-tool tl-tool-line_boundary"
        data-testid="tool-line_boundary"
        disabled={!hasModel}
        title="Draw a line boundary across flows (Shift+B, then drag)"
        onClick={startLineBoundary}
      >
        <LineBoundaryIcon size={17} />
        <span>Line</span>
        <kbd>⇧B</kbd>
      </button>
      <div className="tl-palette-sep" />
      <div className="tl-palette-hint" title="Drag from the dot on an element's edge and drop on another element">
        <FlowIcon size={17} />
        <span>Flow: drag from an element's dot</span>
      </div>
    </div>
  );
}

/** Zoom controls in the canvas corner. */
export function ZoomControls() {
  const zoom = useApp((s) => s.zoom);
  return (
    <div className="tl-zoom" role="toolbar" aria-label="Zoom">
      <button type="button" className="tl-icon-button" title="Zoom out (−)" aria-label="Zoom out" onClick={() => canvasApi()?.zoomOut()}>
        <ZoomOutIcon />
      </button>
      <button type="button" className="tl-zoom-value" title="Actual size (Ctrl+0)" onClick={() => canvasApi()?.zoomReset()}>
        {Math.round(zoom * 100)}%
      </button>
      <button type="button" className="tl-icon-button" title="Zoom in (+)" aria-label="Zoom in" onClick={() => canvasApi()?.zoomIn()}>
        <ZoomInIcon />
      </button>
      <button type="button" className="tl-icon-button" title="Fit to view (F)" aria-label="Fit to view" data-testid="fit-view" onClick={() => canvasApi()?.fit()}>
        <FitIcon />
      </button>
    </div>
  );
}
