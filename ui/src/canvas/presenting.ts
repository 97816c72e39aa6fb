// Presenter mode's view of the diagram: readable on a shared screen.
import type { Rect } from '../app/model';

/** The least zoom presenter mode fits at: its flow labels (13 px) stay at
 *  about 10.5 px on screen, readable on a 1280×720 share. */
export const PRESENT_MIN_ZOOM = 0.8;

/** Presenter mode's fit when the whole drawing would be too small to read:
 *  `PRESENT_MIN_ZOOM`, with the drawing's centre in the middle of the view. */
export function presentingView(b: Rect, width: number, height: number): { x: number; y: number; zoom: number } {
  const zoom = PRESENT_MIN_ZOOM;
  return { x: width / 2 - (b.x + b.width / 2) * zoom, y: height / 2 - (b.y + b.height / 2) * zoom, zoom };
}
