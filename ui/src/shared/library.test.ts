import { describe, expect, it } from 'vitest';
import type { LibraryUpdate_Serialize, Threat_Serialize } from '../bindings';
import { fromSnapshot } from '../app/model';
import { testSnapshot } from './testData';
import {
  diffRows,
  diffWords,
  entriesOn,
  folderName,
  harvestResultText,
  initialHarvestChoice,
  kindsFor,
  libraryThreatsKey,
  notYetOn,
  parseReferences,
  parseTags,
  pendingUpdates,
  ratingsText,
  toggleKind,
  versionsText,
  withCategory,
  withoutRatings,
  type HarvestCandidate,
  type LibraryEntry,
} from './library';
import { APPLICABLE } from './stride';

const threat = (over: Partial<Threat_Serialize> = {}): Threat_Serialize => ({
  id: 't1',
  element_ids: ['a'],
  category: 'S',
  title: 'JWT signature not verified',
  scenario: 'The gateway decodes the token without checking its signature.',
  impact: { affected_users: 'high', reputational: null, financial: null, rated_overall: null, rationale: 'Every account.' },
  likelihood: { reproducibility: 'medium', exploitability: null, discoverability: null, rated_overall: null, rationale: 'Tools forge tokens.' },
  risk_override: null,
  recommended_actions: ['Verify the signature'],
  references: ['CWE-347'],
  origin: { type: 'library', entry_id: 'jwt', version: 1 },
  source: null,
  lifecycle: 'draft',
  lifecycle_history: [],
  comments: [],
  ...over,
});

const entry = (over: Partial<LibraryEntry> = {}): LibraryEntry => ({
  id: 'jwt',
  version: 2,
  title: 'JWT signature not verified',
  category: 'S',
  applies_to: ['process'],
  scenario: 'A caller forges a token.',
  impact: { affected_users: 'high', reputational: null, financial: 'low', rated_overall: null, rationale: '' },
  likelihood: { reproducibility: null, exploitability: 'medium', discoverability: null, rated_overall: null, rationale: '' },
  recommended_actions: [],
  references: [],
  tags: [],
  ...over,
});

const model = (threats: Threat_Serialize[]) => fromSnapshot(testSnapshot({ threats }));

