// The quick form's rating keys: after the title, Tab, then two keys rate the
// threat overall — impact first, then likelihood — as the core's
// `Impact::rated_overall` and `Likelihood::rated_overall`. Only the rating
// field reads them, so typing a title is never taken over.
import type { Rating } from '../bindings';

export interface QuickRating {
  impact: Rating | null;
  likelihood: Rating | null;
}

export const NO_RATING: QuickRating = { impact: null, likelihood: null };

/** L/M/H or 1/2/3 (either case) to a rating; anything else to null. */
export function ratingFromKey(key: string): Rating | null {
  switch (key.toLowerCase()) {
    case 'l':
    case '1':
      return 'low';
    case 'm':
    case '2':
      return 'medium';
    case 'h':
    case '3':
      return 'high';
    default:
      return null;
  }
}

/** Which axis the next rating key sets: impact until it is given, then
 *  likelihood; with both given, a key starts over with impact. */
export function nextAxis(r: QuickRating): 'impact' | 'likelihood' {
  return r.impact === null || r.likelihood !== null ? 'impact' : 'likelihood';
}

/** A key pressed in the rating field: the rating it leads to, or null when the
 *  key is not one of the field's (Enter, Tab, Esc… are the form's). */
export function ratingKey(r: QuickRating, key: string): QuickRating | null {
  if (key === 'Backspace' || key === 'Delete') {
    // Takes back the last level given.
    if (r.likelihood !== null) return { ...r, likelihood: null };
    if (r.impact !== null) return { ...r, impact: null };
    return r;
  }
  const level = ratingFromKey(key);
  if (!level) return null;
  if (r.impact === null) return { ...r, impact: level };
  if (r.likelihood === null) return { ...r, likelihood: level };
  return { impact: level, likelihood: null };
}

/** "impact High, likelihood Medium" for what is given, or null when nothing is. */
export function ratingText(r: QuickRating, label: (level: Rating) => string): string | null {
  const parts = [
    r.impact ? `impact ${label(r.impact)}` : null,
    r.likelihood ? `likelihood ${label(r.likelihood)}` : null,
  ].filter((p) => p !== null);
  return parts.length ? parts.join(', ') : null;
}

/** Where a key was pressed in the quick form. */
export type QuickField = 'title' | 'rating' | 'reason' | 'form';

export interface QuickKey {
  key: string;
  shift?: boolean;
  ctrl?: boolean;
  alt?: boolean;
}

/** What the quick form does with a key. `type` lets the key through (typing
 *  in a field, or the browser's own Tab). */
export type QuickAction =
  | { do: 'cancel' }
  | { do: 'save'; open: boolean }
  | { do: 'pick'; letter: string }
  | { do: 'focus'; field: 'title' | 'rating' }
  | { do: 'rate'; rating: QuickRating }
  | { do: 'type' };

/** The quick form's keys, in one place (unit-tested): Esc cancels; Enter
 *  saves (Ctrl+Enter saves and opens); a STRIDE letter picks the category
 *  outside a text field (or with Alt in one); in the title, Tab goes to the
 *  rating and every other key types; in the rating, L/M/H or 1/2/3 rate
 *  impact then likelihood, Backspace takes one back, Shift+Tab goes back to
 *  the title. `letter` maps a key to an offered STRIDE letter. */
export function quickFormAction(
  k: QuickKey,
  where: QuickField,
  rating: QuickRating,
  letter: (key: string) => string | null,
  mode: 'threat' | 'na' = 'threat',
): QuickAction {
  if (k.key === 'Escape') return { do: 'cancel' };
  if (k.ctrl) return k.key === 'Enter' && mode === 'threat' ? { do: 'save', open: true } : { do: 'type' };
  if (k.key === 'Enter') return { do: 'save', open: false };
  if (mode === 'threat') {
    if (where === 'title' && k.key === 'Tab' && !k.shift) return { do: 'focus', field: 'rating' };
    if (where === 'rating' && k.key === 'Tab' && k.shift) return { do: 'focus', field: 'title' };
    if (where === 'rating' && !k.alt) {
      const next = ratingKey(rating, k.key);
      if (next) return { do: 'rate', rating: next };
    }
  }
  const inText = where === 'title' || where === 'reason';
  if (!inText || k.alt) {
    const l = letter(k.key);
    if (l) return { do: 'pick', letter: l };
  }
  return { do: 'type' };
}
