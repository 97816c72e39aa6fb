import { describe, expect, it } from 'vitest';
import { bounds, hitsLine, insertPoint, isDrag, labelAt, linePath, nearestSegment, removePoint, shifted, withPoint } from './lines';

const L = [
  { x: 0, y: 0 },
  { x: 100, y: 0 },
  { x: 100, y: 300 },
];

describe('line boundaries', () => {
  it('draws a polyline through the points', () => {
    expect(linePath(L)).toBe('M0,0 L100,0 L100,300');
    expect(linePath([{ x: 0.04, y: 1.26 }, { x: 3, y: 4 }])).toBe('M0,1.3 L3,4');
  });

  it('puts the label on the middle of the longest segment', () => {
    expect(labelAt(L)).toEqual({ x: 100, y: 150 });
    expect(labelAt([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toEqual({ x: 5, y: 0 });
  });

  it('hits only near the stroke, not the whole bounding box', () => {
    expect(hitsLine(L, { x: 50, y: 4 }, 6)).toBe(true);
    expect(hitsLine(L, { x: 104, y: 200 }, 6)).toBe(true);
    // Inside the bounding box, far from the stroke: a node there must get the click.
    expect(hitsLine(L, { x: 40, y: 200 }, 6)).toBe(false);
    expect(hitsLine([], { x: 0, y: 0 }, 6)).toBe(false);
  });

  it('finds the nearest segment and inserts a point where a double-click projects', () => {
    expect(nearestSegment(L, { x: 90, y: 250 })?.index).toBe(1);
    expect(insertPoint(L, { x: 30, y: 7 })).toEqual([{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 300 }]);
    expect(insertPoint(L, { x: 96, y: 120 })).toEqual([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 120 }, { x: 100, y: 300 }]);
  });

  it('removes a point but keeps two', () => {
    expect(removePoint(L, 1)).toEqual([{ x: 0, y: 0 }, { x: 100, y: 300 }]);
    expect(removePoint(removePoint(L, 1), 0)).toHaveLength(2);
  });

  it('moves the line or one point, and bounds it as the core does', () => {
    expect(shifted(L, 5, -5)[2]).toEqual({ x: 105, y: 295 });
    expect(withPoint(L, 0, { x: -10, y: 40 })[0]).toEqual({ x: -10, y: 40 });
    expect(bounds(L)).toEqual({ x: 0, y: 0, width: 100, height: 300 });
    expect(bounds([{ x: 5, y: 5 }, { x: 5, y: 9 }])).toEqual({ x: 5, y: 5, width: 1, height: 4 });
  });

  it('tells a drag from a click', () => {
    expect(isDrag({ x: 0, y: 0 }, { x: 3, y: 3 })).toBe(false);
    expect(isDrag({ x: 0, y: 0 }, { x: 30, y: 0 })).toBe(true);
  });
});