describe('library helpers', () => {
  it('name a folder by its last part, the personal "library" with its parent', () => {
    expect(folderName('/home/ana/git/team-threats/')).toBe('team-threats');
    expect(folderName('C:\\Users\\ana\\threats')).toBe('threats');
    expect(folderName('/home/ana/.local/share/threatloom/library')).toBe('threatloom/library');
    expect(folderName('library')).toBe('library');
  });

  it('offer only the kinds a category takes (the vocabulary), and keep them on a category change', () => {
    for (const c of ['S', 'T', 'R', 'I', 'D', 'E'] as const) {
      for (const k of kindsFor(c)) expect(APPLICABLE[k]).toContain(c);
    }
    expect(kindsFor('E')).toEqual(['process']);
    expect(kindsFor('S')).not.toContain('data_store');
    const e = entry({ category: 'T', applies_to: ['process', 'data_store'] });
    expect(withCategory(e, 'I').applies_to).toEqual(['process', 'data_store']);
    expect(withCategory(e, 'E').applies_to).toEqual(['process']);
    // Nothing left that takes it: every kind that does.
    expect(withCategory(entry({ category: 'T', applies_to: ['data_store'] }), 'S').applies_to).toEqual(kindsFor('S'));
    expect(toggleKind(['data_store'], 'process')).toEqual(['process', 'data_store']);
    expect(toggleKind(['process', 'data_store'], 'process')).toEqual(['data_store']);
  });

  it('key the library-made threats, empty without any, and the same for the same map', () => {
    const plain = model([threat({ origin: { type: 'manual' } })]);
    expect(libraryThreatsKey(plain.threats)).toBe('');
    const one = model([threat()]);
    const key = libraryThreatsKey(one.threats);
    expect(key).not.toBe('');
    expect(libraryThreatsKey(one.threats)).toBe(key);
    expect(libraryThreatsKey(model([threat({ origin: { type: 'library', entry_id: 'jwt', version: 2 } })]).threats)).not.toBe(key);
    expect(libraryThreatsKey(model([threat({ scenario: 'edited' })]).threats)).not.toBe(key);
  });

  it('know which entries are on which elements', () => {
    const m = model([threat({ element_ids: ['a', 'b'] }), threat({ id: 't2', element_ids: ['c'], origin: { type: 'manual' } })]);
    expect([...entriesOn(m.threats, 'a')]).toEqual(['jwt']);
    expect([...entriesOn(m.threats, 'c')]).toEqual([]);
    expect(notYetOn(m.threats, 'jwt', ['a', 'c', 'd'])).toEqual(['c', 'd']);
  });

  it('keep only the updates the model still needs', () => {
    const u = (threat_id: string, version = 2): LibraryUpdate_Serialize => ({ threat_id, entry_id: 'jwt', from_version: 1, entry: entry({ version }), changes: [] });
    const m = model([threat(), threat({ id: 't2', origin: { type: 'library', entry_id: 'jwt', version: 2 } }), threat({ id: 't3', origin: { type: 'manual' } })]);
    const pending = pendingUpdates([u('t1'), u('t2'), u('t3'), u('gone')], m);
    expect([...pending.keys()]).toEqual(['t1']);
    expect(pendingUpdates(null, m).size).toBe(0);
    expect(versionsText(1, 2)).toBe('v1 \u2192 v2');
  });

  it('show where a text changed, word by word, and which items of a list', () => {
    const changed = (runs: { text: string; changed: boolean }[]) => runs.filter((r) => r.changed).map((r) => r.text);
    const d = diffWords(
      'A signed-in user changes the record number in the URL and downloads the record of another user.',
      'A signed-in user changes or guesses the record number in the URL and downloads the record of any user.',
    );
    expect(changed(d.ours)).toEqual(['another']);
    expect(changed(d.theirs)).toEqual(['or guesses', 'any']);
    // Every word is kept, on both sides, in order.
    expect(d.ours.map((r) => r.text).join('')).toBe('A signed-in user changes the record number in the URL and downloads the record of another user.');
    expect(d.theirs.map((r) => r.text).join('')).toBe('A signed-in user changes or guesses the record number in the URL and downloads the record of any user.');
    expect(diffWords('same text', 'same text')).toEqual({ ours: [{ text: 'same text', changed: false }], theirs: [{ text: 'same text', changed: false }] });
    expect(diffWords('', 'Now written').ours).toEqual([]);
    // Long texts: the middle between the common start and end, as one change.
    const long = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const other = long.replace('w1 ', 'x1 ').replace('w598', 'x598');
    expect(changed(diffWords(long, other).theirs)).toHaveLength(1);

    const rows = diffRows([
      { field: 'Title', threat: 'Old title', entry: 'New title' },
      { field: 'Recommended actions', threat: 'Verify the signature\nRotate keys', entry: 'Verify the signature\nPin the algorithm' },
    ]);
    expect(rows[0].ours).toEqual([[{ text: 'Old', changed: true }, { text: ' title', changed: false }]]);
    expect(rows[1].ours).toEqual([[{ text: 'Verify the signature', changed: false }], [{ text: 'Rotate keys', changed: true }]]);
    expect(rows[1].theirs[1]).toEqual([{ text: 'Pin the algorithm', changed: true }]);
  });

  it('tick harvest candidates but duplicates and those the core cannot save, and say what was saved', () => {
    const c = (threat_id: string, over: Partial<HarvestCandidate> = {}): HarvestCandidate => ({ threat_id, same_as: [], entry: entry(), duplicate_of: null, problem: null, ...over });
    expect([...initialHarvestChoice([c('a'), c('b', { duplicate_of: 'jwt' }), c('c', { problem: 'only on boundaries' })])]).toEqual(['a']);
    expect(harvestResultText({ saved: [entry(), entry()], skipped: [] })).toBe('2 entries added to the library');
    expect(harvestResultText({ saved: [entry()], skipped: [{ threat_id: 'x', title: 'X', reason: 'already in the library' }, { threat_id: 'y', title: 'Y', reason: 'r' }] })).toBe(
      '1 entry added to the library · 2 skipped: \u201cX\u201d (already in the library) and 1 more',
    );
  });

  it('keep or drop the factor ratings, never the rationales', () => {
    const e = entry({ impact: { affected_users: 'high', reputational: null, financial: 'low', rated_overall: null, rationale: 'why' } });
    expect(ratingsText(e, (r) => r.toUpperCase())).toBe('impact HIGH, LOW · likelihood MEDIUM');
    const bare = withoutRatings(e);
    expect(bare.impact).toEqual({ affected_users: null, reputational: null, financial: null, rated_overall: null, rationale: 'why' });
    expect(ratingsText(bare, (r) => r)).toBe('');
  });

  it('read references and tags as typed', () => {
    expect(parseReferences('cwe 347, capec-94')).toEqual({ chips: ['CWE-347', 'CAPEC-94'] });
    expect(parseReferences('see the wiki')).toEqual({ error: expect.stringContaining('see the wiki') });
    expect(parseTags(' auth,  jwt  tokens ,')).toEqual({ chips: ['auth', 'jwt tokens'] });
    expect('error' in parseTags('x'.repeat(201))).toBe(true);
  });
});
