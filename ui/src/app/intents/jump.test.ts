import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../bindings', () => ({ commands: {}, events: {} }));

import { jumpTo } from './jump';
import { openPalette } from './view';
import { registerCanvas, type CanvasApi } from '../canvasApi';
import { fromSnapshot } from '../model';
import { EMPTY_SELECTION, getApp, setApp } from '../store';
import { paletteSnapshot } from '../../shared/paletteFixture';

const revealed: string[] = [];
const canvas: CanvasApi = {
  fit: () => {},
  zoomIn: () => {},
  zoomOut: () => {},
  zoomReset: () => {},
  pointerOrCentre: () => ({ x: 0, y: 0 }),
  viewCentre: () => ({ x: 0, y: 0 }),
  reveal: (id) => void revealed.push(id),
  elementAt: () => null,
  viewport: () => ({ x: 0, y: 0, zoom: 1 }),
  setViewport: () => {},
};

beforeEach(() => {
  vi.useFakeTimers();
  revealed.length = 0;
  registerCanvas(canvas);
  setApp({
    model: fromSnapshot(paletteSnapshot()),
    diagramId: 'd1',
    selection: EMPTY_SELECTION,
    view: 'diagram',
    section: 'overview',
    presenting: false,
    panel: null,
    openThreat: null,
    finding: null,
    spotlight: null,
  });
});

const selected = () => [...getApp().selection];

describe('jumping from the palette', () => {
  it('an element: selected on its diagram (the tab switched) and centred', () => {
    expect(jumpTo('element', 'db')).toBe(true);
    expect(getApp().diagramId).toBe('d2');
    expect(selected()).toEqual(['db']);
    expect(revealed).toEqual(['db']);
  });

  it('a diagram: its tab shown, from the Engagement view too', () => {
    setApp({ view: 'engagement' });
    expect(jumpTo('diagram', 'd2')).toBe(true);
    expect(getApp()).toMatchObject({ view: 'diagram', diagramId: 'd2' });
  });

  it('an element from the Engagement view: back to the diagram first', () => {
    setApp({ view: 'engagement' });
    jumpTo('element', 'api');
    vi.runAllTimers();
    expect(getApp().view).toBe('diagram');
    expect(selected()).toEqual(['api']);
  });

  it('a threat: its element selected and the threat open in the inspector', () => {
    setApp({ inspectorOpen: false });
    expect(jumpTo('threat', 't1')).toBe(true);
    expect(selected()).toEqual(['api']);
    expect(getApp().openThreat?.id).toBe('t1');
    // The editor shows for exactly this selection.
    expect(getApp().openThreat?.selection).toBe(getApp().selection);
    expect(getApp().inspectorOpen).toBe(true);
  });

  it('a finding: Findings with it chosen; Shift+Enter: on the diagram instead (and a threat the other way)', () => {
    jumpTo('finding', 't2');
    expect(getApp()).toMatchObject({ view: 'engagement', section: 'findings', finding: 't2' });
    jumpTo('finding', 't2', true);
    vi.runAllTimers();
    expect(getApp().view).toBe('diagram');
    expect(getApp().openThreat?.id).toBe('t2');
    expect(selected()).toEqual(['db']);
    jumpTo('threat', 't1', true);
    expect(getApp()).toMatchObject({ view: 'engagement', section: 'findings', finding: 't1' });
  });

  it('a note or a session: Sessions, the record spotlit for a moment; a person: the overview', () => {
    jumpTo('note', 'n1');
    expect(getApp()).toMatchObject({ view: 'engagement', section: 'sessions' });
    expect(getApp().spotlight?.id).toBe('n1');
    jumpTo('session', 's1');
    expect(getApp().spotlight?.id).toBe('s1');
    jumpTo('person', 'p2');
    expect(getApp()).toMatchObject({ section: 'overview', spotlight: { id: 'p2' } });
    vi.advanceTimersByTime(3000);
    expect(getApp().spotlight).toBeNull();
  });

  it('a record deleted meanwhile: nowhere', () => {
    expect(jumpTo('element', 'gone')).toBe(false);
    expect(jumpTo('threat', 'gone')).toBe(false);
    expect(getApp().view).toBe('diagram');
    expect(selected()).toEqual([]);
  });

  it('while presenting: the canvas only, no panel, no other view', () => {
    setApp({ presenting: true });
    openPalette();
    expect(getApp().panel).toBeNull();
    jumpTo('threat', 't1');
    expect(selected()).toEqual(['api']);
    expect(getApp().openThreat).toBeNull();
    expect(jumpTo('person', 'p1')).toBe(false);
    expect(getApp().view).toBe('diagram');
  });

  it('Ctrl+K opens the palette over the canvas, not over another panel', () => {
    openPalette();
    expect(getApp().panel).toBe('palette');
    setApp({ panel: 'export' });
    openPalette();
    expect(getApp().panel).toBe('export');
  });
});
