// A small engagement for the palette's unit tests: two diagrams, a flow, a
// draft threat and a reported one, a session with notes, two people.
import type { Element_Serialize, Note_Serialize, Session_Serialize, Snapshot_Serialize, Threat_Serialize } from '../bindings';
import { testSnapshot, testThreat } from './testData';

export function element(id: string, name: string, over: Partial<Element_Serialize> = {}): Element_Serialize {
  return { id, diagram_id: 'd1', kind: 'process', name, description: '', rect: { x: 0, y: 0, width: 100, height: 60 }, source: null, target: null, props: {}, ...over };
}

export function threat(id: string, title: string, elementIds: string[], over: Partial<Threat_Serialize> = {}): Threat_Serialize {
  return testThreat(id, elementIds, { title, ...over });
}

export function session(id: string, title: string): Session_Serialize {
  return { id, kind: 'scoping', title, date: '2026-11-20', planned_minutes: 90, online: false, attendees: [], recording: '', started_at_ms: null, ended_at_ms: null };
}

export function note(id: string, text: string, over: Partial<Note_Serialize> = {}): Note_Serialize {
  return { id, session_id: 's1', text, author_id: null, kind: 'observation', offset_ms: null, element_ids: [], answers: null, processing: { state: 'unprocessed' }, created_at_ms: 0, ...over };
}

export function paletteSnapshot(over: Partial<Snapshot_Serialize> = {}): Snapshot_Serialize {
  return testSnapshot({
    diagrams: [
      { id: 'd1', name: 'Level 0', position: 0 },
      { id: 'd2', name: 'Payments', position: 1 },
    ],
    elements: [
      element('api', 'Payslip API'),
      element('web', 'Payslip web app', { kind: 'external_entity' }),
      element('db', 'Payroll DB', { diagram_id: 'd2', kind: 'data_store' }),
      element('f1', 'Payslip records', { kind: 'data_flow', source: 'api', target: 'web' }),
    ],
    threats: [
      threat('t1', 'Payslip downloads are not logged', ['api']),
      threat('t2', "Any employee can download another employee's payslip", ['db'], { category: 'E', lifecycle: 'reported' }),
    ],
    sessions: [session('s1', 'Kick-off with the payroll team')],
    notes: [note('n1', 'Who rotates the DB credentials?\nAsked twice', { kind: 'question' })],
    people: [
      { id: 'p1', name: 'Maya Öztürk', side: 'team', role: 'Security consultant' },
      { id: 'p2', name: 'Sam Lee', side: 'customer', role: 'Tech lead' },
    ],
    ...over,
  });
}
