// How menus, shortcuts and actions reach the mounted canvas (fit, zoom, where to
// put a new element) without threading React Flow's instance through props.
export interface CanvasApi {
  /** Fits the diagram in view; `opening` (a diagram just shown) may keep a big
   *  diagram at a readable zoom instead. */
  fit(opening?: boolean): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  /** Where the view is (pan in screen px, zoom), to be put back exactly later. */
  viewport(): Viewport;
  setViewport(vp: Viewport): void;
  /** Canvas point under the mouse if it is over the canvas, else the view's centre. */
  pointerOrCentre(): { x: number; y: number };
  viewCentre(): { x: number; y: number };
  /** Brings an element into view (used by the warnings list). */
  reveal(id: string): void;
  /** The element (node or flow) drawn at a point of the window, with its box on
   *  screen: where a threat dragged from the list would land. */
  elementAt(clientX: number, clientY: number): { id: string; box: ScreenBox } | null;
}

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface ScreenBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

let api: CanvasApi | null = null;
let fitPending = false;

export function registerCanvas(a: CanvasApi | null): void {
  api = a;
  if (a && fitPending) {
    fitPending = false;
    a.fit(true);
  }
}

export function canvasApi(): CanvasApi | null {
  return api;
}

/** Shows a diagram that was just opened: fits it now, or once a canvas is mounted. */
export function requestFit(): void {
  if (api) api.fit(true);
  else fitPending = true;
}
