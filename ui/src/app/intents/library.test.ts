import { beforeEach, describe, expect, it, vi } from 'vitest';

// The core: every op applied is recorded, and makes one threat per element.
const core = vi.hoisted(() => ({ ops: [] as { type: string; element_ids?: string[] }[] }));

vi.mock('../../bindings', () => ({
  commands: {
    applyOp: async (op: { type: string; element_ids?: string[] }) => {
      core.ops.push(op);
      const { getApp } = await import('../store');
      const v = getApp().model?.version ?? 0;
      return { status: 'ok', data: { ...(await import('../../shared/testData')).testChange({ version: v + 1 }), created: (op.element_ids ?? []).map((_, i) => `new${i}`) } };
    },
  },
  events: {},
}));

import { applyFromLibrary, openLibraryPicker } from './library';
import { fromSnapshot } from '../model';
import { getApp, setApp } from '../store';
import { testSnapshot, testThreat } from '../../shared/testData';
import type { Element_Serialize, Threat_Serialize } from '../../bindings';
import type { LibraryEntry } from '../../shared/library';

const el = (id: string, kind: Element_Serialize['kind'] = 'process'): Element_Serialize => ({
  id,
  diagram_id: 'd1',
  kind,
  name: id.toUpperCase(),
  description: '',
  rect: { x: 0, y: 0, width: 9, height: 9 },
  source: null,
  target: null,
  props: {},
});
const fromEntry = (id: string, elementId: string): Threat_Serialize =>
  testThreat(id, [elementId], { category: 'S', title: 'Forged token', origin: { type: 'library', entry_id: 'forged-token', version: 1 } });
const entry: LibraryEntry = {
  id: 'forged-token',
  version: 1,
  title: 'Forged token',
  category: 'S',
  applies_to: ['process'],
  scenario: '',
  impact: { affected_users: null, reputational: null, financial: null, rated_overall: null, rationale: '' },
  likelihood: { reproducibility: null, exploitability: null, discoverability: null, rated_overall: null, rationale: '' },
  recommended_actions: [],
  references: [],
  tags: [],
};

beforeEach(() => {
  core.ops = [];
  setApp({
    model: fromSnapshot(testSnapshot({ elements: [el('a'), el('b'), el('c'), el('t', 'trust_boundary')], threats: [fromEntry('t1', 'c')] })),
    selection: new Set<string>(),
    panel: null,
    presenting: false,
    pickFor: [],
    toasts: [],
  });
});

describe('the library picker intent', () => {
  it('opens on the selected elements that take threats', () => {
    setApp({ selection: new Set(['a', 't', 'b']) });
    expect(openLibraryPicker()).toBe(true);
    expect(getApp().panel).toBe('library-picker');
    expect(getApp().pickFor).toEqual(['a', 'b']);
  });

  it('does nothing while presenting, and says why with nothing to apply to', () => {
    setApp({ selection: new Set(['a']), presenting: true });
    expect(openLibraryPicker()).toBe(false);
    expect(getApp().panel).toBeNull();
    setApp({ presenting: false, selection: new Set(['t']) });
    expect(openLibraryPicker()).toBe(false);
    expect(getApp().toasts.at(-1)?.text).toMatch(/trust boundary takes no threats/);
    setApp({ selection: new Set<string>() });
    expect(openLibraryPicker()).toBe(false);
    expect(getApp().panel).toBeNull();
  });
});

describe('applying an entry', () => {
  it('is one op on the elements that do not have it yet', async () => {
    expect(await applyFromLibrary(entry, ['a', 'b', 'c'])).toEqual(['new0', 'new1']);
    expect(core.ops).toHaveLength(1);
    expect(core.ops[0]).toMatchObject({ type: 'apply_library_entry', element_ids: ['a', 'b'] });
    expect(getApp().toasts.at(-1)?.text).toBe('\u201cForged token\u201d applied to A and B (already on C) · Ctrl+Z undoes it');
  });

  it('sends nothing when every element has it', async () => {
    expect(await applyFromLibrary(entry, ['c'])).toBeNull();
    expect(core.ops).toEqual([]);
    expect(getApp().toasts.at(-1)?.text).toBe('\u201cForged token\u201d is already on C');
  });
});
