// Findings as delivered to the customer: each threat with its asset, risk (the
// core's) and status; one at a time shows its lifecycle, history and the
// customer's feedback. Shift/Ctrl-click or "Select all" picks several, moved
// together in one step (triage after a report goes out).
import { useState, type MouseEvent } from 'react';
import type { FindingState } from '../bindings';
import { CategoryChip, RiskPill } from '../shared/ui/threatBits';
import { ratedOverallText } from '../threats/RatingSections';
import { setApp, useApp } from '../app/store';
import { Card, ElementChips } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { FindingLifecycle, FindingStatePill, MoveForm } from './FindingLifecycle';
import { FINDING_LABEL, FINDING_STATES, MOVE_LABEL, nextStates } from '../shared/lifecycle';
import { elementLabel } from '../shared/kinds';
import type { Threat } from '../app/model';
import { showOnCanvas, showThreatInEditor } from '../app/intents/jump';
import { stamp } from '../shared/time';
import { openSaveToLibrary } from '../app/intents/library';

type Filter = 'all' | FindingState;

export function Findings() {
  const threats = useApp((s) => s.model?.threats);
  const risks = useApp((s) => (s.overview && s.model && s.overview.path === s.model.path ? s.overview.data.risks : undefined));
  const chosen = useApp((s) => s.finding);
  const elements = useApp((s) => s.model?.elements);
  const [filter, setFilter] = useState<Filter>('all');
  /** Several findings picked for a bulk move; the anchor is where Shift-click ranges start. */
  const [picked, setPicked] = useState<string[]>([]);
  const [anchor, setAnchor] = useState<string | null>(null);
  const all = threats ? [...threats.values()].sort((a, b) => a.title.localeCompare(b.title)) : [];
  const list = all.filter((t) => filter === 'all' || (t.lifecycle ?? 'draft') === filter);
  const current = chosen ? threats?.get(chosen) : undefined;
  const inUse = FINDING_STATES.filter((st) => all.some((t) => (t.lifecycle ?? 'draft') === st));
  const several = picked.filter((id) => threats?.has(id));
  const assets = useApp((s) => (s.overview && s.model && s.overview.path === s.model.path ? s.overview.data.assets : undefined));
  const asset = (t: Threat) => assets?.[t.id] ?? t.element_ids.map((id) => elementLabel(elements?.get(id))).join(', ');

  const pick = (e: MouseEvent, id: string) => {
    if (e.shiftKey && anchor) {
      const ids = list.map((t) => t.id);
      const [a, b] = [ids.indexOf(anchor), ids.indexOf(id)].sort((x, y) => x - y);
      if (a >= 0) {
        setPicked(ids.slice(a, b + 1));
        return;
      }
    }
    if (e.ctrlKey || e.metaKey) {
      const base = picked.length > 0 ? picked : chosen ? [chosen] : [];
      setPicked(base.includes(id) ? base.filter((x) => x !== id) : [...base, id]);
    } else {
      setPicked([]);
      setApp({ finding: id });
    }
    setAnchor(id);
  };

  return (
    <div className="tle-page is-split" data-testid="findings">
      <Card
        className="tle-findings-list"
        title={
          <>
            Findings <span className="tle-count">{all.length}</span>
          </>
        }
        aside={
          <>
            {inUse.length > 1 && (
              <Segmented mode="radio" look="tle"
                small
                label="Show"
                value={filter}
                options={[{ value: 'all' as Filter, label: 'All' }, ...inUse.map((st) => ({ value: st as Filter, label: FINDING_LABEL[st] }))]}
                onChange={(f) => {
                  setFilter(f);
                  setPicked([]);
                }}
              />
            )}
            {list.length > 1 && (
              <button
                type="button"
                className="tle-mini-btn"
                data-testid="findings-select-all"
                title="Pick every finding shown, to move them together (or Shift/Ctrl-click rows)"
                onClick={() => setPicked(several.length === list.length ? [] : list.map((t) => t.id))}
              >
                {several.length === list.length ? 'Clear selection' : 'Select all'}
              </button>
            )}
          </>
        }
      >
        {all.length === 0 ? (
          <div className="tle-empty-block">No threats logged yet. Log them on the canvas (T) or promote session notes.</div>
        ) : (
          <ul className="tle-finding-rows">
            {list.map((t) => (
              <li key={t.id}>
                <button
                  type="button"
                  className={`tle-finding-row${(several.length > 1 ? several.includes(t.id) : t.id === chosen) ? ' is-on' : ''}`}
                  data-testid="finding-row"
                  data-id={t.id}
                  data-copy-threats={several.length > 1 && several.includes(t.id) ? several.join(' ') : t.id}
                  data-state={t.lifecycle ?? 'draft'}
                  aria-pressed={several.includes(t.id)}
                  onClick={(e) => pick(e, t.id)}
                >
                  <CategoryChip category={t.category} />
                  <span className="tle-finding-name">
                    <span className="tle-finding-title">{t.title}</span>
                    <span className="tle-finding-asset" data-testid="finding-asset">
                      {asset(t)}
                    </span>
                  </span>
                  <RiskPill level={risks?.[t.id]?.effective} title={ratedOverallText(t) ?? undefined} />
                  <FindingStatePill state={t.lifecycle ?? 'draft'} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <div className="tle-finding-detail">
        {several.length > 1 && threats ? (
          <BulkMove threats={several.flatMap((id) => threats.get(id) ?? [])} onClear={() => setPicked([])} />
        ) : current ? (
          <Card
            title={current.title}
            testId="finding-detail"
            aside={
              <>
                <button type="button" className="tl-button is-quiet" data-testid="finding-save-library" onClick={() => openSaveToLibrary(current.id)}>
                  Save to library…
                </button>
                <button type="button" className="tl-button" data-testid="finding-open-editor" onClick={() => showThreatInEditor(current.id)}>
                  Open in editor
                </button>
              </>
            }
          >
            <div className="tle-finding-facts">
              <CategoryChip category={current.category} long />
              <ElementChips ids={current.element_ids} onShow={(id) => showOnCanvas([id])} />
              {current.source && current.source.offset_ms !== null && <span className="tle-muted">noted at {stamp(current.source.offset_ms)}</span>}
            </div>
            {current.scenario && <p className="tle-finding-scenario">{current.scenario}</p>}
            <FindingLifecycle threat={current} />
          </Card>
        ) : (
          <div className="tle-empty-block is-tall">Pick a finding to record its delivery, the customer's feedback and our adjustments.</div>
        )}
      </div>
    </div>
  );
}

/** Several findings: the moves every one of them allows, made in one step. */
function BulkMove({ threats, onClear }: { threats: Threat[]; onClear: () => void }) {
  const [moving, setMoving] = useState<FindingState | null>(null);
  const moves = FINDING_STATES.filter((to) => threats.every((t) => nextStates(t.lifecycle ?? 'draft').includes(to)));
  return (
    <Card
      title={`${threats.length} findings selected`}
      testId="findings-bulk"
      aside={
        <button type="button" className="tl-button" onClick={onClear}>
          Clear
        </button>
      }
    >
      <ul className="tle-bulk-list">
        {threats.map((t) => (
          <li key={t.id}>
            <FindingStatePill state={t.lifecycle ?? 'draft'} /> {t.title}
          </li>
        ))}
      </ul>
      <div className="tle-lifecycle-now">
        <span className="tle-field-label">Move all</span>
        <span className="tl-spacer" />
        {moves.length === 0 && <span className="tle-muted">No move applies to all of them: their statuses allow different moves.</span>}
        {moves.map((to) => (
          <button
            key={to}
            type="button"
            className={`tle-mini-btn${moving === to ? ' is-on' : ''}`}
            data-testid={`findings-bulk-move-${to}`}
            onClick={() => setMoving(moving === to ? null : to)}
          >
            {MOVE_LABEL[to]}
          </button>
        ))}
      </div>
      {moving && <MoveForm key={moving} threatIds={threats.map((t) => t.id)} to={moving} onDone={() => setMoving(null)} />}
    </Card>
  );
}
