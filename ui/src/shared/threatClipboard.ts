// Threats as clipboard text, and back. The text is JSON with a marker, so a
// paste in another window or engagement knows it holds our threats; anything
// else (a sentence, a hostile or broken JSON) reads as nothing. The reading is
// strict and rebuilds each threat from the fields a threat has: the core checks
// them again when the copy is applied (`copy_threats`).
import type { Comment, ElementKind, FindingState, LifecycleEvent, NoteSource_Deserialize, Origin, Rating, RiskLevel, Stride, Threat_Deserialize, Threat_Serialize } from '../bindings';
import { FINDING_STATES } from './lifecycle';
import { APPLICABLE, RATINGS, RISK_LEVELS, STRIDE } from './stride';

export const CLIP_FORMAT = 'threatloom/threats';
export const CLIP_VERSION = 1;
/** Longer clipboard text is not read at all (a copy of 500 long threats fits). */
export const MAX_CLIP_CHARS = 8_000_000;
/** At most this many threats in one copy. */
export const MAX_CLIP_THREATS = 500;
const MAX_TITLE = 200;
const MAX_TEXT = 20_000;
const MAX_LIST = 10_000;

/** What a copy carries: the threats, the engagement they came from (its name)
 *  and its file (a note a threat came from means something only there). */
export interface ThreatClip {
  from: string;
  file: string;
  threats: Threat_Deserialize[];
}

/** The clipboard text for `threats`, copied from the engagement named `from` in `file`. */
export function clipText(threats: readonly Threat_Serialize[], from: string, file: string): string {
  return JSON.stringify({ format: CLIP_FORMAT, version: CLIP_VERSION, from, file, threats });
}

type Obj = Record<string, unknown>;

class Bad extends Error {}

function obj(v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Bad();
  return v as Obj;
}

function str(v: unknown, max = MAX_TEXT): string {
  if (typeof v !== 'string' || v.length > max) throw new Bad();
  return v;
}

/** An optional text field: absent is empty. */
function optStr(v: unknown, max = MAX_TEXT): string {
  return v === undefined ? '' : str(v, max);
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new Bad();
  return v as T;
}

function list<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > MAX_LIST) throw new Bad();
  return v.map(item);
}

function rating(v: unknown): Rating | null {
  return v === null || v === undefined ? null : oneOf(v, RATINGS);
}

/** A time in ms, or null (JSON carries a non-finite number as null). */
function when(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Bad();
  return v;
}

function origin(v: unknown): Origin {
  if (v === undefined) return { type: 'manual' };
  const o = obj(v);
  switch (o.type) {
    case 'manual':
      return { type: 'manual' };
    case 'rule':
      return { type: 'rule', rule_id: str(o.rule_id, MAX_TITLE), key: str(o.key, MAX_TEXT) };
    case 'library': {
      const version = o.version;
      if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > 0xffff_ffff) throw new Bad();
      return { type: 'library', entry_id: str(o.entry_id, MAX_TITLE), version };
    }
    default:
      throw new Bad();
  }
}

function event(v: unknown): LifecycleEvent {
  const e = obj(v);
  return {
    from: oneOf<FindingState>(e.from, FINDING_STATES),
    to: oneOf<FindingState>(e.to, FINDING_STATES),
    by: str(e.by, MAX_TITLE),
    at_ms: when(e.at_ms),
    comment: optStr(e.comment),
  };
}

function comment(v: unknown): Comment {
  const c = obj(v);
  if (typeof c.from_customer !== 'boolean') throw new Bad();
  return { by: str(c.by, MAX_TITLE), at_ms: when(c.at_ms), text: str(c.text), from_customer: c.from_customer };
}

function foreign(v: unknown): { [key: string]: string } | undefined {
  if (v === undefined) return undefined;
  const o = obj(v);
  const out: { [key: string]: string } = {};
  const keys = Object.keys(o);
  if (keys.length > 200) throw new Bad();
  for (const k of keys) out[str(k, MAX_TITLE)] = str(o[k]);
  return out;
}

function source(v: unknown): NoteSource_Deserialize | null {
  if (v === undefined || v === null) return null;
  const s = obj(v);
  return { session_id: str(s.session_id, MAX_TITLE), note_id: str(s.note_id, MAX_TITLE), offset_ms: when(s.offset_ms) };
}

/** One threat, rebuilt from its known fields (unknown ones are dropped). Its id
 *  and elements are the core's to choose on paste. */
