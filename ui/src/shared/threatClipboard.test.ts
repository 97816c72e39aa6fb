import { describe, expect, it } from 'vitest';
import type { Threat_Serialize } from '../bindings';
import { CLIP_FORMAT, clipText, MAX_CLIP_CHARS, MAX_CLIP_THREATS, namesText, parseClip, pasteSource, planPaste, threatsText } from './threatClipboard';

const threat = (over: Partial<Threat_Serialize> = {}): Threat_Serialize => ({
  id: 't7',
  element_ids: ['e1'],
  category: 'S',
  title: 'JWT signature not verified',
  scenario: 'The gateway decodes the token without its signature.',
  impact: { affected_users: 'high', reputational: null, financial: 'low', rated_overall: null, rationale: 'Every account.' },
  likelihood: { reproducibility: 'medium', exploitability: null, discoverability: null, rated_overall: null, rationale: 'Tools forge tokens.' },
  risk_override: { level: 'critical', justification: 'Payroll data' },
  recommended_actions: ['Verify the signature'],
  references: ['CWE-347'],
  origin: { type: 'library', entry_id: 'jwt-signature', version: 3 },
  source: { session_id: 's1', note_id: 'n4', offset_ms: 61_000 },
  lifecycle: 'reported',
  lifecycle_history: [{ from: 'draft', to: 'reported', by: 'Ana', at_ms: 1_700_000_000_000, comment: 'v1' }],
  comments: [{ by: 'Customer', at_ms: null, text: 'Confirmed', from_customer: true }],
  foreign: { 'threat-dragon:id': '42' },
  ...over,
});

/** Our marker around any `threats` value. */
const ours = (threats: unknown, over: object = {}) => JSON.stringify({ format: CLIP_FORMAT, version: 1, from: 'X', file: '/x', threats, ...over });

describe('threat clipboard text', () => {
  it('reads back every field of a copied threat, but its id and elements', () => {
    const t = threat();
    const clip = parseClip(clipText([t, threat({ id: 't8', category: 'T', title: 'Second' })], 'Payslip portal', '/work/a.threatmodel'));
    expect(clip).not.toBeNull();
    expect(clip!.from).toBe('Payslip portal');
    expect(clip!.file).toBe('/work/a.threatmodel');
    expect(clip!.threats).toHaveLength(2);
    const { id: _id, element_ids: _els, ...fields } = t;
    expect(clip!.threats[0]).toEqual({ ...fields, element_ids: [] });
    expect(clip!.threats[1].title).toBe('Second');
  });

  it('ignores text that is not our threats', () => {
    for (const text of [
      '',
      'JWT signature not verified',
      '   ',
      '{"format": "threatloom/threats"', // cut short
      '[{"format":"threatloom/threats"}]',
      JSON.stringify({ format: 'threatloom/threats-v2', version: 1, threats: [threat()] }),
      JSON.stringify({ format: CLIP_FORMAT, version: 2, threats: [threat()] }),
      ours([]),
      ours({ 0: threat() }),
      ours(Array.from({ length: MAX_CLIP_THREATS + 1 }, () => threat())),
    ]) {
      expect(parseClip(text), text.slice(0, 60)).toBeNull();
    }
    expect(parseClip(undefined)).toBeNull();
    expect(parseClip(42)).toBeNull();
    expect(parseClip({ format: CLIP_FORMAT })).toBeNull();
  });

  it('ignores the whole text when one field of one threat has the wrong shape', () => {
    const bad: unknown[] = [
      { ...threat(), category: 'X' },
      { ...threat(), category: 's' },
      { ...threat(), title: '' },
      { ...threat(), title: '   ' },
      { ...threat(), title: 'a'.repeat(201) },
      { ...threat(), title: 'line\nbreak' },
      { ...threat(), title: 7 },
      { ...threat(), scenario: ['not', 'text'] },
      { ...threat(), impact: { ...threat().impact, financial: 'huge' } },
      { ...threat(), likelihood: 'likely' },
      { ...threat(), risk_override: { level: 'catastrophic', justification: 'x' } },
      { ...threat(), recommended_actions: 'Verify' },
      { ...threat(), references: [1] },
      { ...threat(), origin: { type: 'eval', code: 'alert(1)' } },
      { ...threat(), origin: { type: 'library', entry_id: 'x', version: -1 } },
      { ...threat(), lifecycle: 'done' },
      { ...threat(), lifecycle_history: [{ from: 'draft', to: 'shipped', by: 'A', at_ms: null, comment: '' }] },
      { ...threat(), lifecycle_history: [{ from: 'draft', to: 'reported', by: 'A', at_ms: 'yesterday', comment: '' }] },
      { ...threat(), comments: [{ by: 'A', at_ms: null, text: 'x' }] },
      { ...threat(), foreign: { id: 42 } },
      { ...threat(), source: { note_id: 'n1' } },
      null,
      'JWT',
    ];
    for (const t of bad) expect(parseClip(ours([threat(), t])), JSON.stringify(t)?.slice(0, 80)).toBeNull();
  });

  it('drops fields a threat does not have, and never pollutes prototypes', () => {
    const text = `{"format":"${CLIP_FORMAT}","version":1,"threats":[{"category":"T","title":"Tampered","__proto__":{"polluted":true},"constructor":{"x":1},"script":"<img onerror=alert(1)>","id":"t1","element_ids":["e9"]}]}`;
    const clip = parseClip(text);
    expect(clip).not.toBeNull();
    const t = clip!.threats[0];
    expect(Object.keys(t)).not.toContain('script');
    expect(Object.keys(t)).not.toContain('constructor');
    expect(t.element_ids).toEqual([]);
    expect(t.id).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Absent fields take a blank threat's values.
    expect(t.scenario).toBe('');
    expect(t.origin).toEqual({ type: 'manual' });
    expect(t.lifecycle).toBe('draft');
    expect(t.source).toBeNull();
  });

  it('does not read a text beyond the limit', () => {
    const text = ours([threat({ scenario: 'x'.repeat(20_000) })]);
    expect(parseClip(text)).not.toBeNull();
    expect(parseClip(text + ' '.repeat(MAX_CLIP_CHARS))).toBeNull();
  });

  it('pastes the clipboard when it holds threats, the kept copy when it is empty, nothing over other text', () => {
    const text = clipText([threat()], 'A', '/a');
    expect(pasteSource(text, false)).toMatchObject({ from: 'clipboard' });
    expect(pasteSource(text, true)).toMatchObject({ from: 'clipboard' });
    expect(pasteSource('', true)).toEqual({ from: 'kept' });
    expect(pasteSource('', false)).toEqual({ from: 'none' });
    expect(pasteSource('some notes I copied', true)).toEqual({ from: 'none' });
    expect(pasteSource('{"format":"threatloom/threats","version":1,"threats":[{"title":"x"}]}', true)).toEqual({ from: 'none' });
  });
});

