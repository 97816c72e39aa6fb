import { describe, expect, it } from 'vitest';
import type { Change_Serialize, Element_Serialize, Snapshot_Serialize } from '../bindings';
import { emptyHistory, testChange, testSnapshot, testThreat } from '../shared/testData';
import { applyChange, countKinds, elementsOf, fromSnapshot, normalizeElement, pickDiagram, stepChange, stepEvent } from './model';

const el = (id: string, over: Partial<Element_Serialize> = {}): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind: 'process',
  name: id,
  description: '',
  rect: { x: 0, y: 0, width: 100, height: 100 },
  source: null,
  target: null,
  props: {},
  ...over,
});

const snap = (over: Partial<Snapshot_Serialize> = {}): Snapshot_Serialize =>
  testSnapshot({
    path: '/tmp/a.threatmodel',
    version: 5,
    diagrams: [
      { id: 'd2', name: 'Second', position: 1 },
      { id: 'd1', name: 'First', position: 0 },
    ],
    elements: [el('a'), el('b', { kind: 'data_store' }), el('f', { kind: 'data_flow', source: 'a', target: 'b' })],
    history: { ...emptyHistory(), diagram: { undo: 'Add process', redo: null }, findings: { undo: 'Record delivery', redo: null } },
    ...over,
  });

const change = (over: Partial<Change_Serialize> = {}): Change_Serialize =>
  testChange({ version: 6, label: 'Rename', history: { ...emptyHistory(), diagram: { undo: 'Rename', redo: null } }, ...over });

describe('model', () => {
  it('builds from a snapshot with diagrams in tab order', () => {
    const m = fromSnapshot(snap());
    expect(m.version).toBe(5);
    expect(m.diagrams.map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(m.elements.size).toBe(3);
    expect(m.history.diagram).toEqual({ undo: 'Add process', redo: null });
    expect(m.history.findings).toEqual({ undo: 'Record delivery', redo: null });
    expect(m.history.notes).toEqual({ undo: null, redo: null });
  });

  it('applies the next change and keeps unchanged elements identical', () => {
    const m = fromSnapshot(snap());
    const a = m.elements.get('a');
    const step = stepChange(m, change({ elements_put: [el('b', { kind: 'data_store', name: 'Orders' })] }));
    expect(step.kind).toBe('apply');
    if (step.kind !== 'apply') return;
    expect(step.model.version).toBe(6);
    expect(step.model.elements.get('b')?.name).toBe('Orders');
    expect(step.model.elements.get('a')).toBe(a);
    expect(step.model.lastLabel).toBe('Rename');
    // the old model is not touched
    expect(m.elements.get('b')?.name).toBe('b');
  });

  it('skips a change it already has (result and event both arrive)', () => {
    const m = fromSnapshot(snap());
    expect(stepChange(m, change({ version: 5 })).kind).toBe('skip');
    expect(stepChange(m, change({ version: 3 })).kind).toBe('skip');
  });

  it('asks for a reload on a gap', () => {
    const m = fromSnapshot(snap());
    expect(stepChange(m, change({ version: 8 })).kind).toBe('reload');
  });

  it('reloads when another engagement was opened or nothing is loaded', () => {
    const m = fromSnapshot(snap());
    expect(stepEvent(m, { version: 1, change: null }).kind).toBe('reload');
    expect(stepEvent(null, { version: 6, change: change() }).kind).toBe('reload');
    expect(stepEvent(m, { version: 6, change: change() }).kind).toBe('apply');
  });

  it('removes elements and diagrams, adds diagrams in position order', () => {
    const m = applyChange(
      fromSnapshot(snap()),
      change({
        elements_removed: ['a', 'f'],
        diagrams_removed: ['d2'],
        diagrams_put: [{ id: 'd0', name: 'Zero', position: 0 }, { id: 'd1', name: 'First', position: 1 }],
        info: { name: 'Renamed', customer: 'C', application: '', kind: 'single_feature', description: '', audience: '', data_handled: '', adversaries: '', risk_matrix: { cells: [] } },
      }),
    );
    expect([...m.elements.keys()]).toEqual(['b']);
    expect(m.diagrams.map((d) => d.id)).toEqual(['d0', 'd1']);
    expect(m.info.name).toBe('Renamed');
  });

  it('normalizes missing or non-finite geometry instead of crashing', () => {
    const e = normalizeElement({ ...el('x'), rect: { x: null, y: 3, width: null, height: -5 }, source: undefined } as never);
    expect(e.rect).toEqual({ x: 0, y: 3, width: 1, height: 1 });
    expect(e.source).toBeNull();
  });

  it('lists and counts the elements of one diagram', () => {
    const m = fromSnapshot(snap({ elements: [el('a'), el('z', { diagram_id: 'd2' }), el('t', { kind: 'trust_boundary' })] }));
    const list = elementsOf(m.elements, 'd1');
    expect(list.map((e) => e.id).sort()).toEqual(['a', 't']);
    expect(countKinds(list)).toEqual({ externalEntities: 0, processes: 1, dataStores: 0, flows: 0, boundaries: 1 });
  });

  it('keeps threats, not-applicable marks and dismissals in step with changes', () => {
    // A threat as the core sends it: every field (the core's `Threat_Serialize`);
    // the core fills defaults in on the way back, so the window keeps it as sent.
    const t = testThreat('t1', ['f'], { title: 'Readable on the wire' });
    const m = fromSnapshot(snap({ threats: [t] }));
    expect(m.threats.get('t1')).toEqual(t);
    const step = stepChange(
      m,
      change({
        not_applicable_put: [{ id: 'f:D', element_id: 'f', category: 'D', reason: 'CDN' }],
        dismissals_put: [{ id: 'r@f', reason: 'CDN' }],
      }),
    );
    if (step.kind !== 'apply') throw new Error('expected apply');
    expect(step.model.threats).toBe(m.threats); // untouched maps keep their identity
    expect(step.model.notApplicable.get('f:D')?.reason).toBe('CDN');
    expect(step.model.dismissals.has('r@f')).toBe(true);
    const removed = applyChange(step.model, change({ version: 7, threats_removed: ['t1'], not_applicable_removed: ['f:D'] }));
    expect(removed.threats.size).toBe(0);
    expect(removed.notApplicable.size).toBe(0);
    expect(removed.dismissals.size).toBe(1);
  });

  it('keeps the current diagram if it exists, else the first', () => {
    const m = fromSnapshot(snap());
    expect(pickDiagram(m, 'd2')).toBe('d2');
    expect(pickDiagram(m, 'gone')).toBe('d1');
    expect(pickDiagram(m, null)).toBe('d1');
  });
});
