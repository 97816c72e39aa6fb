// "Did we do a good enough job?": in-scope elements × the STRIDE categories that
// apply to each; a blank cell opens the quick threat form on that category.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CoverageRow, Stride } from '../bindings';
import { KindIcon } from '../shared/ui/icons';
import { cellView, percentText, STRIDE, STRIDE_LABEL } from '../shared/stride';
import { useApp } from '../app/store';
import { logOnCell, showElements } from '../app/intents/threats';
import { Segmented } from '../shared/ui/Segmented';
import { SCOPES } from '../shared/threatFilters';

const PAGE = 300;

export function CoverageMatrix() {
  // The matrix needs every row: until the read that asked for them answers, it is computing.
  const coverage = useApp((s) => (s.coverage?.allRows && s.model && s.coverage.path === s.model.path ? s.coverage.data : null));
  const diagrams = useApp((s) => s.model?.diagrams);
  const diagramId = useApp((s) => s.diagramId);
  const elements = useApp((s) => s.model?.elements);
  const selectedId = useApp((s) => (s.selection.size === 1 ? [...s.selection][0] : null));
  const wrap = useRef<HTMLDivElement>(null);
  const [scope, setScope] = useState<'diagram' | 'all'>('diagram');
  const [gapsOnly, setGapsOnly] = useState(false);
  const [limit, setLimit] = useState(PAGE);
  const several = (diagrams?.length ?? 0) > 1;
  const diagramName = useMemo(() => new Map(diagrams?.map((d) => [d.id, d.name])), [diagrams]);

  const rows = useMemo(() => {
    if (!coverage) return [];
    return coverage.rows
      .filter((r) => !(scope === 'diagram' && several && r.diagram_id !== diagramId))
      .filter((r) => !gapsOnly || r.cells.some((c) => c.state.state === 'not_considered'))
      .sort((a, b) => kindOrder(a) - kindOrder(b) || a.name.localeCompare(b.name));
  }, [coverage, scope, several, diagramId, gapsOnly]);

  // The selected element's row is highlighted and brought into view.
  const hasRows = rows.length > 0;
  useEffect(() => {
    if (!selectedId || !hasRows) return;
    const tr = wrap.current?.querySelector(`tr[data-element="${CSS.escape(selectedId)}"]`);
    if (tr instanceof HTMLElement) tr.scrollIntoView({ block: 'nearest' });
  }, [selectedId, hasRows]);

  if (!coverage) return <div className="tl-empty-list">Computing coverage…</div>;
  const pct = coverage.percent;
  const outOfScope = coverage.out_of_scope.filter(
    (o) => !(scope === 'diagram' && several && elements?.get(o.element_id)?.diagram_id !== diagramId),
  );

  return (
    <div className="tl-coverage" data-testid="coverage-matrix">
      <div className="tl-coverage-head">
        <div className="tl-coverage-figure" data-testid="coverage-figure" data-considered={coverage.considered} data-total={coverage.total} data-percent={pct ?? ''}>
          <span className="tl-coverage-pct">{percentText(pct)}</span>
          <span className="tl-coverage-what">
            {pct === null ? 'nothing to cover yet: no element in scope' : 'of element-categories considered'}
            <span className="tl-muted">
              {' '}
              · {coverage.considered} of {coverage.total}
            </span>
          </span>
        </div>
        <div className="tl-coverage-bar" aria-hidden="true">
          <div style={{ width: `${Math.max(0, Math.min(100, pct ?? 0))}%` }} />
        </div>
        <span className="tl-spacer" />
        {several && (
          <Segmented small label="Which elements" testId="coverage-scope" value={scope} options={SCOPES} onChange={setScope} />
        )}
        <label className="tl-toggle">
          <input type="checkbox" checked={gapsOnly} data-testid="coverage-gaps" onChange={(e) => setGapsOnly(e.target.checked)} />
          Only elements with gaps
        </label>
        <Legend />
      </div>
      <div className="tl-table-wrap" ref={wrap}>
        <table className="tl-table tl-coverage-table">
          <thead>
            <tr>
              <th className="is-element">Element</th>
              {STRIDE.map((c) => (
                <th key={c} className="is-stride" title={STRIDE_LABEL[c]}>
                  {c}
                </th>
              ))}
              <th className="is-done" title="Categories considered for this element">
                Done
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, limit).map((r) => (
              <Row
                key={r.element_id}
                row={r}
                selected={r.element_id === selectedId}
                diagram={scope === 'all' && several ? diagramName.get(r.diagram_id) : undefined}
              />
            ))}
          </tbody>
        </table>
        {rows.length === 0 && (
          <div className="tl-empty-list">{gapsOnly ? 'No gaps: every category of every element was considered.' : 'No in-scope elements yet.'}</div>
        )}
        {rows.length > limit && (
          <button type="button" className="tl-button is-quiet is-small tl-more" onClick={() => setLimit((l) => l + PAGE)}>
            Show {Math.min(PAGE, rows.length - limit)} more of {rows.length - limit}
          </button>
        )}
        {outOfScope.length > 0 && (
          <div className="tl-out-of-scope" data-testid="coverage-out-of-scope">
            <div className="tl-mini-head">Out of scope (not counted)</div>
            <ul>
              {outOfScope.map((o) => (
                <li key={o.element_id} data-testid="out-of-scope-item" data-element={o.element_id}>
                  <button type="button" className="tl-link" onClick={() => showElements([o.element_id])}>
                    {o.name || 'Unnamed element'}
                  </button>
                  <span className="tl-muted"> — {o.reason || 'no reason given'}</span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}

function kindOrder(r: CoverageRow): number {
  return ['external_entity', 'process', 'data_store', 'data_flow'].indexOf(r.kind);
}

function Row({ row, diagram, selected }: { row: CoverageRow; diagram?: string; selected: boolean }) {
  const byCat = new Map(row.cells.map((c) => [c.category, c.state]));
  const name = row.name.trim() || 'Unnamed element';
  const done = row.cells.filter((c) => c.state.state !== 'not_considered').length;
  return (
    <tr data-element={row.element_id} className={selected ? 'is-selected' : undefined}>
      <td className="is-element">
        <button type="button" className="tl-coverage-element" title="Show it on the diagram" onClick={() => showElements([row.element_id])}>
          <KindIcon kind={row.kind} size={13} className={`tl-kind-icon is-${row.kind}`} />
          <span>{name}</span>
          {diagram && <span className="tl-muted tl-coverage-diagram">{diagram}</span>}
        </button>
      </td>
      {STRIDE.map((c: Stride) => {
        const state = byCat.get(c);
        if (!state) return <td key={c} className="is-stride is-inapplicable" title={`${STRIDE_LABEL[c]} does not apply to this kind of element`} />;
        const v = cellView(c, state, name);
        return (
          <td key={c} className="is-stride">
            <button
              type="button"
              className={`tl-cov-cell is-${v.state}`}
              data-testid="coverage-cell"
              data-element={row.element_id}
              data-category={c}
              data-state={v.state}
              data-count={v.state === 'threats' ? v.count : undefined}
              title={v.title}
              onClick={() => (v.state === 'not_considered' ? logOnCell(row.element_id, c) : showElements([row.element_id]))}
            >
              {v.text || <span className="tl-cov-plus">+</span>}
            </button>
          </td>
        );
      })}
      <td className={`is-done${done === row.cells.length ? ' is-complete' : ''}`}>
        {done}/{row.cells.length}
      </td>
    </tr>
  );
}

function Legend() {
  return (
    <div className="tl-legend" aria-label="Legend">
      <span>
        <i className="tl-cov-swatch is-not_considered" /> not yet considered
      </span>
      <span>
        <i className="tl-cov-swatch is-threats" /> threats logged
      </span>
      <span>
        <i className="tl-cov-swatch is-not_applicable" /> not applicable
      </span>
    </div>
  );
}
