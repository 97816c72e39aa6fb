import { createContext } from 'react';
import type { Rect } from '../app/model';

/** What node components ask of the canvas that holds them. */
export interface CanvasCallbacks {
  /** A NodeResizer gesture ended: commit the new rectangle. */
  resizeEnd(id: string, rect: Rect): void;
}

export const CanvasContext = createContext<CanvasCallbacks>({ resizeEnd: () => {} });
