// With nothing selected: where the threat model stands (threats by level, coverage).
import { useMemo } from 'react';
import type { RiskLevel } from '../bindings';
import { percentText, RISK_LABEL, RISK_LEVELS } from '../shared/stride';
import { useApp } from '../app/store';
import { showBottom } from '../app/intents/threats';
import { Section } from '../shared/ui/fields';

export function ThreatSummary() {
  const threats = useApp((s) => s.model?.threats);
  const risks = useApp((s) => s.overview?.data.risks);
  const coverage = useApp((s) => s.coverage?.data);
  const byLevel = useMemo(() => {
    const m = new Map<RiskLevel | 'unrated', number>();
    if (threats) for (const t of threats.values()) {
      const l = risks?.[t.id]?.effective ?? 'unrated';
      m.set(l, (m.get(l) ?? 0) + 1);
    }
    return m;
  }, [threats, risks]);
  const total = threats?.size ?? 0;
  return (
    <Section title="Threat model">
      <div className="tl-summary" data-testid="threat-summary">
        <button type="button" className="tl-summary-tile" onClick={() => showBottom('threats')} title="Open the threat list">
          <span className="tl-summary-n">{total}</span>
          <span className="tl-summary-label">threat{total === 1 ? '' : 's'}</span>
        </button>
        <button type="button" className="tl-summary-tile" onClick={() => showBottom('coverage')} title="Open the coverage matrix">
          <span className="tl-summary-n">{percentText(coverage?.percent)}</span>
          <span className="tl-summary-label">coverage{coverage ? ` · ${coverage.considered}/${coverage.total}` : ''}</span>
        </button>
      </div>
      {total > 0 && (
        <div className="tl-level-bars">
          {[...RISK_LEVELS].reverse().map((l) => (
            <span key={l} className={`tl-level-count is-${l}${byLevel.get(l) ? '' : ' is-zero'}`} title={`${RISK_LABEL[l]}: ${byLevel.get(l) ?? 0}`}>
              {RISK_LABEL[l]} <b>{byLevel.get(l) ?? 0}</b>
            </span>
          ))}
          {byLevel.get('unrated') ? (
            <span className="tl-level-count is-unrated" title="Not rated yet">
              Not rated <b>{byLevel.get('unrated')}</b>
            </span>
          ) : null}
        </div>
      )}
      <button type="button" className="tl-button is-quiet is-small" onClick={() => showBottom('suggestions')}>
        Review the rules' suggestions →
      </button>
    </Section>
  );
}