describe('planPaste', () => {
  const api = { id: 'api', kind: 'process' as const };
  const worker = { id: 'worker', kind: 'process' as const };
  const db = { id: 'db', kind: 'data_store' as const };
  const user = { id: 'user', kind: 'external_entity' as const };

  it('puts every threat on every target it applies to, as one copy', () => {
    const plan = planPaste([threat({ category: 'T' }), threat({ category: 'I' })], [api, worker, db]);
    expect(plan.groups).toHaveLength(1);
    expect(plan.groups[0].elementIds).toEqual(['api', 'worker', 'db']);
    expect(plan.groups[0].threats).toHaveLength(2);
    expect(plan.skipped).toEqual([]);
  });

  it('skips the targets STRIDE per element rules out', () => {
    const plan = planPaste([threat({ category: 'S' })], [api, db]);
    expect(plan.groups).toEqual([{ threats: [expect.objectContaining({ category: 'S' })], elementIds: ['api'] }]);
    expect(plan.skipped).toEqual([{ category: 'S', elementId: 'db' }]);
    expect(planPaste([threat({ category: 'E' })], [db, user]).groups).toEqual([]);
  });

  it('groups threats by where they go', () => {
    const plan = planPaste([threat({ category: 'S' }), threat({ category: 'T' }), threat({ category: 'R' })], [api, db]);
    expect(plan.groups.map((g) => [g.threats.map((t) => t.category).join(''), g.elementIds])).toEqual([
      ['S', ['api']],
      ['TR', ['api', 'db']],
    ]);
  });
});

describe('texts', () => {
  it('names one, two, three or many elements', () => {
    expect(namesText(['API'])).toBe('API');
    expect(namesText(['API', 'Worker'])).toBe('API and Worker');
    expect(namesText(['API', 'Worker', 'DB'])).toBe('API, Worker and DB');
    expect(namesText(['A', 'B', 'C', 'D', 'E'])).toBe('A, B and 3 more');
    expect(threatsText(['SQL injection'])).toBe('\u201cSQL injection\u201d');
    expect(threatsText(['a', 'b'])).toBe('2 threats');
  });
});
