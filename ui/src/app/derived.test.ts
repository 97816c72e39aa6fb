import { describe, expect, it } from 'vitest';
import type { Suggestion } from '../bindings';
import { fromSnapshot } from './model';
import { ruleFileName } from './sync';
import { stillPending } from './derived';

const sug = (rule: string, element: string, category: Suggestion['category']): Suggestion => ({
  key: `${rule}@${element}`,
  rule_id: rule,
  element_id: element,
  category,
  title: rule,
  scenario: '',
  recommended_actions: [],
  references: [],
});

describe('stillPending', () => {
  it('leaves out what the model shows as accepted, dismissed or not applicable', () => {
    const model = fromSnapshot({
      path: '/x',
      version: 1,
      info: { name: 'E', customer: '', application: '', kind: 'full_application', description: '' },
      diagrams: [],
      elements: [],
      threats: [
        {
          id: 't1',
          element_ids: ['f'],
          category: 'T',
          title: 'x',
          scenario: '',
          impact: { rationale: '' },
          likelihood: { rationale: '' },
          recommended_actions: [],
          status: 'open',
          references: [],
          origin: { type: 'rule', rule_id: 'a', key: 'a@f' },
        },
      ],
      not_applicable: [{ id: 'f:D', element_id: 'f', category: 'D', reason: 'CDN' }],
      dismissals: [{ id: 'b@f', reason: 'no' }],
      history: {},
    } as never);
    const list = [sug('a', 'f', 'T'), sug('b', 'f', 'T'), sug('c', 'f', 'D'), sug('d', 'f', 'I'), sug('a', 'g', 'T')];
    expect(stillPending(list, model).map((s) => s.key)).toEqual(['d@f', 'a@g']);
    expect(stillPending(list, null)).toHaveLength(5);
  });
});

describe('ruleFileName', () => {
  it('keeps the folder and the file', () => {
    expect(ruleFileName('/home/u/.local/share/threatloom/rules/mine.toml')).toBe('rules/mine.toml');
    expect(ruleFileName('C:\\Users\\u\\rules\\x.toml')).toBe('rules/x.toml');
    expect(ruleFileName('builtin')).toBe('builtin');
  });
});
