// The threat list: filter by element, category, risk, status and words; click a
// row to see its element(s) on the canvas and the threat in the editor.
// Ctrl/Shift+click picks several; Ctrl+C copies the row (or the picked rows);
// a row dragged onto an element of the canvas moves there (Ctrl: copies).
import { useMemo, useState, type MouseEvent } from 'react';
import type { FindingState, RiskLevel } from '../bindings';
import { RISK_LABEL, RISK_LEVELS } from '../shared/stride';
import { FINDING_LABEL, FINDING_STATES } from '../shared/lifecycle';
import { activeFilterCount, DEFAULT_SORT, filterAndSort, NO_FILTERS, type Sort, type SortKey, type ThreatFilters, type ThreatRow } from '../shared/threatFilters';
import { getApp, setApp, useApp } from '../app/store';
import { ratedOverallText } from './RatingSections';
import type { Threat } from '../app/model';
import { showThreat } from '../app/intents/threats';
import { CategoryChip, RiskPill } from '../shared/ui/threatBits';
import { Segmented } from '../shared/ui/Segmented';
import { STRIDE_OPTIONS } from '../shared/stride';
import { elementLabel } from '../shared/kinds';
import { useThreatDrag } from './ThreatDrag';
import { pendingUpdates, versionsText, type LibraryUpdate } from '../shared/library';
import { openSaveToLibrary } from '../app/intents/library';
import { LibraryIcon } from '../shared/ui/icons';

const PAGE = 300;

function setFilters(patch: Partial<ThreatFilters>) {
  setApp({ threatFilters: { ...getApp().threatFilters, ...patch } });
}

