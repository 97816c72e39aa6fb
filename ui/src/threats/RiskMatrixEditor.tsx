// The engagement's risk matrix: impact (rows, high at the top) × likelihood
// (columns), each cell a level. Saved with `set_info`, the rest of the info unchanged.
import type { RiskLevel } from '../bindings';
import { DEFAULT_MATRIX, isValidMatrix, RATING_LABEL, RATINGS, RISK_LABEL, RISK_LEVELS, sameMatrix } from '../shared/stride';
import { useApp } from '../app/store';
import { setRiskMatrix } from '../app/intents/threats';
import { Section } from '../shared/ui/fields';

export function RiskMatrixEditor() {
  const stored = useApp((s) => s.model?.info.risk_matrix?.cells);
  const cells = isValidMatrix(stored) ? stored : DEFAULT_MATRIX;
  const isDefault = sameMatrix(cells, DEFAULT_MATRIX);
  const set = (i: number, l: number, level: RiskLevel) => {
    if (cells[i][l] === level) return;
    void setRiskMatrix(cells.map((row, r) => row.map((c, k) => (r === i && k === l ? level : c))));
  };
  // High impact on top, as risk matrices are usually drawn.
  const rows = [2, 1, 0];
  return (
    <Section
      title="Risk matrix"
      aside={
        <button
          type="button"
          className="tl-button is-quiet is-small"
          data-testid="risk-matrix-reset"
          disabled={isDefault}
          title={isDefault ? 'This is the default matrix (OWASP risk rating)' : 'Back to the default matrix (OWASP risk rating)'}
          onClick={() => void setRiskMatrix(DEFAULT_MATRIX.map((r) => [...r]))}
        >
          Reset to default
        </button>
      }
    >
      <div className="tl-matrix" data-testid="risk-matrix" data-default={isDefault ? 'true' : 'false'}>
        <div className="tl-matrix-corner">
          <span>Impact ↓</span>
          <span>Likelihood →</span>
        </div>
        {RATINGS.map((l) => (
          <div key={l} className="tl-matrix-col">
            {RATING_LABEL[l]}
          </div>
        ))}
        {rows.map((i) => (
          <MatrixRow key={i} i={i} cells={cells} onSet={set} />
        ))}
      </div>
      <p className="tl-help is-tight">
        Each threat's level is read off this matrix from its overall impact and likelihood. Changing it re-rates every threat that is not overridden.
      </p>
    </Section>
  );
}

function MatrixRow({ i, cells, onSet }: { i: number; cells: RiskLevel[][]; onSet: (i: number, l: number, level: RiskLevel) => void }) {
  return (
    <>
      <div className="tl-matrix-row">{RATING_LABEL[RATINGS[i]]}</div>
      {RATINGS.map((lk, l) => (
        <select
          key={lk}
          className={`tl-matrix-cell is-${cells[i][l]}`}
          data-testid={`risk-cell-${RATINGS[i]}-${lk}`}
          value={cells[i][l]}
          aria-label={`Impact ${RATING_LABEL[RATINGS[i]].toLowerCase()}, likelihood ${RATING_LABEL[lk].toLowerCase()}`}
          title={`Impact ${RATING_LABEL[RATINGS[i]].toLowerCase()} × likelihood ${RATING_LABEL[lk].toLowerCase()}`}
          onChange={(e) => onSet(i, l, e.target.value as RiskLevel)}
        >
          {RISK_LEVELS.map((lvl) => (
            <option key={lvl} value={lvl}>
              {RISK_LABEL[lvl]}
            </option>
          ))}
        </select>
      ))}
    </>
  );
}
