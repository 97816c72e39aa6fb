import { describe, expect, it } from 'vitest';
import {
  APPLICABLE,
  applicableFor,
  badgeView,
  cellView,
  DEFAULT_MATRIX,
  isValidMatrix,
  letterFromKey,
  normalizeReference,
  percentText,
  RISK_COLOR,
  RISK_LEVELS,
} from './stride';

describe('STRIDE per element', () => {
  it('follows the SDL table', () => {
    expect(APPLICABLE.external_entity).toEqual(['S', 'R']);
    expect(APPLICABLE.process).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
    expect(APPLICABLE.data_store).toEqual(['T', 'R', 'I', 'D']);
    expect(APPLICABLE.data_flow).toEqual(['T', 'I', 'D']);
    expect(APPLICABLE.trust_boundary).toEqual([]);
  });

  it('intersects the letters over several affected elements', () => {
    expect(applicableFor(['process'])).toEqual(['S', 'T', 'R', 'I', 'D', 'E']);
    expect(applicableFor(['process', 'data_store'])).toEqual(['T', 'R', 'I', 'D']);
    expect(applicableFor(['data_store', 'data_flow'])).toEqual(['T', 'I', 'D']);
    expect(applicableFor(['external_entity', 'data_flow'])).toEqual([]);
    expect(applicableFor(['process', 'trust_boundary'])).toEqual([]);
    expect(applicableFor([])).toEqual([]);
  });

  it('maps a typed key to an offered letter only', () => {
    expect(letterFromKey('i', ['T', 'I', 'D'])).toBe('I');
    expect(letterFromKey('D', ['T', 'I', 'D'])).toBe('D');
    expect(letterFromKey('s', ['T', 'I', 'D'])).toBeNull();
    expect(letterFromKey('Enter', ['T', 'I', 'D'])).toBeNull();
  });
});

describe('badges', () => {
  it('colours by the highest level, grey when unrated, nothing without threats', () => {
    expect(badgeView({ count: 2, highest: 'high' })).toMatchObject({ count: 2, level: 'high', color: RISK_COLOR.high });
    expect(badgeView({ count: 1, highest: null })).toMatchObject({ count: 1, level: 'unrated', color: RISK_COLOR.unrated });
    expect(badgeView({ count: 1 })?.title).toBe('1 threat, none rated yet');
    expect(badgeView({ count: 3, highest: 'critical' })?.title).toBe('3 threats; highest risk: Critical');
    expect(badgeView({ count: 0, highest: null })).toBeNull();
    expect(badgeView(undefined)).toBeNull();
  });

  it('gives every level its own colour', () => {
    const colours = new Set([...RISK_LEVELS, 'unrated' as const].map((l) => RISK_COLOR[l]));
    expect(colours.size).toBe(6);
  });
});

describe('coverage cells', () => {
  it('maps each state to its text and tooltip', () => {
    expect(cellView('T', { state: 'threats', count: 2 }, 'Login')).toMatchObject({ state: 'threats', text: '2', count: 2 });
    const na = cellView('D', { state: 'not_applicable', reason: 'Rate-limited by the CDN' }, 'Login');
    expect(na).toMatchObject({ state: 'not_applicable', text: 'N/A' });
    expect(na.title).toContain('Rate-limited by the CDN');
    expect(na.title).toContain('Denial of service');
    const blank = cellView('I', { state: 'not_considered' }, '');
    expect(blank).toMatchObject({ state: 'not_considered', text: '' });
    expect(blank.title).toContain('this element');
  });

  it('shows the figure as a whole percent, never rounding to all or nothing', () => {
    expect(percentText(83.33)).toBe('83 %');
    expect(percentText(99.7)).toBe('99 %');
    expect(percentText(100)).toBe('100 %');
    expect(percentText(0.2)).toBe('1 %');
    expect(percentText(0)).toBe('0 %');
    expect(percentText(null)).toBe('—');
  });
});

describe('references and the matrix', () => {
  it('normalizes CWE and CAPEC ids and refuses anything else', () => {
    expect(normalizeReference('cwe-79')).toBe('CWE-79');
    expect(normalizeReference(' CAPEC 94 ')).toBe('CAPEC-94');
    expect(normalizeReference('CWE:319')).toBe('CWE-319');
    expect(normalizeReference('OWASP-A01')).toBeNull();
    expect(normalizeReference('CWE-1234567')).toBeNull();
    expect(normalizeReference('')).toBeNull();
  });

  it('knows a valid matrix', () => {
    expect(isValidMatrix(DEFAULT_MATRIX)).toBe(true);
    expect(isValidMatrix([])).toBe(false);
    expect(isValidMatrix([['note', 'low'], ['low', 'medium', 'high'], ['medium', 'high', 'critical']])).toBe(false);
    expect(isValidMatrix([['note', 'low', 'bad'], ['low', 'medium', 'high'], ['medium', 'high', 'critical']])).toBe(false);
  });
});
