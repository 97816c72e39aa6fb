// How menus, shortcuts and actions reach the mounted canvas (fit, zoom, where to
// put a new element) without threading React Flow's instance through props.
export interface CanvasApi {
  fit(): void;
  zoomIn(): void;
  zoomOut(): void;
  zoomReset(): void;
  /** Canvas point under the mouse if it is over the canvas, else the view's centre. */
  pointerOrCentre(): { x: number; y: number };
  viewCentre(): { x: number; y: number };
  /** Brings an element into view (used by the warnings list). */
  reveal(id: string): void;
}

let api: CanvasApi | null = null;
let fitPending = false;

export function registerCanvas(a: CanvasApi | null): void {
  api = a;
  if (a && fitPending) {
    fitPending = false;
    a.fit();
  }
}

export function canvasApi(): CanvasApi | null {
  return api;
}

/** Fits the view now, or as soon as a canvas is mounted and drawn. */
export function requestFit(): void {
  if (api) api.fit();
  else fitPending = true;
}
