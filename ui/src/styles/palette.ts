// The risk colours have one home, the Rust core: the reports (PDF, SVG, XLSX)
// draw with the same palette, which the core writes into vocabulary.json. This
// module sets it as CSS variables on <html> before the first render; every
// stylesheet reads var(--risk-…), and styles/tokens.css does not define them.
import vocabulary from '../vocabulary.json';

/** CSS variable → colour: --risk-note … --risk-critical, and --risk-unrated. */
export const RISK_VARIABLES: Readonly<Record<string, string>> = Object.fromEntries([
  ...vocabulary.risk_levels.map((r) => [`--risk-${r.level}`, r.colour] as const),
  ['--risk-unrated', vocabulary.unrated_colour] as const,
]);

/** Sets the risk variables on a style declaration (the root element's). */
export function applyPalette(style: Pick<CSSStyleDeclaration, 'setProperty'>): void {
  for (const [name, colour] of Object.entries(RISK_VARIABLES)) style.setProperty(name, colour);
}

if (typeof document !== 'undefined') applyPalette(document.documentElement.style);
