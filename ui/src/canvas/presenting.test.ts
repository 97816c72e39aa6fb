import { describe, expect, it } from 'vitest';
import { getViewportForBounds } from '@xyflow/react';
import { PRESENT_MIN_ZOOM, presentingView } from './presenting';

describe("presenter mode's fit", () => {
  it('keeps a readable zoom and puts the drawing’s centre in the middle of a 1280×720 share', () => {
    // The demo's size: fitted whole, it would be shrunk to about half size.
    const drawing = { x: 100, y: 50, width: 2200, height: 1100 };
    const fitted = getViewportForBounds(drawing, 1280, 660, 0.05, 1.2, 0.05);
    expect(fitted.zoom).toBeLessThan(0.6);
    const vp = presentingView(drawing, 1280, 660);
    expect(vp.zoom).toBe(PRESENT_MIN_ZOOM);
    // 13.5 px flow labels stay at 10.8 px or more on screen.
    expect(13.5 * vp.zoom).toBeGreaterThanOrEqual(10.8);
    const centre = { x: (drawing.x + drawing.width / 2) * vp.zoom + vp.x, y: (drawing.y + drawing.height / 2) * vp.zoom + vp.y };
    expect(centre).toEqual({ x: 640, y: 330 });
  });
});