function threat(v: unknown): Threat_Deserialize {
  const t = obj(v);
  const title = str(t.title, MAX_TITLE);
  if (!title.trim() || /[\u0000-\u001f\u007f]/.test(title)) throw new Bad();
  const impact = t.impact === undefined ? {} : obj(t.impact);
  const likelihood = t.likelihood === undefined ? {} : obj(t.likelihood);
  const ov = t.risk_override === undefined || t.risk_override === null ? null : obj(t.risk_override);
  const out: Threat_Deserialize = {
    element_ids: [],
    category: oneOf<Stride>(t.category, STRIDE),
    title,
    scenario: optStr(t.scenario),
    impact: {
      affected_users: rating(impact.affected_users),
      reputational: rating(impact.reputational),
      financial: rating(impact.financial),
      rated_overall: rating(impact.rated_overall),
      rationale: optStr(impact.rationale),
    },
    likelihood: {
      reproducibility: rating(likelihood.reproducibility),
      exploitability: rating(likelihood.exploitability),
      discoverability: rating(likelihood.discoverability),
      rated_overall: rating(likelihood.rated_overall),
      rationale: optStr(likelihood.rationale),
    },
    risk_override: ov && { level: oneOf<RiskLevel>(ov.level, RISK_LEVELS), justification: str(ov.justification) },
    recommended_actions: list(t.recommended_actions, (x) => str(x)),
    references: list(t.references, (x) => str(x, MAX_TITLE)),
    origin: origin(t.origin),
    source: source(t.source),
    lifecycle: t.lifecycle === undefined ? 'draft' : oneOf<FindingState>(t.lifecycle, FINDING_STATES),
    lifecycle_history: list(t.lifecycle_history, event),
    comments: list(t.comments, comment),
  };
  const f = foreign(t.foreign);
  if (f && Object.keys(f).length > 0) out.foreign = f;
  return out;
}

/** Our threats from clipboard text, or null for anything else: not a string,
 *  too long, not JSON, not our marker, no threats, or one field of one threat
 *  of the wrong shape (the whole text is then ignored). */
export function parseClip(text: unknown): ThreatClip | null {
  if (typeof text !== 'string' || text.length > MAX_CLIP_CHARS) return null;
  // Cheap test first: most clipboard text is not ours.
  if (!text.trimStart().startsWith('{') || !text.includes(CLIP_FORMAT)) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  try {
    const o = obj(data);
    if (o.format !== CLIP_FORMAT || o.version !== CLIP_VERSION) return null;
    if (!Array.isArray(o.threats) || o.threats.length === 0 || o.threats.length > MAX_CLIP_THREATS) return null;
    return { from: optStr(o.from, MAX_TITLE), file: optStr(o.file, MAX_TEXT), threats: o.threats.map(threat) };
  } catch (e) {
    if (e instanceof Bad) return null;
    throw e;
  }
}

/** What a paste of ours takes: the clipboard's threats; the copy kept in this
 *  window when the clipboard holds no text (the web view gave none); nothing
 *  when it holds any other text (something else was copied since). */
export function pasteSource(text: string, hasKept: boolean): { from: 'clipboard'; clip: ThreatClip } | { from: 'kept' | 'none' } {
  const clip = parseClip(text);
  if (clip) return { from: 'clipboard', clip };
  if (hasKept && text === '') return { from: 'kept' };
  return { from: 'none' };
}

/** Where pasted threats go: each threat onto the targets its category applies
 *  to (STRIDE per element), grouped so that threats going to the same
 *  elements are one copy (in the common case, one group: one undoable step). */
export interface PastePlan {
  groups: { threats: Threat_Deserialize[]; elementIds: string[] }[];
  /** A threat and a target it cannot go on. */
  skipped: { category: Stride; elementId: string }[];
}

export function planPaste(threats: readonly Threat_Deserialize[], targets: readonly { id: string; kind: ElementKind }[]): PastePlan {
  const groups = new Map<string, { threats: Threat_Deserialize[]; elementIds: string[] }>();
  const skipped: PastePlan['skipped'] = [];
  for (const t of threats) {
    const onto = targets.filter((e) => APPLICABLE[e.kind]?.includes(t.category));
    for (const e of targets) if (!onto.includes(e)) skipped.push({ category: t.category, elementId: e.id });
    if (onto.length === 0) continue;
    const ids = onto.map((e) => e.id);
    const key = ids.join('\u0000');
    const g = groups.get(key);
    if (g) g.threats.push(t);
    else groups.set(key, { threats: [t], elementIds: ids });
  }
  return { groups: [...groups.values()], skipped };
}

/** "API", "API and Worker", "API, Worker and DB", "API, Worker and 3 more". */
export function namesText(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= 3) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
}

/** "“SQL injection”" for one threat, "3 threats" for several. */
export function threatsText(titles: readonly string[]): string {
  return titles.length === 1 ? `\u201c${titles[0]}\u201d` : `${titles.length} threats`;
}
