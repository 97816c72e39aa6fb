// What the core derives from the engagement — each threat's risk and each
// element's badge, the coverage matrix, the pending suggestions — fetched after
// changes, debounced like the DFD warnings. The UI never computes these itself.
import { commands, type Suggestion } from '../bindings';
import type { Model } from './model';
import { describeError } from '../shared/errors';
import { BIG_MODEL, getApp, mayDerive, setApp, toast, useApp, type AppState } from './store';

const DEBOUNCE_MS = 100;
/** On a big engagement the answers are large (coverage has a row per element):
 *  wait longer, so a burst of edits costs one fetch. */
const BIG_DEBOUNCE_MS = 400;

type Result<T> = { status: 'ok'; data: T } | { status: 'error'; error: unknown };

/** Runs `fetch` (debounced) whenever `keyOf` of the state changes; a newer key
 *  drops an older answer. An empty key means nothing to fetch (nor does `mayDerive`
 *  false). */
function follow<T>(
  keyOf: (s: AppState) => string,
  fetch: (s: AppState) => Promise<Result<T>>,
  store: (data: T, s: AppState) => void,
): () => void {
  let timer: number | undefined;
  let lastKey = '';
  let seq = 0;
  const run = async (key: string) => {
    const my = ++seq;
    const s = getApp();
    try {
      const r = await fetch(s);
      if (my !== seq || keyOf(getApp()) !== key) return;
      // An error (e.g. the element was just deleted) is not worth a toast: the next change re-runs it.
      if (r.status === 'ok') store(r.data, s);
    } catch {
      /* the next change retries */
    }
  };
  const check = (s: AppState) => {
    const key = mayDerive(s) ? keyOf(s) : '';
    if (key === lastKey) return;
    lastKey = key;
    window.clearTimeout(timer);
    const delay = (s.model?.elements.size ?? 0) > BIG_MODEL ? BIG_DEBOUNCE_MS : DEBOUNCE_MS;
    if (key) timer = window.setTimeout(() => void run(key), delay);
  };
  check(getApp());
  const stop = useApp.subscribe(check);
  return () => {
    window.clearTimeout(timer);
    stop();
  };
}

const modelKey = (s: AppState) => (s.model ? `${s.model.path}\u0000${s.model.version}` : '');

/** The one selected element that can carry threats, if any. */
export function singleSelected(s: AppState): string | null {
  if (s.selection.size !== 1 || !s.model) return null;
  const [id] = s.selection;
  const e = s.model.elements.get(id);
  return e && e.kind !== 'trust_boundary' ? id : null;
}

export function startDerived(): () => void {
  const stops = [
    follow(
      modelKey,
      () => commands.threatOverview(),
      (data, s) => s.model && setApp({ overview: { path: s.model.path, version: s.model.version, data } }),
    ),
    follow(
      modelKey,
      () => commands.coverage(),
      (data, s) => s.model && setApp({ coverage: { path: s.model.path, version: s.model.version, data } }),
    ),
    follow(
      (s) => {
        const id = s.inspectorOpen ? singleSelected(s) : null;
        return id ? `${modelKey(s)}\u0000${id}` : '';
      },
      (s) => commands.suggestions(singleSelected(s)),
      (data, s) => {
        const id = singleSelected(s);
        if (s.model && id) setApp({ suggestions: { path: s.model.path, version: s.model.version, elementId: id, data } });
      },
    ),
    follow(
      (s) => (s.bottomOpen && s.bottomTab === 'suggestions' ? modelKey(s) : ''),
      () => commands.suggestions(null),
      (data, s) => s.model && setApp({ allSuggestions: { path: s.model.path, version: s.model.version, data } }),
    ),
  ];
  return () => stops.forEach((stop) => stop());
}

/** "…/threatloom/rules/mine.toml" → "rules/mine.toml": enough to find it, short enough for a toast. */
export function ruleFileName(source: string): string {
  const parts = source.split(/[\\/]/).filter(Boolean);
  return parts.slice(-2).join('/') || source;
}

/** Rule files the app ignored, and why the engagement asked for could not be
 *  opened: each a toast (the app works on regardless). */
export async function reportStartupProblems(): Promise<void> {
  try {
    const rules = await commands.ruleProblems();
    if (rules.status === 'ok') {
      for (const p of rules.data) toast(`${ruleFileName(p.source)}:${p.line}: ${p.message} — file ignored`, 'error', 12000);
    }
    const startup = await commands.startupProblem();
    if (startup.status === 'ok' && startup.data) toast(describeError(startup.data), 'error', 12000);
  } catch {
    /* outside Tauri, or an older app: nothing to report */
  }
}

/** Suggestions the model already shows as triaged (accepted, dismissed, or their
 *  category marked not applicable) are left out, so a list fetched a moment
 *  before a change never offers them again. */
export function stillPending(list: readonly Suggestion[], model: Model | null): Suggestion[] {
  if (!model) return [...list];
  const accepted = new Set<string>();
  for (const t of model.threats.values()) if (t.origin.type === 'rule') accepted.add(t.origin.key);
  return list.filter(
    (s) => !accepted.has(s.key) && !model.dismissals.has(s.key) && !model.notApplicable.has(`${s.element_id}:${s.category}`),
  );
}
