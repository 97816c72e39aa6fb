// The threat sections of an element's inspector: its STRIDE coverage, its
// threats, its not-applicable marks, and the rules' suggestions for it.
import { useMemo } from 'react';
import type { CellState, Stride } from '../bindings';
import { APPLICABLE, cellView, STRIDE_LABEL } from '../shared/stride';
import type { Element } from '../app/model';
import { useApp } from '../app/store';
import { openQuickThreat, openThreat, setNotApplicable } from '../app/intents/threats';
import { Section } from '../shared/ui/fields';
import { CategoryChip, RiskPill } from '../shared/ui/threatBits';
import { SuggestionCard } from './SuggestionCard';
import { ratedOverallText } from './RatingSections';
import { elementLabel } from '../shared/kinds';
import { openLibraryPicker } from '../app/intents/library';
import { LibrarySuggestionCard, useLibrarySuggestions } from '../library/LibrarySuggestions';

export function ElementThreats({ element }: { element: Element }) {
  const model = useApp((s) => s.model);
  const risks = useApp((s) => s.overview?.data.risks);
  const coverageRows = useApp((s) => s.coverage?.data.rows);
  const suggestions = useApp((s) => (s.suggestions?.elementId === element.id ? s.suggestions.data : null));
  const fromLibrary = useLibrarySuggestions(element.id);
  const outOfScope = element.props.out_of_scope === true;

  const threats = useMemo(() => {
    if (!model) return [];
    return [...model.threats.values()].filter((t) => t.element_ids.includes(element.id));
  }, [model, element.id]);
  const notApplicable = useMemo(() => {
    if (!model) return [];
    return APPLICABLE[element.kind].map((c) => model.notApplicable.get(`${element.id}:${c}`)).filter((n) => n !== undefined);
  }, [model, element.id, element.kind]);
  const row = useMemo(() => coverageRows?.find((r) => r.element_id === element.id), [coverageRows, element.id]);

  if (element.kind === 'trust_boundary') return null;
  const name = elementLabel(element);
  const cells: { category: Stride; state: CellState }[] =
    row?.cells ?? APPLICABLE[element.kind].map((category) => ({ category, state: { state: 'not_considered' } as CellState }));

  return (
    <>
      <Section
        title={`Threats (${threats.length})`}
        aside={
          <button
            type="button"
            className="tl-button is-quiet is-small"
            data-testid="log-threat"
            title="Log a threat on this element (T)"
            onClick={() => openQuickThreat([element.id])}
          >
            + Log threat <kbd>T</kbd>
          </button>
        }
      >
        {outOfScope ? (
          <p className="tl-help is-tight">Out of scope: not counted in coverage, no suggestions.</p>
        ) : (
          <div className="tl-stride-strip" data-testid="element-stride">
            {cells.map(({ category, state }) => {
              const v = cellView(category, state, name);
              return (
                <button
                  key={category}
                  type="button"
                  className={`tl-stride-cell is-${v.state}`}
                  data-testid={`element-stride-${category}`}
                  data-state={v.state}
                  title={v.title}
                  onClick={() => (v.state === 'not_considered' ? openQuickThreat([element.id], category) : undefined)}
                >
                  <b>{category}</b>
                  <span>{v.state === 'threats' ? v.count : v.state === 'not_applicable' ? 'n/a' : '+'}</span>
                </button>
              );
            })}
          </div>
        )}
        {threats.length > 0 && (
          <ul className="tl-threat-mini">
            {threats.map((t) => (
              <li key={t.id}>
                <button type="button" className="tl-threat-mini-row" data-testid="element-threat" data-id={t.id} data-copy-threats={t.id} onClick={() => openThreat(t.id)}>
                  <CategoryChip category={t.category} />
                  <span className="tl-threat-mini-title">{t.title}</span>
                  <RiskPill level={risks?.[t.id]?.effective} title={ratedOverallText(t) ?? undefined} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {notApplicable.length > 0 && (
          <ul className="tl-na-list">
            {notApplicable.map((n) => (
              <li key={n.id} data-testid="element-na" data-category={n.category}>
                <CategoryChip category={n.category} />
                <span className="tl-na-text" title={n.reason}>
                  <span className="tl-muted">Not applicable: </span>
                  {n.reason}
                </span>
                <button
                  type="button"
                  className="tl-link is-small"
                  data-testid="na-clear"
                  title={`Consider ${STRIDE_LABEL[n.category].toLowerCase()} again`}
                  onClick={() => void setNotApplicable(element.id, n.category, null)}
                >
                  clear
                </button>
              </li>
            ))}
          </ul>
        )}
      </Section>
      {!outOfScope && (
        <section className="tl-section" data-testid="suggestions" data-loaded={suggestions !== null ? 'true' : 'false'}>
          <div className="tl-section-head">
            <h3>
              Suggestions{suggestions ? ` (${suggestions.length + (fromLibrary.hits?.length ?? 0)})` : ''}
            </h3>
            <button
              type="button"
              className="tl-button is-quiet is-small"
              data-testid="suggestions-library"
              title="Search the team's library and apply an entry here (L)"
              onClick={() => openLibraryPicker([element.id])}
            >
              Library… <kbd>L</kbd>
            </button>
          </div>
          {suggestions === null ? (
            <p className="tl-help is-tight">Asking the rules…</p>
          ) : suggestions.length === 0 && !fromLibrary.hits?.length ? (
            <p className="tl-help is-tight">Nothing left to triage: every rule that fires here was accepted or dismissed{fromLibrary.hits ? ', and no library entry for it is left' : ''}.</p>
          ) : (
            <div className="tl-suggestion-list">
              {suggestions.map((s) => (
                <SuggestionCard key={s.key} s={s} source="Rule" />
              ))}
              {fromLibrary.hits?.map((h) => (
                <LibrarySuggestionCard key={`${h.folder}/${h.entry.id}`} hit={h} elementId={element.id} />
              ))}
            </div>
          )}
          {fromLibrary.more && (
            <button type="button" className="tl-link is-small tl-more-library" onClick={() => openLibraryPicker([element.id])}>
              More in the library…
            </button>
          )}
        </section>
      )}
    </>
  );
}
