import { describe, expect, it } from 'vitest';
import type { Element } from '../app/model';
import { groupByTopic, valueText } from './Checklist';
import { initials } from './Overview';
import { defaultAttendees } from './Sessions';
import { planAdoption, selectionKey } from '../app/sync';

const el = (id: string, diagram_id: string): Element => ({
  id,
  diagram_id,
  kind: 'process',
  name: id,
  description: '',
  rect: { x: 0, y: 0, width: 10, height: 10 },
  source: null,
  target: null,
  props: {},
});

describe('shared selection', () => {
  const elements = new Map([
    ['a', el('a', 'd1')],
    ['b', el('b', 'd1')],
    ['c', el('c', 'd2')],
  ]);

  it('selects what exists, on the diagram of the first element', () => {
    expect(planAdoption(elements, 'd1', { diagram_id: 'd2', element_ids: ['c', 'a'] })).toEqual({ diagramId: 'd2', ids: ['c'] });
    expect(planAdoption(elements, 'd1', { element_ids: ['gone', 'b', 'a'] })).toEqual({ diagramId: 'd1', ids: ['b', 'a'] });
  });

  it('clears on an empty selection, ignores one of unknown elements', () => {
    expect(planAdoption(elements, 'd2', { diagram_id: 'd1', element_ids: [] })).toEqual({ diagramId: 'd2', ids: [] });
    expect(planAdoption(elements, 'd1', { element_ids: ['x'] })).toBeNull();
  });

  it('compares selections whatever their order', () => {
    expect(selectionKey('d1', ['b', 'a'])).toBe(selectionKey('d1', new Set(['a', 'b'])));
    expect(selectionKey('d1', ['a'])).not.toBe(selectionKey('d2', ['a']));
  });
});

describe('engagement views', () => {
  it('group checklist questions by topic, in the order of the bank', () => {
    const q = (id: string, topic: string) => ({ question: { id, topic } });
    expect(groupByTopic([q('1', 'Auth'), q('2', 'Crypto'), q('3', 'Auth')]).map((g) => [g.topic, g.entries.map((e) => e.question.id)])).toEqual([
      ['Auth', ['1', '3']],
      ['Crypto', ['2']],
    ]);
  });

  it('write property values and initials as people read them', () => {
    expect(valueText(true)).toBe('yes');
    expect(valueText(false)).toBe('no');
    expect(valueText('incremental integer')).toBe('incremental integer');
    expect(initials('Ana Maria Ribeiro')).toBe('AR');
    expect(initials('tom')).toBe('T');
    expect(initials('  ')).toBe('?');
  });

  it('plan everyone by default: the first of the team drives, the second takes notes', () => {
    expect([...defaultAttendees(['t1', 't2', 't3'], ['c1'])]).toEqual([
      ['t1', 'driver'],
      ['t2', 'note_taker'],
      ['t3', 'participant'],
      ['c1', 'participant'],
    ]);
  });
});

describe('the engagement view gives way to the diagram', () => {
  it('when the threat list or a threat form is asked for', async () => {
    const { getApp, setApp } = await import('../app/store');
    const { startDiagramIntents } = await import('../shell/viewKeys');
    const stop = startDiagramIntents();
    setApp({ view: 'engagement' });
    setApp({ selection: new Set(['x']) });
    expect(getApp().view).toBe('engagement');
    setApp({ bottomOpen: true });
    expect(getApp().view).toBe('diagram');
    setApp({ view: 'engagement' });
    setApp({ quickThreat: { elementIds: ['x'], category: null, seq: 1 } });
    expect(getApp().view).toBe('diagram');
    stop();
  });
});
