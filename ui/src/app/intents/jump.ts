// Going to a record from wherever the user is (the command palette, Findings,
// a note's links): the view that shows it, switched to, with the record
// selected, opened or scrolled into view. Nothing here writes to the file.
import { getApp, selectDiagram, setApp, type Section } from '../store';
import { showElements, showThreat } from './threats';
import { showView } from './view';

/** Selects elements on their diagram (switching view and tab) and centres the first. */
export function showOnCanvas(ids: string[]): void {
  if (getApp().view === 'diagram') {
    showElements(ids);
    return;
  }
  showView('diagram');
  // The canvas mounts first.
  globalThis.setTimeout(() => showElements(ids), 0);
}

/** The threat's elements selected on the canvas and the threat in the inspector's editor. */
export function showThreatInEditor(id: string): void {
  if (!getApp().model?.threats.has(id)) return;
  if (getApp().view === 'diagram') {
    showThreat(id);
    return;
  }
  showView('diagram');
  globalThis.setTimeout(() => showThreat(id), 0);
}

/** A finding chosen in Findings. */
export function showFinding(id: string): void {
  if (!getApp().model?.threats.has(id)) return;
  showSection('findings');
  setApp({ finding: id });
}

/** A person (Overview), a session or a note (Sessions): the section, and the record spotlit. */
export function showInSection(section: Section, id: string): void {
  showSection(section);
  const seq = (getApp().spotlight?.seq ?? 0) + 1;
  setApp({ spotlight: { id, seq } });
  // The mark fades; a later jump to the same record marks it again.
  globalThis.setTimeout(() => {
    if (getApp().spotlight?.seq === seq) setApp({ spotlight: null });
  }, 2500);
}

function showSection(section: Section): void {
  setApp({ section });
  showView('engagement');
}

export type JumpKind = 'diagram' | 'element' | 'threat' | 'finding' | 'session' | 'note' | 'person';

/** Goes to a record found in the palette; `other` (Shift+Enter) the other
 *  place a threat shows: Findings for a threat, the diagram for a finding.
 *  While presenting only the canvas shows: elements and threats are selected
 *  there, nothing else opens. Says whether it went anywhere. */
export function jumpTo(kind: JumpKind, id: string, other = false): boolean {
  const s = getApp();
  const m = s.model;
  if (!m) return false;
  switch (kind) {
    case 'diagram':
      if (!m.diagrams.some((d) => d.id === id)) return false;
      if (s.view !== 'diagram' && !s.presenting) showView('diagram');
      selectDiagram(id);
      return true;
    case 'element':
      if (!m.elements.has(id)) return false;
      showOnCanvas([id]);
      return true;
    case 'threat':
    case 'finding': {
      const t = m.threats.get(id);
      if (!t) return false;
      if (s.presenting) showElements(t.element_ids);
      else if ((kind === 'finding') !== other) showFinding(id);
      else showThreatInEditor(id);
      return true;
    }
    case 'session':
      if (!m.sessions.has(id) || s.presenting) return false;
      showInSection('sessions', id);
      return true;
    case 'note':
      if (!m.notes.has(id) || s.presenting) return false;
      showInSection('sessions', id);
      return true;
    case 'person':
      if (!m.people.has(id) || s.presenting) return false;
      showInSection('overview', id);
      return true;
  }
}
