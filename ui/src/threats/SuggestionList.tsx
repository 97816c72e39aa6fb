// Every pending suggestion of the diagram (or the engagement), to triage in one go.
import { useMemo, useState } from 'react';
import type { Stride } from '../bindings';
import { STRIDE_LABEL } from '../shared/stride';
import { useApp } from '../app/store';

import { SuggestionCard } from './SuggestionCard';
import { stillPending } from '../app/derived';
import { Segmented } from '../shared/ui/Segmented';
import { STRIDE_OPTIONS } from '../shared/stride';
import { SCOPES } from '../shared/threatFilters';
import { elementLabel } from '../shared/kinds';

const PAGE = 100;

export function SuggestionList() {
  const model = useApp((s) => s.model);
  const diagramId = useApp((s) => s.diagramId);
  const all = useApp((s) => (s.allSuggestions && s.model && s.allSuggestions.path === s.model.path ? s.allSuggestions.data : null));
  const [scope, setScope] = useState<'diagram' | 'all'>('diagram');
  const [category, setCategory] = useState<Stride | ''>('');
  const [limit, setLimit] = useState(PAGE);
  const several = (model?.diagrams.length ?? 0) > 1;

  const list = useMemo(() => {
    if (!all || !model) return null;
    return stillPending(all, model).filter((s) => {
      if (category && s.category !== category) return false;
      if (scope === 'diagram' && several && model.elements.get(s.element_id)?.diagram_id !== diagramId) return false;
      return true;
    });
  }, [all, model, category, scope, diagramId, several]);

  return (
    <div className="tl-list" data-testid="all-suggestions">
      <div className="tl-filters">
        {several && (
          <Segmented small label="Which suggestions" testId="suggestions-scope" value={scope} options={SCOPES} onChange={setScope} />
        )}
        <Segmented small clearable label="Filter by category" testId="suggestions-category" value={category || null} options={STRIDE_OPTIONS} onChange={(c) => setCategory(c ?? '')} />
        <span className="tl-spacer" />
        <span className="tl-list-count">
          {list === null ? 'Asking the rules…' : `${list.length} pending suggestion${list.length === 1 ? '' : 's'}`}
        </span>
      </div>
      {list !== null && list.length === 0 ? (
        <div className="tl-empty-list">
          <div className="tl-empty-list-title">Nothing to triage</div>
          Every rule that fires {scope === 'diagram' && several ? 'on this diagram ' : ''}was accepted or dismissed{category ? ` for ${STRIDE_LABEL[category].toLowerCase()}` : ''}.
        </div>
      ) : (
        <div className="tl-suggestion-grid">
          {list?.slice(0, limit).map((s) => (
            <SuggestionCard key={s.key} s={s} compact elementName={elementLabel(model?.elements.get(s.element_id))} />
          ))}
          {list && list.length > limit && (
            <button type="button" className="tl-button is-quiet is-small tl-more" onClick={() => setLimit((l) => l + PAGE)}>
              Show {Math.min(PAGE, list.length - limit)} more of {list.length - limit}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
