// Small pieces the threat views share: a STRIDE letter, a risk pill.
import type { RiskLevel, Stride } from '../../bindings';
import { riskLabel, STRIDE_LABEL } from '../stride';

export function CategoryChip({ category, long = false }: { category: Stride; long?: boolean }) {
  return (
    <span className={`tl-cat is-${category}${long ? ' is-long' : ''}`} title={STRIDE_LABEL[category]}>
      <b>{category}</b>
      {long && <span>{STRIDE_LABEL[category]}</span>}
    </span>
  );
}

export function RiskPill({ level, testId, title }: { level: RiskLevel | null | undefined; testId?: string; title?: string }) {
  return (
    <span className={`tl-risk is-${level ?? 'unrated'}`} data-testid={testId} data-level={level ?? 'unrated'} title={title}>
      {riskLabel(level)}
    </span>
  );
}

