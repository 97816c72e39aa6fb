// The team's library as the views show it: pure helpers over what the core
// sent (hits, updates, folders, harvest candidates) and the Model. Which
// entries apply, what changed and what is a duplicate are the core's answers;
// the kinds a category takes are the core's vocabulary (STRIDE per element).
import type {
  ElementKind,
  HarvestCandidate_Serialize,
  HarvestResult_Serialize,
  LibraryEntry_Serialize,
  LibraryUpdate_Serialize,
  Stride,
  TextChange,
} from '../bindings';
import type { Model, Threat } from '../app/model';
import { normalizeReference } from './stride';
import { VOCABULARY } from './vocabulary';

export type LibraryEntry = LibraryEntry_Serialize;
export type LibraryUpdate = LibraryUpdate_Serialize;
export type HarvestCandidate = HarvestCandidate_Serialize;

/** "team-threats" for "/home/ana/git/team-threats/": how a folder is named in
 *  lists; a folder called just "library" (the personal one, in the app's data
 *  folder) with its parent: "threatloom/library". */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const last = parts[parts.length - 1];
  if (last === undefined) return path;
  return /^library$/i.test(last) && parts.length > 1 ? `${parts[parts.length - 2]}/${last}` : last;
}

/** The element kinds `category` may be offered for, in the vocabulary's order. */
export function kindsFor(category: Stride): ElementKind[] {
  return VOCABULARY.kinds.filter((k) => k.stride.includes(category)).map((k) => k.kind);
}

/** The entry with another category: its kinds kept to those the category
 *  takes (all of them when none is left, so the entry still applies somewhere). */
export function withCategory<E extends { category: Stride; applies_to: ElementKind[] }>(entry: E, category: Stride): E {
  const allowed = kindsFor(category);
  const kept = entry.applies_to.filter((k) => allowed.includes(k));
  return { ...entry, category, applies_to: kept.length > 0 ? kept : allowed };
}

/** `kinds` with `kind` added or removed, in the vocabulary's order. */
export function toggleKind(kinds: readonly ElementKind[], kind: ElementKind): ElementKind[] {
  const on = kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind];
  const order = VOCABULARY.kinds.map((k) => k.kind);
  return [...on].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

const keyCache = new WeakMap<Map<string, Threat>, string>();

/** What the library's answers about the engagement depend on: every threat
 *  made from an entry (its id, entry, version, elements and text). Empty when
 *  no threat came from the library, so nothing needs reading then. Memoised
 *  per threats map (a change that leaves the threats alone keeps the map). */
export function libraryThreatsKey(threats: Map<string, Threat>): string {
  const known = keyCache.get(threats);
  if (known !== undefined) return known;
  const parts: string[] = [];
  for (const t of threats.values()) {
    if (t.origin.type !== 'library') continue;
    parts.push(
      JSON.stringify([
        t.id,
        t.origin.entry_id,
        t.origin.version,
        t.element_ids,
        t.title,
        t.scenario,
        t.impact.rationale,
        t.likelihood.rationale,
        t.recommended_actions,
        t.references,
      ]),
    );
  }
  const key = parts.sort().join('\n');
  keyCache.set(threats, key);
  return key;
}

/** The entries applied on an element (a threat made from each is on it). */
export function entriesOn(threats: Map<string, Threat>, elementId: string): Set<string> {
  const out = new Set<string>();
  for (const t of threats.values()) if (t.origin.type === 'library' && t.element_ids.includes(elementId)) out.add(t.origin.entry_id);
  return out;
}

/** The elements of `elementIds` that have no threat from `entryId` yet. */
export function notYetOn(threats: Map<string, Threat>, entryId: string, elementIds: readonly string[]): string[] {
  return elementIds.filter((id) => !entriesOn(threats, id).has(entryId));
}

/** The updates the core reported that still hold for the model on screen
 *  (the threat is there, made from that entry at an older version), by threat:
 *  taking or keeping one hides it at once, before the next read. */
export function pendingUpdates(updates: readonly LibraryUpdate[] | null | undefined, model: Model | null): Map<string, LibraryUpdate> {
  const out = new Map<string, LibraryUpdate>();
  if (!updates || !model) return out;
  for (const u of updates) {
    const t = model.threats.get(u.threat_id);
    if (t && t.origin.type === 'library' && t.origin.entry_id === u.entry_id && t.origin.version < u.entry.version) out.set(u.threat_id, u);
  }
  return out;
}

/** "v1 → v3". */
export function versionsText(from: number, to: number): string {
  return `v${from} \u2192 v${to}`;
}

/** A run of one side's text: the same on both sides, or only on this one. */
export interface Segment {
  text: string;
  changed: boolean;
}

/** Above this many word pairs a text is compared by its common start and end
 *  only (a word-by-word comparison of two long texts would hold up the editor). */
const MAX_DIFF_CELLS = 250_000;

function pushSegment(out: Segment[], text: string, changed: boolean): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.changed === changed) last.text += text;
  else out.push({ text, changed });
}

/** Two texts compared word by word (the longest common subsequence of words
 *  and spaces): each side as runs of shared and changed text, so "forges a
 *  token" / "forges a JWT" marks only "token" and "JWT". */
