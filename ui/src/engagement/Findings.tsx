// Findings as delivered to the customer: each threat with its risk (the core's)
// and where it is in its delivery; one at a time shows its lifecycle, history
// and the customer's feedback.
import { useState } from 'react';
import type { FindingState } from '../bindings';
import { CategoryChip, RiskPill } from '../shared/ui/threatBits';
import { setApp, useApp } from '../app/store';
import { Card, ElementChips } from '../shared/ui/bits';
import { Segmented } from '../shared/ui/Segmented';
import { FindingLifecycle, FindingStatePill } from './FindingLifecycle';
import { FINDING_LABEL, FINDING_STATES } from '../shared/lifecycle';
import { showOnCanvas, showThreatInEditor } from './Sessions';
import { stamp } from '../shared/time';

type Filter = 'all' | FindingState;

export function Findings() {
  const threats = useApp((s) => s.model?.threats);
  const risks = useApp((s) => (s.overview && s.model && s.overview.path === s.model.path ? s.overview.data.risks : undefined));
  const chosen = useApp((s) => s.finding);
  const [filter, setFilter] = useState<Filter>('all');
  const all = threats ? [...threats.values()].sort((a, b) => a.title.localeCompare(b.title)) : [];
  const list = all.filter((t) => filter === 'all' || (t.lifecycle ?? 'draft') === filter);
  const current = chosen ? threats?.get(chosen) : undefined;
  const inUse = FINDING_STATES.filter((st) => all.some((t) => (t.lifecycle ?? 'draft') === st));

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
          inUse.length > 1 && (
            <Segmented mode="radio" look="tle"
              small
              label="Show"
              value={filter}
              options={[{ value: 'all' as Filter, label: 'All' }, ...inUse.map((st) => ({ value: st as Filter, label: FINDING_LABEL[st] }))]}
              onChange={setFilter}
            />
          )
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
                  className={`tle-finding-row${t.id === chosen ? ' is-on' : ''}`}
                  data-testid="finding-row"
                  data-id={t.id}
                  data-state={t.lifecycle ?? 'draft'}
                  onClick={() => setApp({ finding: t.id })}
                >
                  <CategoryChip category={t.category} />
                  <span className="tle-finding-title">{t.title}</span>
                  <RiskPill level={risks?.[t.id]?.effective} />
                  <FindingStatePill state={t.lifecycle ?? 'draft'} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <div className="tle-finding-detail">
        {current ? (
          <Card
            title={current.title}
            testId="finding-detail"
            aside={
              <button type="button" className="tl-button" data-testid="finding-open-editor" onClick={() => showThreatInEditor(current.id)}>
                Open in editor
              </button>
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
