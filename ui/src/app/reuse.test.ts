import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Element_Serialize, ElementKind, LibraryEntry_Deserialize, Op_Deserialize, Threat_Serialize } from '../bindings';
import { testInfo, testSnapshot, testThreat } from '../shared/testData';
import { clipText, parseClip } from '../shared/threatClipboard';

// The core's door, scripted: every op is recorded and answered with the ids a
// copy would make.
const sent = vi.hoisted(() => [] as Op_Deserialize[]);
vi.mock('./sync', () => ({
  apply: vi.fn(async (op: Op_Deserialize) => {
    sent.push(op);
    const made = op.type === 'copy_threats' ? op.threats.length * op.element_ids.length : op.type === 'apply_library_entry' ? op.element_ids.length : 0;
    return { created: Array.from({ length: made }, (_, i) => `new${i}`) };
  }),
}));

const { getApp, setApp } = await import('./store');
const { fromSnapshot } = await import('./model');
const intents = await import('./intents/threats');

const el = (id: string, kind: ElementKind, name: string): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind,
  name,
  description: '',
  rect: { x: 0, y: 0, width: 100, height: 60 },
  source: null,
  target: null,
  props: {},
});

const threat = (id: string, elementId: string, over: Partial<Threat_Serialize> = {}): Threat_Serialize =>
  testThreat(id, [elementId], {
    category: 'S',
    title: `Threat ${id}`,
    scenario: 'Someone pretends to be the API.',
    impact: { affected_users: 'high', reputational: null, financial: null, rated_overall: null, rationale: '' },
    source: { session_id: 's1', note_id: 'n1', offset_ms: null },
    ...over,
  });

const PATH = '/tmp/e.threatmodel';

beforeEach(() => {
  sent.length = 0;
  setApp({
    model: fromSnapshot(
      testSnapshot({
        path: PATH,
        info: { ...testInfo, name: 'Payslip portal' },
        elements: [el('api', 'process', 'API'), el('worker', 'process', 'Worker'), el('db', 'data_store', 'DB'), el('b', 'trust_boundary', 'DMZ')],
        threats: [threat('t1', 'api'), threat('t2', 'api', { category: 'T', title: 'Tampered payslips' })],
      }),
    ),
    selection: new Set<string>(),
    copied: null,
    toasts: [],
  });
});

const lastToast = () => getApp().toasts.at(-1)?.text;

describe('copy and paste', () => {
  it('keeps the copy in the store, as the clipboard text says', () => {
    const text = intents.copyThreats(['t1', 'gone', 't1']);
    expect(text).not.toBeNull();
    const kept = getApp().copied!;
    expect(kept).toEqual({ from: 'Payslip portal', file: PATH, threats: [getApp().model!.threats.get('t1')] });
    expect(parseClip(text)!.threats[0].scenario).toBe('Someone pretends to be the API.');
    expect(intents.copyThreats(['gone'])).toBeNull();
    expect(sent).toEqual([]);
  });

  it('pastes onto the selected elements in one copy, boundaries left out, and says so', async () => {
    intents.copyThreats(['t1']);
    setApp({ selection: new Set(['worker', 'api', 'b']) });
    expect(await intents.pasteThreats(getApp().copied!)).toBe(2);
    expect(sent).toHaveLength(1);
    const op = sent[0];
    expect(op.type).toBe('copy_threats');
    if (op.type !== 'copy_threats') return;
    expect(op.element_ids).toEqual(['worker', 'api']);
    expect(op.threats.map((t) => t.title)).toEqual(['Threat t1']);
    // Pasted into the file it was copied from: the note it came from stays.
    expect(op.threats[0].source).toEqual({ session_id: 's1', note_id: 'n1', offset_ms: null });
    expect(lastToast()).toBe('\u201cThreat t1\u201d pasted on Worker and API');
  });

  it('pastes several threats where each applies, and names what was left out', async () => {
    setApp({ selection: new Set(['db']) });
    intents.copyThreats(['t1', 't2']);
    expect(await intents.pasteThreats(getApp().copied!)).toBe(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'copy_threats', element_ids: ['db'], threats: [{ category: 'T' }] });
    expect(lastToast()).toBe('\u201cTampered payslips\u201d pasted on DB \u00b7 Spoofing does not apply to DB');
  });

  it('sends nothing with nothing to paste on, or nowhere the category applies', async () => {
    const clip = parseClip(clipText([threat('x', 'api')], 'Other', '/other.threatmodel'))!;
    expect(await intents.pasteThreats(clip)).toBe(0);
    expect(lastToast()).toMatch(/^Select the elements to paste/);
    setApp({ selection: new Set(['db', 'b']) });
    expect(await intents.pasteThreats(clip)).toBe(0);
    expect(lastToast()).toBe('\u201cThreat x\u201d not pasted: Spoofing does not apply to DB');
    expect(sent).toEqual([]);
  });

  it('drops the note link of a threat from another engagement', async () => {
    const clip = parseClip(clipText([threat('x', 'elsewhere')], 'Other portal', '/other.threatmodel'))!;
    setApp({ selection: new Set(['api']) });
    await intents.pasteThreats(clip);
    expect(sent[0]).toMatchObject({ type: 'copy_threats', element_ids: ['api'], threats: [{ title: 'Threat x', source: null }] });
    expect(lastToast()).toBe('\u201cThreat x\u201d from Other portal pasted on API');
  });
});

