import { describe, expect, it } from 'vitest';
import { viewScope } from './intents/history';

describe('viewScope', () => {
  it('undoes what the view on screen changes', () => {
    expect(viewScope({ view: 'diagram', section: 'findings', presenting: false })).toBe('diagram');
    expect(viewScope({ view: 'engagement', section: 'findings', presenting: false })).toBe('findings');
    expect(viewScope({ view: 'engagement', section: 'sessions', presenting: false })).toBe('notes');
    for (const section of ['overview', 'scoping', 'checklist'] as const) {
      expect(viewScope({ view: 'engagement', section, presenting: false })).toBe('scoping');
    }
  });

  it('presenter mode shows the canvas: its scope', () => {
    expect(viewScope({ view: 'engagement', section: 'findings', presenting: true })).toBe('diagram');
  });
});
