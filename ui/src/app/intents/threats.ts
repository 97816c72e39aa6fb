// Intentions on threats, suggestions and coverage. Each write is one op through
// `apply`; the model changes only from the core's answer.
import type { LibraryEntry_Deserialize, Rating, RiskLevel, Stride, Suggestion, Threat_Deserialize } from '../../bindings';
import { canvasApi } from '../canvasApi';
import { APPLICABLE, applicableFor, STRIDE_LABEL } from '../../shared/stride';
import { KIND_LABEL, elementLabel } from '../../shared/kinds';
import { clipText, namesText, planPaste, threatsText, type ThreatClip } from '../../shared/threatClipboard';
import { apply } from '../sync';
import type { Element, Threat } from '../model';
import { getApp, selectDiagram, setApp, setSelection, toast, type BottomTab } from '../store';

/** Opens the quick threat form on `elementIds` (default: the selection), with
 *  `category` picked if given. Says why not when nothing there takes threats. */
export function openQuickThreat(elementIds?: string[], category: Stride | null = null): boolean {
  const s = getApp();
  // Not while presenting: the form would be hidden, and pop up afterwards.
  if (!s.model || s.presenting) return false;
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

/** A new threat as logged during a session: the core fills in every other
 *  field. Impact and likelihood given overall go with it, so logging a rated
 *  threat is one step (one undo). */
export function blankThreat(
  elementIds: string[],
  category: Stride,
  title: string,
  rating: { impact: Rating | null; likelihood: Rating | null } = { impact: null, likelihood: null },
): Threat_Deserialize {
  const t: Threat_Deserialize = { element_ids: elementIds, category, title };
  if (rating.impact) t.impact = { rated_overall: rating.impact, rationale: '' };
  if (rating.likelihood) t.likelihood = { rated_overall: rating.likelihood, rationale: '' };
  return t;
}

/** Logs a threat typed by hand, rated overall if `rating` gives levels; `open`
 *  shows it in the editor. Resolves to its id. */
export async function addThreat(
  elementIds: string[],
  category: Stride,
  title: string,
  open = false,
  rating?: { impact: Rating | null; likelihood: Rating | null },
): Promise<string | null> {
  const change = await apply({ type: 'add_threat', threat: blankThreat(elementIds, category, title.trim(), rating) });
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

/** Rates the threat overall: each level given replaces that axis's factors;
 *  null clears the axis's overall level (its factors stay). One step. */
export async function rateThreat(id: string, impact: Rating | null, likelihood: Rating | null): Promise<boolean> {
  return (await apply({ type: 'rate_threat', id, impact, likelihood })) !== null;
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

// ---- reusing threats: copy, paste, move, the library ----

/** Copies threats onto each element (every field and the history kept, new
 *  ids), in one undoable step. Resolves to the new threats' ids. */
export async function copyThreatsOnto(threats: Threat_Deserialize[], elementIds: string[]): Promise<string[] | null> {
  const change = await apply({ type: 'copy_threats', threats, element_ids: elementIds });
  return change ? change.created : null;
}

/** The same threats (ids, status, history) now on `elementIds`: one step. */
export async function moveThreats(threatIds: string[], elementIds: string[]): Promise<boolean> {
  return (await apply({ type: 'move_threats', threat_ids: threatIds, element_ids: elementIds })) !== null;
}

/** A library entry applied: a new threat on each element, one step. */
export async function applyLibraryEntry(entry: LibraryEntry_Deserialize, elementIds: string[]): Promise<string[] | null> {
  const change = await apply({ type: 'apply_library_entry', entry, element_ids: elementIds });
  return change ? change.created : null;
}

/** A newer version of the entry these threats came from: its text taken
 *  (`take`) or the team's kept; either way they follow that version. */
export async function takeLibraryUpdate(threatIds: string[], entry: LibraryEntry_Deserialize, take: boolean): Promise<boolean> {
  return (await apply({ type: 'take_library_update', threat_ids: threatIds, entry, take })) !== null;
}

function elementsOf(ids: Iterable<string>): Element[] {
  const model = getApp().model;
  return [...ids].flatMap((id) => model?.elements.get(id) ?? []);
}

/** Ctrl+C on threats: kept in the store (it outlives the engagement). Returns
 *  the text for the system clipboard, or null when none of `ids` is a threat. */
export function copyThreats(ids: readonly string[]): string | null {
  const model = getApp().model;
  const threats = [...new Set(ids)].flatMap((id) => model?.threats.get(id) ?? []);
  if (!model || threats.length === 0) return null;
  const text = clipText(threats, model.info.name, model.path);
  setApp({ copied: { from: model.info.name, file: model.path, threats } });
  toast(`${threatsText(threats.map((t) => t.title))} copied: select elements, Ctrl+V pastes ${threats.length === 1 ? 'it' : 'them'} there`, 'info');
  return text;
}

/** "Spoofing does not apply to DB and Cache". */
function skippedText(skipped: { category: Stride; elementId: string }[]): string {
  const byCat = new Map<Stride, string[]>();
  for (const { category, elementId } of skipped) {
    const names = byCat.get(category) ?? [];
    const name = elementLabel(getApp().model?.elements.get(elementId));
    if (!names.includes(name)) names.push(name);
    byCat.set(category, names);
  }
  return [...byCat].map(([c, names]) => `${STRIDE_LABEL[c]} does not apply to ${namesText(names)}`).join('; ');
}

/** Ctrl+V: the copied threats onto the selected elements (or `elementIds`),
 *  each where its STRIDE category applies. Threats going to the same elements
 *  are one copy, so the usual paste is one undoable step. Resolves to the
 *  number of threats made. */
export async function pasteThreats(clip: ThreatClip, elementIds?: string[]): Promise<number> {
  const model = getApp().model;
  if (!model) return 0;
  const what = threatsText(clip.threats.map((t) => t.title));
  const targets = elementsOf(elementIds ?? getApp().selection).filter((e) => e.kind !== 'trust_boundary');
  if (targets.length === 0) {
    toast(`Select the elements to paste ${what} on, then Ctrl+V`, 'info');
    return 0;
  }
  // The note a threat was promoted from is a record of its own file only.
  const here = clip.file === model.path;
  const threats = here ? clip.threats : clip.threats.map((t) => ({ ...t, source: null }));
  const plan = planPaste(threats, targets);
  const skipped = skippedText(plan.skipped);
  if (plan.groups.length === 0) {
    toast(`${what} not pasted: ${skipped}`, 'info');
    return 0;
  }
  let made = 0;
  const pasted: string[] = [];
  const onto = new Set<string>();
  for (const g of plan.groups) {
    const created = await copyThreatsOnto(g.threats, g.elementIds);
    if (!created) break;
    made += created.length;
    pasted.push(...g.threats.map((t) => t.title));
    for (const id of g.elementIds) onto.add(id);
  }
  if (made > 0) {
    const from = here || !clip.from ? '' : ` from ${clip.from}`;
    const names = namesText(elementsOf(onto).map((e) => elementLabel(e)));
    toast(`${threatsText(pasted)}${from} pasted on ${names}${skipped ? ` · ${skipped}` : ''}`, 'info');
  }
  return made;
}

/** From the editor: a copy of the threat on each of `elementIds`, one step. */
export async function copyThreatTo(id: string, elementIds: string[]): Promise<boolean> {
  const t = getApp().model?.threats.get(id);
  if (!t) return false;
  const created = await copyThreatsOnto([t], elementIds);
  if (created) toast(`${threatsText([t.title])} copied to ${namesText(elementsOf(elementIds).map((e) => elementLabel(e)))}`, 'info');
  return created !== null;
}

/** From the editor: the threat now on `elementIds` instead, one step; its new
 *  place is shown, with the threat still in the editor. */
export async function moveThreatTo(id: string, elementIds: string[]): Promise<boolean> {
  const t = getApp().model?.threats.get(id);
  if (!t || !(await moveThreats([id], elementIds))) return false;
  toast(`${threatsText([t.title])} moved to ${namesText(elementsOf(elementIds).map((e) => elementLabel(e)))}`, 'info');
  showThreat(id);
  return true;
}

/** Why the threats cannot be dropped on the element (moved, or copied with
 *  `copy`), or null when they can. */
export function dropRefusal(threatIds: readonly string[], elementId: string, copy: boolean): string | null {
  const model = getApp().model;
  const e = model?.elements.get(elementId);
  if (!model || !e) return 'Drop it on an element';
  if (e.kind === 'trust_boundary') return 'A trust boundary takes no threats';
  const threats = threatIds.flatMap((id) => model.threats.get(id) ?? []);
  if (threats.length === 0) return 'The threat is gone';
  const wrong = threats.find((t) => !APPLICABLE[e.kind]?.includes(t.category));
  if (wrong) return `${STRIDE_LABEL[wrong.category]} does not apply to a ${KIND_LABEL[e.kind].toLowerCase()}`;
  if (!copy && threats.every((t) => t.element_ids.length === 1 && t.element_ids[0] === elementId)) {
    return `Already on ${elementLabel(e)}`;
  }
  return null;
}

/** A threat row dropped on an element: moved there (or copied, `copy`). */
export async function dropThreats(threatIds: string[], elementId: string, copy: boolean): Promise<boolean> {
  const model = getApp().model;
  const refusal = dropRefusal(threatIds, elementId, copy);
  if (!model || refusal) {
    if (refusal) toast(refusal, 'info');
    return false;
  }
  const threats = threatIds.flatMap((id) => model.threats.get(id) ?? []);
  const what = threatsText(threats.map((t) => t.title));
  const name = elementLabel(model.elements.get(elementId));
  if (copy) {
    const ok = (await copyThreatsOnto(threats, [elementId])) !== null;
    if (ok) toast(`${what} copied to ${name}`, 'info');
    return ok;
  }
  const ok = await moveThreats(threatIds, [elementId]);
  if (ok) toast(`${what} moved to ${name}`, 'info');
  return ok;
}
