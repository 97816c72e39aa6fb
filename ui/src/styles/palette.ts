// The risk colours have one home, the Rust core (the reports draw with the same
// palette). This module sets them as CSS variables on <html> before the first
// render; every stylesheet reads var(--risk-…), and styles/tokens.css does not
// define them.
import { RISK_COLOR } from '../lib/stride';

/** CSS variable → colour: --risk-note … --risk-critical, and --risk-unrated. */
export const RISK_VARIABLES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RISK_COLOR).map(([level, colour]) => [`--risk-${level}`, colour]),
);

/** Sets the risk variables on a style declaration (the root element's). */
export function applyPalette(style: Pick<CSSStyleDeclaration, 'setProperty'>): void {
  for (const [name, colour] of Object.entries(RISK_VARIABLES)) style.setProperty(name, colour);
}

if (typeof document !== 'undefined') applyPalette(document.documentElement.style);