export function ThreatList() {
  const model = useApp((s) => s.model);
  const risks = useApp((s) => (s.overview && s.model && s.overview.path === s.model.path ? s.overview.data.risks : undefined));
  const assets = useApp((s) => (s.overview && s.model && s.overview.path === s.model.path ? s.overview.data.assets : undefined));
  const filters = useApp((s) => s.threatFilters);
  const openId = useApp((s) => (s.openThreat && s.openThreat.selection === s.selection ? s.openThreat.id : null));
  const selection = useApp((s) => s.selection);
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [limit, setLimit] = useState(PAGE);
  /** Rows picked with Ctrl/Shift+click: copied and dragged together. */
  const [picked, setPicked] = useState<string[]>([]);
  const [anchor, setAnchor] = useState<string | null>(null);
  const drag = useThreatDrag();
  const updatesList = useApp((s) => (s.library.updates && s.model && s.library.updates.path === s.model.path ? s.library.updates.list : null));
  const updates = useMemo(() => pendingUpdates(updatesList, model), [updatesList, model]);

  const rows = useMemo<ThreatRow[]>(() => {
    if (!model) return [];
    return [...model.threats.values()].map((t) => ({
      id: t.id,
      title: t.title,
      category: t.category,
      elementIds: t.element_ids,
      // The core's asset names (a flow as "label (source → target)" when its
      // label repeats); element labels until the first overview arrives.
      assets: assets?.[t.id] !== undefined ? [assets[t.id]] : t.element_ids.map((id) => elementLabel(model.elements.get(id))),
      risk: risks?.[t.id]?.effective ?? null,
      computed: risks?.[t.id]?.computed ?? null,
      status: t.lifecycle ?? 'draft',
      overridden: t.risk_override !== null,
    }));
  }, [model, risks, assets]);
  const shown = useMemo(() => filterAndSort(rows, filters, sort), [rows, filters, sort]);
  // Only rows on screen stay picked (a filter or a deletion drops the others).
  const pickedShown = useMemo(() => picked.filter((id) => shown.some((r) => r.id === id)), [picked, shown]);
  /** What a row stands for when copied or dragged: the picked rows if it is one of them. */
  const groupOf = (id: string) => (pickedShown.length > 1 && pickedShown.includes(id) ? pickedShown : [id]);

  const onRowClick = (e: MouseEvent, id: string) => {
    if (drag.consumeClick()) return;
    if (e.shiftKey && anchor) {
      const ids = shown.map((r) => r.id);
      const [a, b] = [ids.indexOf(anchor), ids.indexOf(id)].sort((x, y) => x - y);
      if (a >= 0) {
        setPicked(ids.slice(a, b + 1));
        return;
      }
    }
    if (e.ctrlKey || e.metaKey) {
      const base = pickedShown.length > 0 ? pickedShown : openId ? [openId] : [];
      setPicked(base.includes(id) ? base.filter((x) => x !== id) : [...base, id]);
    } else {
      setPicked([]);
      showThreat(id);
    }
    setAnchor(id);
  };

  // The element filter offers the elements that have threats (and the one filtered on).
  const elementOptions = useMemo(() => {
    if (!model) return [];
    const ids = new Set<string>();
    for (const t of model.threats.values()) for (const id of t.element_ids) ids.add(id);
    if (filters.element) ids.add(filters.element);
    return [...ids]
      .map((id) => ({ id, name: elementLabel(model.elements.get(id)) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }, [model, filters.element]);

  const active = activeFilterCount(filters);
  const [selectedId] = selection.size === 1 ? selection : [null];

  const header = (key: SortKey, label: string, cls = '') => (
    <th className={cls} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button
        type="button"
        className="tl-th"
        onClick={() => setSort((s) => (s.key === key ? { key, desc: !s.desc } : { key, desc: key === 'risk' }))}
      >
        {label}
        {sort.key === key && <span className="tl-th-dir">{sort.desc ? '↓' : '↑'}</span>}
      </button>
    </th>
  );

  return (
    <div className="tl-list" data-testid="threat-list">
      <div className="tl-filters" role="search">
        <select
          className="tl-select is-small"
          data-testid="filter-element"
          value={filters.element}
          aria-label="Filter by element"
          onChange={(e) => setFilters({ element: e.target.value })}
        >
          <option value="">All elements</option>
          {elementOptions.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
        {selectedId && filters.element !== selectedId && model?.elements.has(selectedId) && (
          <button type="button" className="tl-button is-quiet is-small" data-testid="filter-selected" onClick={() => setFilters({ element: selectedId })}>
            Only “{elementLabel(model.elements.get(selectedId))}”
          </button>
        )}
        <Segmented
          small
          clearable
          label="Filter by category"
          testId="filter-category"
          value={filters.category || null}
          options={STRIDE_OPTIONS}
          onChange={(c) => setFilters({ category: c ?? '' })}
        />
        <select
          className="tl-select is-small"
          data-testid="filter-risk"
          value={filters.risk}
          aria-label="Filter by risk"
          onChange={(e) => setFilters({ risk: e.target.value as RiskLevel | 'unrated' | '' })}
        >
          <option value="">Any risk</option>
          {[...RISK_LEVELS].reverse().map((l) => (
            <option key={l} value={l}>
              {RISK_LABEL[l]}
            </option>
          ))}
          <option value="unrated">Not rated</option>
        </select>
        <select
          className="tl-select is-small"
          data-testid="filter-status"
          value={filters.status}
          aria-label="Filter by status"
          onChange={(e) => setFilters({ status: e.target.value as FindingState | 'open' | '' })}
        >
          <option value="">Any status</option>
          <option value="open">Open (not closed)</option>
          {FINDING_STATES.map((s) => (
            <option key={s} value={s}>
              {FINDING_LABEL[s]}
            </option>
          ))}
        </select>
        <input
          className="tl-input is-small tl-filter-text"
          data-testid="filter-text"
          placeholder="Search titles, ids, elements"
          value={filters.text}
          onChange={(e) => setFilters({ text: e.target.value })}
        />
        {active > 0 && (
          <button type="button" className="tl-button is-quiet is-small" data-testid="filter-clear" onClick={() => setApp({ threatFilters: NO_FILTERS })}>
            Clear filters
          </button>
        )}
        <span className="tl-spacer" />
        {pickedShown.length > 1 && (
          <span className="tl-picked" data-testid="threat-picked" data-count={pickedShown.length}>
            {pickedShown.length} picked · <kbd>Ctrl+C</kbd> copies, drag onto an element moves
            <button type="button" className="tl-link is-small" onClick={() => setPicked([])}>
              clear
            </button>
          </span>
        )}
        <span className="tl-list-count" data-testid="threat-count">
          {active > 0 ? `${shown.length} of ${rows.length}` : rows.length} threat{rows.length === 1 ? '' : 's'}
        </span>
      </div>
      {rows.length === 0 ? (
        <div className="tl-empty-list">
          <div className="tl-empty-list-title">No threats logged yet</div>
          <div>
            Select an element or a flow and press <kbd>T</kbd>, or accept a rule's suggestion.{' '}
            <button type="button" className="tl-link" onClick={() => setApp({ bottomTab: 'suggestions' })}>
              See the suggestions
            </button>
          </div>
        </div>
      ) : shown.length === 0 ? (
        <div className="tl-empty-list">
          No threat matches these filters.{' '}
          <button type="button" className="tl-link" onClick={() => setApp({ threatFilters: NO_FILTERS })}>
            Clear filters
          </button>
        </div>
      ) : (
        <div className="tl-table-wrap">
          <table className="tl-table">
            <thead>
              <tr>
                {header('id', 'ID', 'is-id')}
                {header('title', 'Title', 'is-title')}
                {header('category', 'STRIDE', 'is-cat')}
                {header('asset', 'Affected', 'is-asset')}
                {header('risk', 'Risk', 'is-risk')}
                {header('status', 'Status', 'is-status')}
                <th className="is-lib" title="The team's library: entries updated since the threat was made, and Save to library">
                  <span className="tl-th is-static">Library</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(0, limit).map((r) => (
                <tr
                  key={r.id}
                  className={[r.id === openId ? 'is-open' : '', pickedShown.length > 1 && pickedShown.includes(r.id) ? 'is-picked' : ''].join(' ').trim() || undefined}
                  data-testid="threat-row"
                  data-id={r.id}
                  data-copy-threats={groupOf(r.id).join(' ')}
                  aria-selected={pickedShown.length > 1 && pickedShown.includes(r.id)}
                  tabIndex={0}
                  title="Click: open · Ctrl/Shift+click: pick several · Ctrl+C: copy · drag onto an element: move (Ctrl: copy)"
                  onPointerDown={(e) => drag.start(e, groupOf(r.id))}
                  onClick={(e) => onRowClick(e, r.id)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      showThreat(r.id);
                    }
                  }}
                >
                  <td className="is-id">{r.id}</td>
                  <td className="is-title" title={r.title}>
                    {r.title}
                  </td>
                  <td className="is-cat">
                    <CategoryChip category={r.category} />
                  </td>
                  <td className="is-asset" title={r.assets.join(', ')}>
                    {r.assets.join(', ')}
                  </td>
                  <td className="is-risk">
                    <RiskPill
                      level={r.risk}
                      title={
                        r.overridden && r.computed
                          ? `Overridden (computed: ${RISK_LABEL[r.computed]})`
                          : (rated(model?.threats.get(r.id)) ?? undefined)
                      }
                    />
                    {r.overridden && <span className="tl-override-mark" title="Level set by hand">*</span>}
                    {!r.overridden && <RatedOverallMark threat={model?.threats.get(r.id)} />}
                  </td>
                  <td className="is-status">{FINDING_LABEL[r.status]}</td>
                  <td className="is-lib">
                    <LibraryCell id={r.id} update={updates.get(r.id)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {drag.ghost}
          {shown.length > limit && (
            <button type="button" className="tl-button is-quiet is-small tl-more" onClick={() => setLimit((l) => l + PAGE)}>
              Show {Math.min(PAGE, shown.length - limit)} more of {shown.length - limit}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** A row's library cell: the "updated" marker when its entry has a newer
 *  version, and Save to library (shown on hover and on the open row). */
function LibraryCell({ id, update }: { id: string; update: LibraryUpdate | undefined }) {
  return (
    <span className="tl-lib-cell">
      {update && (
        <span
          className="tl-lib-updated"
          data-testid="threat-library-updated"
          title={`Library entry updated (${versionsText(update.from_version, update.entry.version)}): open the threat to see what changed`}
        >
          updated
        </span>
      )}
      <button
        type="button"
        className="tl-lib-save"
        data-testid="threat-row-save-library"
        title="Save to library…"
        aria-label="Save to library"
        onPointerDown={(e) => e.stopPropagation()}
        onClick={(e) => {
          e.stopPropagation();
          openSaveToLibrary(id);
        }}
      >
        <LibraryIcon size={14} />
      </button>
    </span>
  );
}

/** The pill's tooltip for a threat rated overall, its factors not yet rated. */
function rated(t: Threat | undefined): string | null {
  return t ? ratedOverallText(t) : null;
}

/** "overall" beside the pill while a level stands for factors not yet rated. */
function RatedOverallMark({ threat }: { threat: Threat | undefined }) {
  const text = rated(threat);
  if (!text) return null;
  return (
    <span className="tl-rated-mark" data-testid="threat-row-rated-overall" title={text}>
      overall
    </span>
  );
}
