// Intentions on threats, suggestions and coverage. Each write is one op through
// `apply`; the model changes only from the core's answer.
import type { RiskLevel, Stride, Suggestion, Threat_Deserialize } from '../../bindings';
import { canvasApi } from '../canvasApi';
import { applicableFor } from '../../shared/stride';
import { apply } from '../sync';
import type { Threat } from '../model';
import { getApp, selectDiagram, setApp, setSelection, toast, type BottomTab } from '../store';

/** Opens the quick threat form on `elementIds` (default: the selection), with
 *  `category` picked if given. Says why not when nothing there takes threats. */
export function openQuickThreat(elementIds?: string[], category: Stride | null = null): boolean {
  const s = getApp();
  if (!s.model) return false;
  const ids = (elementIds ?? [...s.selection]).filter((id) => {
    const e = s.model!.elements.get(id);
    return e && e.kind !== 'trust_boundary';
  });
  if (ids.length === 0) {
    const onlyBoundaries = s.selection.size > 0 && elementIds === undefined;
    toast(
      onlyBoundaries
        ? 'A trust boundary takes no STRIDE threats: select an element or a flow'
        : 'Select an element or a flow to log a threat on it',
      'info',
    );
    return false;
  }
  const offered = applicableFor(ids.map((id) => s.model!.elements.get(id)!.kind));
  if (offered.length === 0) {
    toast('No STRIDE category applies to all of these elements together: select fewer', 'info');
    return false;
  }
  setApp({
    quickThreat: { elementIds: ids, category: category && offered.includes(category) ? category : null, seq: (s.quickThreat?.seq ?? 0) + 1 },
    openThreat: null,
    inspectorOpen: true,
  });
  return true;
}

export function closeQuickThreat(): void {
  if (getApp().quickThreat) setApp({ quickThreat: null });
}

/** A new threat as logged during a session: the core fills in every other field. */
export function blankThreat(elementIds: string[], category: Stride, title: string): Threat_Deserialize {
  return { element_ids: elementIds, category, title };
}

/** Logs a threat typed by hand; `open` shows it in the editor. Resolves to its id. */
export async function addThreat(elementIds: string[], category: Stride, title: string, open = false): Promise<string | null> {
  const change = await apply({ type: 'add_threat', threat: blankThreat(elementIds, category, title.trim()) });
  const id = change?.created[0] ?? null;
  if (id && open) openThreat(id);
  return id;
}

/** Sends the threat with `edit` applied to its latest stored version (so two
 *  quick edits never undo each other). Nothing is sent when nothing changed.
 *  Resolves to false when the core refused. */
export async function updateThreat(id: string, edit: (t: Threat) => Threat): Promise<boolean> {
  const current = getApp().model?.threats.get(id);
  if (!current) return false;
  const next = edit(current);
  if (JSON.stringify(next) === JSON.stringify(current)) return true;
  return (await apply({ type: 'update_threat', threat: next })) !== null;
}

export async function deleteThreat(id: string): Promise<boolean> {
  const ok = (await apply({ type: 'delete_threat', id })) !== null;
  if (ok && getApp().openThreat?.id === id) setApp({ openThreat: null });
  return ok;
}

/** Shows the threat in the inspector's editor, for the current selection. */
export function openThreat(id: string): void {
  setApp({ openThreat: { id, selection: getApp().selection }, quickThreat: null, inspectorOpen: true });
}

export function closeThreat(): void {
  if (getApp().openThreat) setApp({ openThreat: null });
}

/** Selects elements (on the diagram of the first), switching tab if needed, and centres the view on it. */
export function showElements(ids: string[]): void {
  const s = getApp();
  const first = ids.map((id) => s.model?.elements.get(id)).find((e) => e !== undefined);
  if (!first) return;
  if (s.diagramId !== first.diagram_id) selectDiagram(first.diagram_id);
  const model = getApp().model;
  setSelection(ids.filter((id) => model?.elements.get(id)?.diagram_id === first.diagram_id));
  canvasApi()?.reveal(first.id);
}

/** From the threat list: its elements selected and in view, the threat in the editor. */
export function showThreat(id: string): void {
  const t = getApp().model?.threats.get(id);
  if (!t) return;
  showElements(t.element_ids);
  openThreat(id);
}

/** From a blank coverage cell: the element selected and the quick form open on that category. */
export function logOnCell(elementId: string, category: Stride): void {
  showElements([elementId]);
  openQuickThreat([elementId], category);
}

export async function acceptSuggestion(s: Suggestion): Promise<string | null> {
  const change = await apply({ type: 'accept_suggestion', suggestion: s });
  const id = change?.created[0] ?? null;
  if (id) {
    // Open it for rating, with its element selected (it may come from the engagement-wide list).
    if (!(getApp().selection.size === 1 && getApp().selection.has(s.element_id))) showElements([s.element_id]);
    openThreat(id);
  }
  return id;
}

export async function dismissSuggestion(s: Suggestion, reason: string): Promise<boolean> {
  return (await apply({ type: 'dismiss_suggestion', suggestion: s, reason: reason.trim() })) !== null;
}

export async function setNotApplicable(elementId: string, category: Stride, reason: string | null): Promise<boolean> {
  return (await apply({ type: 'set_not_applicable', element_id: elementId, category, reason: reason === null ? null : reason.trim() })) !== null;
}

export async function setRiskMatrix(cells: RiskLevel[][]): Promise<boolean> {
  const info = getApp().model?.info;
  if (!info) return false;
  return (await apply({ type: 'set_info', info: { ...info, risk_matrix: { cells } } })) !== null;
}

export function showBottom(tab: BottomTab): void {
  setApp({ bottomOpen: true, bottomTab: tab });
}

export function toggleBottom(tab?: BottomTab): void {
  const s = getApp();
  if (tab && (!s.bottomOpen || s.bottomTab !== tab)) setApp({ bottomOpen: true, bottomTab: tab });
  else setApp({ bottomOpen: !s.bottomOpen });
}