describe('move, drop and the library', () => {
  it('moves and copies from the editor as one op each', async () => {
    expect(await intents.moveThreatTo('t1', ['worker'])).toBe(true);
    expect(await intents.copyThreatTo('t2', ['worker', 'db'])).toBe(true);
    expect(sent.map((op) => op.type)).toEqual(['move_threats', 'copy_threats']);
    expect(sent[0]).toEqual({ type: 'move_threats', threat_ids: ['t1'], element_ids: ['worker'] });
    expect(sent[1]).toMatchObject({ element_ids: ['worker', 'db'], threats: [{ id: 't2', title: 'Tampered payslips' }] });
    expect(lastToast()).toBe('\u201cTampered payslips\u201d copied to Worker and DB');
  });

  it('says why a drop cannot land, and sends nothing then', async () => {
    expect(intents.dropRefusal(['t1'], 'db', false)).toBe('Spoofing does not apply to a data store');
    expect(intents.dropRefusal(['t1'], 'b', true)).toBe('A trust boundary takes no threats');
    expect(intents.dropRefusal(['t1'], 'api', false)).toBe('Already on API');
    expect(intents.dropRefusal(['t1'], 'api', true)).toBeNull();
    expect(intents.dropRefusal(['t1', 't2'], 'worker', false)).toBeNull();
    expect(await intents.dropThreats(['t1'], 'db', false)).toBe(false);
    expect(sent).toEqual([]);
    expect(await intents.dropThreats(['t1', 't2'], 'worker', false)).toBe(true);
    expect(await intents.dropThreats(['t2'], 'db', true)).toBe(true);
    expect(sent).toEqual([
      { type: 'move_threats', threat_ids: ['t1', 't2'], element_ids: ['worker'] },
      expect.objectContaining({ type: 'copy_threats', element_ids: ['db'] }),
    ]);
  });

  it('builds the library ops', async () => {
    const entry: LibraryEntry_Deserialize = { id: 'jwt', version: 2, title: 'JWT', category: 'S', applies_to: ['process'] };
    expect(await intents.applyLibraryEntry(entry, ['api', 'worker'])).toEqual(['new0', 'new1']);
    expect(await intents.takeLibraryUpdate(['t1'], entry, false)).toBe(true);
    expect(sent).toEqual([
      { type: 'apply_library_entry', entry, element_ids: ['api', 'worker'] },
      { type: 'take_library_update', threat_ids: ['t1'], entry, take: false },
    ]);
  });
});
