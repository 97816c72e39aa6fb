import { describe, expect, it } from 'vitest';
import { NO_RATING, nextAxis, quickFormAction, ratingFromKey, ratingKey, ratingText, type QuickRating } from './quickKeys';

const letters = (key: string) => (key.length === 1 && 'STRIDE'.includes(key.toUpperCase()) ? key.toUpperCase() : null);
const press = (key: string, where: Parameters<typeof quickFormAction>[1], rating: QuickRating = NO_RATING, mods = {}) =>
  quickFormAction({ key, ...mods }, where, rating, letters);

describe('the quick form rating keys', () => {
  it('reads L/M/H and 1/2/3 in either case', () => {
    expect(['l', 'L', '1'].map(ratingFromKey)).toEqual(['low', 'low', 'low']);
    expect(['m', 'M', '2'].map(ratingFromKey)).toEqual(['medium', 'medium', 'medium']);
    expect(['h', 'H', '3'].map(ratingFromKey)).toEqual(['high', 'high', 'high']);
    expect(['x', '4', 'Enter', 'Tab', ' '].map(ratingFromKey)).toEqual([null, null, null, null, null]);
  });

  it('rates impact, then likelihood; a third key starts over', () => {
    const one = ratingKey(NO_RATING, 'h');
    expect(one).toEqual({ impact: 'high', likelihood: null });
    expect(nextAxis(one!)).toBe('likelihood');
    const two = ratingKey(one!, '2');
    expect(two).toEqual({ impact: 'high', likelihood: 'medium' });
    expect(ratingKey(two!, 'l')).toEqual({ impact: 'low', likelihood: null });
    // A likelihood clicked first stays when impact is typed.
    expect(ratingKey({ impact: null, likelihood: 'low' }, 'm')).toEqual({ impact: 'medium', likelihood: 'low' });
  });

  it('takes the last level back with Backspace', () => {
    const both: QuickRating = { impact: 'high', likelihood: 'medium' };
    expect(ratingKey(both, 'Backspace')).toEqual({ impact: 'high', likelihood: null });
    expect(ratingKey({ impact: 'high', likelihood: null }, 'Backspace')).toEqual(NO_RATING);
    expect(ratingKey(NO_RATING, 'Enter')).toBeNull();
  });

  it('says what is given', () => {
    const label = (r: string) => r.toUpperCase();
    expect(ratingText(NO_RATING, label)).toBeNull();
    expect(ratingText({ impact: 'high', likelihood: 'low' }, label)).toBe('impact HIGH, likelihood LOW');
  });
});

describe('the quick form keys', () => {
  it('never takes over typing the title', () => {
    for (const key of ['h', 'M', 'l', '1', '3', 's', 'T', 'Backspace', ' ']) {
      expect(press(key, 'title')).toEqual({ do: 'type' });
    }
  });

  it('goes from the title to the rating with Tab, and back with Shift+Tab', () => {
    expect(press('Tab', 'title')).toEqual({ do: 'focus', field: 'rating' });
    expect(press('Tab', 'rating', NO_RATING, { shift: true })).toEqual({ do: 'focus', field: 'title' });
    // Shift+Tab from the title is the browser's.
    expect(press('Tab', 'title', NO_RATING, { shift: true })).toEqual({ do: 'type' });
  });

  it('rates in the rating field: title, Tab, H, M, Enter', () => {
    let rating = NO_RATING;
    for (const key of ['h', 'm']) {
      const a = press(key, 'rating', rating);
      expect(a.do).toBe('rate');
      if (a.do === 'rate') rating = a.rating;
    }
    expect(rating).toEqual({ impact: 'high', likelihood: 'medium' });
    expect(press('Enter', 'rating', rating)).toEqual({ do: 'save', open: false });
    expect(press('Enter', 'title', rating, { ctrl: true })).toEqual({ do: 'save', open: true });
  });

  it('picks a STRIDE letter outside the text fields, or with Alt in one', () => {
    expect(press('i', 'form')).toEqual({ do: 'pick', letter: 'I' });
    expect(press('d', 'rating')).toEqual({ do: 'pick', letter: 'D' });
    expect(press('i', 'title', NO_RATING, { alt: true })).toEqual({ do: 'pick', letter: 'I' });
    expect(press('Escape', 'title')).toEqual({ do: 'cancel' });
  });

  it('does not rate when marking not applicable', () => {
    expect(quickFormAction({ key: 'h' }, 'rating', NO_RATING, letters, 'na')).toEqual({ do: 'type' });
    expect(quickFormAction({ key: 'Tab' }, 'title', NO_RATING, letters, 'na')).toEqual({ do: 'type' });
    expect(quickFormAction({ key: 'Enter', ctrl: true }, 'reason', NO_RATING, letters, 'na')).toEqual({ do: 'type' });
  });
});
