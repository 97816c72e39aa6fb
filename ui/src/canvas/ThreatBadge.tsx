import type { NodeBadge } from './derive';

/** The count of threats on an element, coloured by the highest risk. */
export function ThreatBadge({ elementId, badge, inline = false }: { elementId: string; badge: NodeBadge; inline?: boolean }) {
  return (
    <span
      className={`tl-badge is-${badge.level}${inline ? ' is-inline' : ''}`}
      data-testid="badge"
      data-element={elementId}
      data-count={badge.count}
      data-level={badge.level}
      title={badge.title}
      aria-label={badge.title}
    >
      {badge.count}
    </span>
  );
}
