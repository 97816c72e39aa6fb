import { useEffect, useRef, useState } from 'react';
import { canvasApi } from '../app/canvasApi';
import { fileName } from '../shared/paths';
import { setSelection, useApp } from '../app/store';
import { percentText } from '../shared/stride';
import { toggleBottom } from '../app/intents/threats';
import { CheckIcon, CoverageIcon, ThreatIcon, WarnIcon } from '../shared/ui/icons';

/** Bottom bar: DFD warnings (count, expandable list), the last change and the file. */
export function StatusBar() {
  const analysis = useApp((s) => s.analysis);
  const diagramId = useApp((s) => s.diagramId);
  const version = useApp((s) => s.model?.version);
  const label = useApp((s) => s.model?.lastLabel);
  const path = useApp((s) => s.model?.path);
  const elements = useApp((s) => s.model?.elements);
  const threatCount = useApp((s) => s.model?.threats.size);
  const coverage = useApp((s) => (s.coverage && s.model && s.coverage.path === s.model.path ? s.coverage.data : null));
  const bottom = useApp((s) => (s.bottomOpen ? s.bottomTab : null));
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  const warnings = analysis && analysis.diagram_id === diagramId ? analysis.warnings : null;
  const count = warnings?.length ?? 0;

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setOpen(false);
      }
    };
    document.addEventListener('mousedown', onDown, true);
    window.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onDown, true);
      window.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  return (
    <footer className="tl-statusbar" data-keys="panel">
      <div className="tl-warnings" ref={root}>
        <button
          type="button"
          className={`tl-status-button${count > 0 ? ' has-warnings' : ''}${open ? ' is-open' : ''}`}
          data-testid="warnings"
          aria-expanded={open}
          disabled={warnings === null}
          onClick={() => setOpen((o) => !o)}
          title={count > 0 ? 'Show the DFD warnings of this diagram' : 'No DFD warnings'}
        >
          {warnings === null ? (
            <span className="tl-muted">Checking…</span>
          ) : count > 0 ? (
            <>
              <WarnIcon size={14} />
              <span>
                {count} warning{count === 1 ? '' : 's'}
              </span>
            </>
          ) : (
            <>
              <CheckIcon size={14} />
              <span>0 warnings</span>
            </>
          )}
        </button>
        {open && warnings && (
          <div className="tl-popover tl-warning-list" role="list" data-testid="warning-list">
            <div className="tl-popover-title">DFD warnings in this diagram</div>
            {warnings.length === 0 && <div className="tl-popover-text">Nothing to check: the diagram is consistent.</div>}
            <div className="tl-warning-scroll">
              {warnings.map((w, i) => (
                <button
                  key={`${w.element_id}-${w.kind}-${i}`}
                  type="button"
                  role="listitem"
                  className="tl-warning-item"
                  data-testid="warning-item"
                  data-id={w.element_id}
                  onClick={() => {
                    if (elements?.has(w.element_id)) {
                      setSelection([w.element_id]);
                      canvasApi()?.reveal(w.element_id);
                    }
                  }}
                >
                  <WarnIcon size={13} className="tl-warning-icon" />
                  <span>{w.message}</span>
                </button>
              ))}
            </div>
          </div>
        )}
      </div>
      {threatCount !== undefined && (
        <button
          type="button"
          className={`tl-status-button is-neutral${bottom === 'threats' ? ' is-open' : ''}`}
          data-testid="status-threats"
          title="Show the threat list"
          onClick={() => toggleBottom('threats')}
        >
          <ThreatIcon size={14} />
          <span>
            {threatCount} threat{threatCount === 1 ? '' : 's'}
          </span>
        </button>
      )}
      {coverage && (
        <button
          type="button"
          className={`tl-status-button is-neutral${bottom === 'coverage' ? ' is-open' : ''}`}
          data-testid="status-coverage"
          title={
            coverage.percent === null
              ? 'STRIDE coverage: no element in scope, nothing to cover yet'
              : `STRIDE coverage: ${coverage.considered} of ${coverage.total} element-categories considered`
          }
          onClick={() => toggleBottom('coverage')}
        >
          <CoverageIcon size={14} />
          <span>Coverage {percentText(coverage.percent)}</span>
        </button>
      )}
      <div className="tl-status-spacer" />
      {label && (
        <span className="tl-status-item" data-testid="last-change" title="Every change is saved as you make it">
          <CheckIcon size={13} className="tl-saved-icon" /> {label} · saved
        </span>
      )}
      {version !== undefined && <span className="tl-status-item tl-muted" title="Engagement version">v{version}</span>}
      {path && (
        <span className="tl-status-item tl-muted tl-status-path" title={path}>
          {fileName(path)}
        </span>
      )}
    </footer>
  );
}
