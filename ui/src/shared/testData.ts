// Complete snapshots and changes for the UI's unit tests, so a record kind
// added to the core is added here once, not in every test file.
import type { Change_Serialize, EngagementInfo_Serialize, HistoryState_Serialize, Snapshot_Serialize, Threat_Serialize } from '../bindings';

export const testInfo: EngagementInfo_Serialize = {
  name: 'E',
  customer: '',
  application: '',
  kind: 'full_application',
  description: '',
  audience: '',
  data_handled: '',
  adversaries: '',
  risk_matrix: { cells: [] },
};

/** An engagement with one empty diagram; `over` replaces any field. */
export function testSnapshot(over: Partial<Snapshot_Serialize> = {}): Snapshot_Serialize {
  return {
    path: '/tmp/e.threatmodel',
    version: 1,
    info: testInfo,
    diagrams: [{ id: 'd1', name: 'Level 0', position: 0 }],
    elements: [],
    threats: [],
    not_applicable: [],
    dismissals: [],
    people: [],
    components: [],
    sessions: [],
    notes: [],
    questions: [],
    answers: [],
    deliveries: [],
    history: emptyHistory(),
    ...over,
  };
}

/** A change that changes nothing; `over` replaces any field. */
export function testChange(over: Partial<Change_Serialize> = {}): Change_Serialize {
  return {
    version: 2,
    label: 'Change',
    info: null,
    diagrams_put: [],
    diagrams_removed: [],
    elements_put: [],
    elements_removed: [],
    threats_put: [],
    threats_removed: [],
    not_applicable_put: [],
    not_applicable_removed: [],
    dismissals_put: [],
    dismissals_removed: [],
    people_put: [],
    people_removed: [],
    components_put: [],
    components_removed: [],
    sessions_put: [],
    sessions_removed: [],
    notes_put: [],
    notes_removed: [],
    questions_put: [],
    questions_removed: [],
    answers_put: [],
    answers_removed: [],
    deliveries_put: [],
    deliveries_removed: [],
    created: [],
    history: emptyHistory(),
    ...over,
  };
}

/** A history with nothing to undo or redo in any scope. */
export function emptyHistory(): HistoryState_Serialize {
  const none = () => ({ undo: null, redo: null });
  return { diagram: none(), notes: none(), scoping: none(), findings: none() };
}

/** A draft, unrated, manual threat on `elementIds`; `over` replaces any field. */
export function testThreat(id: string, elementIds: string[], over: Partial<Threat_Serialize> = {}): Threat_Serialize {
  return {
    id,
    element_ids: elementIds,
    category: 'I',
    title: id,
    scenario: '',
    impact: { affected_users: null, reputational: null, financial: null, rated_overall: null, rationale: '' },
    likelihood: { reproducibility: null, exploitability: null, discoverability: null, rated_overall: null, rationale: '' },
    risk_override: null,
    recommended_actions: [],
    references: [],
    origin: { type: 'manual' },
    source: null,
    lifecycle: 'draft',
    lifecycle_history: [],
    comments: [],
    ...over,
  };
}
