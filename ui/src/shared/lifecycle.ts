// A finding's delivery states as the UI names them. The moves offered mirror
// the core's `FindingState::next` (the core refuses any other, so a drift shows
// as a refusal, never as a wrong state).
import type { FindingState } from '../bindings';

export const FINDING_STATES: readonly FindingState[] = ['draft', 'reported', 'validated', 'disputed', 'accepted', 'mitigated', 'false_positive'];

export const FINDING_LABEL: Record<FindingState, string> = {
  draft: 'Draft',
  reported: 'Reported',
  validated: 'Validated',
  disputed: 'Disputed',
  accepted: 'Accepted',
  mitigated: 'Mitigated',
  false_positive: 'False positive',
};

/** The verb on the button that makes the move. */
export const MOVE_LABEL: Record<FindingState, string> = {
  draft: 'Back to draft',
  reported: 'Mark reported',
  validated: 'Customer validated',
  disputed: 'Customer disputed',
  accepted: 'Risk accepted',
  mitigated: 'Mitigated',
  false_positive: 'False positive',
};

const NEXT: Record<FindingState, readonly FindingState[]> = {
  draft: ['reported'],
  reported: ['validated', 'disputed', 'draft'],
  validated: ['accepted', 'mitigated', 'disputed'],
  disputed: ['validated', 'false_positive', 'reported'],
  accepted: ['mitigated', 'validated'],
  mitigated: ['validated'],
  false_positive: ['disputed'],
};

/** The moves the process allows from `state`. */
export function nextStates(state: FindingState | null | undefined): readonly FindingState[] {
  return NEXT[state ?? 'draft'] ?? [];
}
