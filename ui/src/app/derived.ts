// What a window asks the core to derive (the query), and the pure rules around
// the answer. The read itself is in sync.ts; the UI never computes these figures.
import type { Derived_Serialize, DerivedQuery_Serialize, Suggestion } from '../bindings';
import type { Model } from './model';
import { mayDerive, type AppState } from './store';

/** What this window shows, so what the core is asked to derive. */
export type DerivedQuery = DerivedQuery_Serialize;

/** The core's answer for one version of one file. */
export type Derived = Derived_Serialize;

/** The one selected element that can carry threats, if any. */
export function singleSelected(s: AppState): string | null {
  if (s.selection.size !== 1 || !s.model) return null;
  const [id] = s.selection;
  const e = s.model.elements.get(id);
  return e && e.kind !== 'trust_boundary' ? id : null;
}

/** The one selected element of any kind (the inspector's), if any. */
function oneSelected(s: AppState): string | null {
  if (s.selection.size !== 1) return null;
  const [id] = s.selection;
  return id;
}

/** The query for what this window shows now; null when it needs nothing (yet).
 *  `main`: the window with the canvas, whose badges and figures always need the
 *  overview; the note-taker reads only while it shows engagement figures. */
export function queryOf(s: AppState, main: boolean): DerivedQuery | null {
  // The main window waits for a big diagram's first frame (`mayDerive`); the note-taker draws none.
  if (!s.model || (main && !mayDerive(s))) return null;
  const q: DerivedQuery = {
    diagram_id: main ? s.diagramId : null,
    element_id: main && s.inspectorOpen ? oneSelected(s) : null,
    all_suggestions: main && s.bottomOpen && s.bottomTab === 'suggestions',
    engagement: s.wanted > 0,
    // The whole matrix only while the coverage tab shows it (else the figures and the selected row).
    coverage_rows: main && s.bottomOpen && s.bottomTab === 'coverage',
  };
  return main || q.engagement ? q : null;
}

export function sameQuery(a: DerivedQuery, b: DerivedQuery): boolean {
  return a.diagram_id === b.diagram_id && a.element_id === b.element_id && a.all_suggestions === b.all_suggestions && a.engagement === b.engagement && a.coverage_rows === b.coverage_rows;
}

/** Suggestions the model already shows as triaged (accepted, dismissed, or their
 *  category marked not applicable) are left out, so a list read a moment before
 *  a change never offers them again. */
export function stillPending(list: readonly Suggestion[], model: Model | null): Suggestion[] {
  if (!model) return [...list];
  const accepted = new Set<string>();
  for (const t of model.threats.values()) if (t.origin.type === 'rule') accepted.add(t.origin.key);
  return list.filter(
    (s) => !accepted.has(s.key) && !model.dismissals.has(s.key) && !model.notApplicable.has(`${s.element_id}:${s.category}`),
  );
}
