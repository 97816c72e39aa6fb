// Undo and redo, per undo scope. The core puts each step in the scope of its
// op (`Op::undo_scope`: diagram, notes, scoping, findings); each view undoes
// only its own, so Ctrl+Z on the canvas never takes back a finding move or a
// delivery made in Findings, and the note-taker's never the facilitator's edit.
import type { UndoScope } from '../../bindings';
import { apply } from '../sync';
import { getApp, useApp, type AppState } from '../store';

/** The scope of what the main window shows: the canvas (presenter mode too),
 *  or the Engagement view's section. */
export function viewScope(s: Pick<AppState, 'view' | 'section' | 'presenting'>): UndoScope {
  if (s.view === 'diagram' || s.presenting) return 'diagram';
  switch (s.section) {
    case 'findings':
      return 'findings';
    case 'sessions':
      return 'notes';
    default:
      return 'scoping'; // overview, scoping, checklist
  }
}

export function useViewScope(): UndoScope {
  return useApp(viewScope);
}

/** Where a scope is undone, for tooltips ("Nothing to undo in Findings"). */
export const SCOPE_PLACE: Record<UndoScope, string> = {
  diagram: 'the diagram',
  notes: 'sessions and notes',
  scoping: 'the engagement',
  findings: 'Findings',
};

export async function undo(scope: UndoScope = viewScope(getApp())): Promise<void> {
  if (!getApp().model?.history[scope].undo) return;
  await apply({ type: 'undo', scope });
}

export async function redo(scope: UndoScope = viewScope(getApp())): Promise<void> {
  if (!getApp().model?.history[scope].redo) return;
  await apply({ type: 'redo', scope });
}