export function diffWords(ours: string, theirs: string): { ours: Segment[]; theirs: Segment[] } {
  const a = ours.split(/(\s+)/).filter((w) => w !== '');
  const b = theirs.split(/(\s+)/).filter((w) => w !== '');
  // The common start and end first: the usual edit is in the middle.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const midA = a.slice(start, a.length - end);
  const midB = b.slice(start, b.length - end);
  const outA: Segment[] = [];
  const outB: Segment[] = [];
  pushSegment(outA, a.slice(0, start).join(''), false);
  pushSegment(outB, b.slice(0, start).join(''), false);
  if (midA.length * midB.length > MAX_DIFF_CELLS) {
    pushSegment(outA, midA.join(''), true);
    pushSegment(outB, midB.join(''), true);
  } else {
    // lcs[i][j]: the common length of midA[i..] and midB[j..].
    const n = midA.length;
    const m = midB.length;
    const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) lcs[i][j] = midA[i] === midB[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        pushSegment(outA, midA[i++], false);
        pushSegment(outB, midB[j++], false);
      } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        pushSegment(outB, midB[j++], true);
      } else {
        pushSegment(outA, midA[i++], true);
      }
    }
  }
  pushSegment(outA, a.slice(a.length - end).join(''), false);
  pushSegment(outB, b.slice(b.length - end).join(''), false);
  return { ours: tidy(outA), theirs: tidy(outB) };
}

/** A space alone between two changed runs is part of the change (one mark,
 *  not two); changed spaces at the ends of a change are left unmarked. */
function tidy(segments: Segment[]): Segment[] {
  const joined: Segment[] = [];
  segments.forEach((s, k) => {
    const between = !s.changed && /^\s+$/.test(s.text) && segments[k - 1]?.changed && segments[k + 1]?.changed;
    pushSegment(joined, s.text, s.changed || !!between);
  });
  const out: Segment[] = [];
  for (const s of joined) {
    if (!s.changed) {
      pushSegment(out, s.text, false);
      continue;
    }
    const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(s.text);
    pushSegment(out, m?.[1] ?? '', false);
    pushSegment(out, m?.[2] ?? s.text, true);
    pushSegment(out, m?.[3] ?? '', false);
  }
  return out;
}

/** A changed field as the editor shows it: one text compared word by word, or
 *  a list (recommended actions are one per line) compared line by line. */
export interface DiffRow {
  field: string;
  /** Lines of runs: one line for a text, one per item for a list. */
  ours: Segment[][];
  theirs: Segment[][];
}

export function diffRows(changes: readonly TextChange[]): DiffRow[] {
  return changes.map((c) => {
    const a = c.threat.split('\n');
    const b = c.entry.split('\n');
    if (a.length === 1 && b.length === 1) {
      const d = diffWords(c.threat, c.entry);
      return { field: c.field, ours: [d.ours], theirs: [d.theirs] };
    }
    // Lists: an item is changed when the other side does not have it.
    const mark = (lines: string[], other: string[]): Segment[][] => lines.filter((l) => l !== '').map((l) => [{ text: l, changed: !other.includes(l) }]);
    return { field: c.field, ours: mark(a, b), theirs: mark(b, a) };
  });
}

/** The candidates ticked when the harvest list opens: all but duplicates and
 *  those the core says cannot be saved. */
export function initialHarvestChoice(candidates: readonly HarvestCandidate[]): Set<string> {
  return new Set(candidates.filter((c) => !c.duplicate_of && !c.problem).map((c) => c.threat_id));
}

/** "3 entries added to the library · 1 skipped: “X” (why)". */
export function harvestResultText(r: HarvestResult_Serialize): string {
  const n = r.saved.length;
  const saved = `${n === 0 ? 'No entry' : n === 1 ? '1 entry' : `${n} entries`} added to the library`;
  if (r.skipped.length === 0) return saved;
  const first = r.skipped[0];
  const more = r.skipped.length > 1 ? ` and ${r.skipped.length - 1} more` : '';
  return `${saved} · ${r.skipped.length} skipped: \u201c${first.title}\u201d (${first.reason})${more}`;
}

/** The ratings an entry keeps as a starting point, as one line ("" when none). */
export function ratingsText(e: Pick<LibraryEntry, 'impact' | 'likelihood'>, label: (r: string) => string): string {
  const part = (name: string, values: (string | null | undefined)[]) => {
    const set = values.filter((v): v is string => !!v);
    return set.length === 0 ? '' : `${name} ${set.map(label).join(', ')}`;
  };
  return [
    part('impact', [e.impact.affected_users, e.impact.reputational, e.impact.financial, e.impact.rated_overall]),
    part('likelihood', [e.likelihood.reproducibility, e.likelihood.exploitability, e.likelihood.discoverability, e.likelihood.rated_overall]),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The entry without its ratings, factors or overall (the rationales stay). */
export function withoutRatings(e: LibraryEntry): LibraryEntry {
  return {
    ...e,
    impact: { ...e.impact, affected_users: null, reputational: null, financial: null, rated_overall: null },
    likelihood: { ...e.likelihood, reproducibility: null, exploitability: null, discoverability: null, rated_overall: null },
  };
}

/** CWE / CAPEC ids as typed ("cwe 79, capec-94") → ["CWE-79", "CAPEC-94"], or
 *  why not. */
export function parseReferences(text: string): { chips: string[] } | { error: string } {
  const ids = text.split(/[,;]+/).map((x) => x.trim()).filter(Boolean);
  const norm = ids.map(normalizeReference);
  const bad = ids.filter((_, i) => norm[i] === null);
  if (bad.length > 0) return { error: `${bad.join(', ')}: not a CWE or CAPEC id (like CWE-319 or CAPEC-94)` };
  return { chips: norm.filter((r): r is string => r !== null) };
}

/** Tags as typed ("auth, jwt") → ["auth", "jwt"]: words or short phrases. */
export function parseTags(text: string): { chips: string[] } | { error: string } {
  const tags = text.split(',').map((t) => t.trim().replace(/\s+/g, ' ')).filter(Boolean);
  const long = tags.find((t) => t.length > 200);
  if (long) return { error: 'A tag is a word or a short phrase (at most 200 characters)' };
  return { chips: tags };
}
