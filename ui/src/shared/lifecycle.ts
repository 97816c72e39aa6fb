// A finding's status — its one lifecycle — as the core names it, and the moves it allows
// (`FindingState::next`, from the core's vocabulary).
import type { FindingState } from '../bindings';
import { FINDING_WORDS, labels, mapBy, VOCABULARY } from './vocabulary';

export const FINDING_STATES: readonly FindingState[] = VOCABULARY.finding_states.map((f) => f.state);

export const FINDING_LABEL: Record<FindingState, string> = labels(VOCABULARY.finding_states, (f) => f.state);

/** The verb on the button that makes the move. */
export const MOVE_LABEL: Record<FindingState, string> = mapBy(VOCABULARY.finding_states, (f) => f.state, (f) => f.move_label);

/** Still to be dealt with (the core's `FindingState::is_open`). */
export function isOpen(state: FindingState): boolean {
  return FINDING_WORDS[state]?.open ?? true;
}

/** The moves the process allows from `state`. */
export function nextStates(state: FindingState | null | undefined): readonly FindingState[] {
  return FINDING_WORDS[state ?? 'draft']?.next ?? [];
}
