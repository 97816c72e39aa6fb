// Every field of a finding (the process document's eight, and triage), in the
// inspector. Each edit is one `update_threat` when a field is left or a choice
// is made; the risk level shown is the core's.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RiskLevel } from '../bindings';
import { CloseIcon } from '../shared/ui/icons';
import { KIND_LABEL, elementLabel } from '../shared/kinds';
import {
  applicableFor,
  normalizeReference,
  RISK_LABEL,
  RISK_LEVELS,
  riskLabel,
  STRIDE,
  STRIDE_LABEL,
} from '../shared/stride';
import type { Threat } from '../app/model';
import { useApp } from '../app/store';
import { closeThreat, deleteThreat, showElements, updateThreat } from '../app/intents/threats';
import { Section, TextField } from '../shared/ui/fields';
import { RiskPill } from '../shared/ui/threatBits';
import { FindingLifecycle } from '../engagement/FindingLifecycle';
import { ReuseActions } from './ReuseThreat';
import { EntryUpdate } from '../library/EntryUpdate';
import { openSaveToLibrary } from '../app/intents/library';
import { RatedOverallLine, RatingSection, ratedOverallText } from './RatingSections';

export function ThreatEditor({ threat }: { threat: Threat }) {
  const elements = useApp((s) => s.model?.elements);
  const risk = useApp((s) => s.overview?.data.risks[threat.id]);
  const id = threat.id;
  const edit = (f: (t: Threat) => Threat) => updateThreat(id, f);

  const assets = threat.element_ids.map((eid) => ({ id: eid, element: elements?.get(eid) }));
  const offered = applicableFor(assets.flatMap((a) => (a.element ? [a.element.kind] : [])));
  const origin = threat.origin;

  return (
    <div className="tl-inspector-body tl-threat-editor" data-testid="threat-editor" data-id={id} data-copy-threats={id} key={id}>
      <div className="tl-threat-head">
        <div className="tl-threat-head-row">
          <button type="button" className="tl-back" data-testid="threat-back" onClick={closeThreat} title="Back to the element">
            ← {assets.length === 1 ? elementLabel(assets[0].element) : `${assets.length} elements`}
          </button>
          <span className="tl-spacer" />
          <button
            type="button"
            className="tl-button is-quiet is-small"
            data-testid="threat-save-library"
            title="Save this finding to the team's library, to apply it again in later engagements"
            onClick={() => openSaveToLibrary(id)}
          >
            Save to library…
          </button>
          <span className="tl-inspector-id" title="Threat id">
            {id}
          </span>
        </div>
        <div className="tl-threat-summary">
          <div className="tl-threat-risk">
            <span className="tl-threat-risk-label">Risk</span>
            <RiskPill level={risk?.effective} testId="risk-level" title="The level that counts: the override if set, else the computed one" />
          </div>
          <div className="tl-threat-computed" data-testid="risk-computed" data-level={risk?.computed ?? 'unrated'}>
            {risk?.computed
              ? threat.risk_override
                ? `Computed ${RISK_LABEL[risk.computed]} · overridden by hand`
                : ratedOverallText(threat)
                  ? `Computed from the overall rating: ${RISK_LABEL[risk.computed]}`
                  : `Computed from impact and likelihood: ${RISK_LABEL[risk.computed]}`
              : threat.risk_override
                ? 'Set by hand; not computed yet (rate impact and likelihood)'
                : 'Not computed yet: rate impact and likelihood'}
          </div>
        </div>
      </div>

      <EntryUpdate threat={threat} />

      <Section title="Finding">
        <TextField
          label="Title"
          testId="threat-title"
          value={threat.title}
          maxLength={200}
          onCommit={(title) => edit((t) => ({ ...t, title: title.trim() }))}
        />
        <div className="tl-field">
          <span className="tl-field-label">Category</span>
          <div className="tl-cat-picker" role="radiogroup" aria-label="STRIDE category" data-testid="threat-category" data-value={threat.category}>
            {STRIDE.map((c) => {
              const allowed = offered.includes(c);
              const on = threat.category === c;
              return (
                <button
                  key={c}
                  type="button"
                  role="radio"
                  aria-checked={on}
                  disabled={!allowed}
                  className={`tl-cat-option is-${c}${on ? ' is-on' : ''}`}
                  data-testid={`threat-category-${c}`}
                  title={allowed ? STRIDE_LABEL[c] : `${STRIDE_LABEL[c]} does not apply to every affected element`}
                  onClick={() => !on && void edit((t) => ({ ...t, category: c }))}
                >
                  {c}
                </button>
              );
            })}
          </div>
          <span className="tl-field-note">{STRIDE_LABEL[threat.category]}</span>
        </div>
        <Assets threat={threat} />
        <ReuseActions threat={threat} />
        <TextField
          label="Threat scenario"
          testId="threat-scenario"
          multiline
          value={threat.scenario}
          placeholder="Who does what, through which element, and what they gain"
          maxLength={20000}
          onCommit={(scenario) => edit((t) => ({ ...t, scenario }))}
        />
      </Section>

      <RatedOverallLine threat={threat} />
      <RatingSection threat={threat} axis="impact" />
      <RatingSection threat={threat} axis="likelihood" />

      <Override threat={threat} computed={risk?.computed ?? null} />

      <Section title="Recommended actions">
        <Actions threat={threat} />
      </Section>

      <Section title="References">
        <References threat={threat} />
      </Section>

      <Section title="Provenance">
        <div className="tl-origin" data-testid="threat-origin" data-origin={origin.type}>
          {origin.type === 'rule' ? (
            <>
              Suggested by rule <code>{origin.rule_id}</code>, accepted
            </>
          ) : origin.type === 'library' ? (
            <>
              From the library: <code data-testid="threat-origin-entry">{origin.entry_id}</code>, version {origin.version}
            </>
          ) : (
            'Typed by hand'
          )}
        </div>
      </Section>

      <Section title="Delivery and feedback">
        <FindingLifecycle threat={threat} />
      </Section>

      <DeleteThreat id={id} title={threat.title} />
    </div>
  );
}

/** The affected elements: chips (remove unless it is the last) and an add list
 *  of the elements the category applies to. */
function Assets({ threat }: { threat: Threat }) {
  const elements = useApp((s) => s.model?.elements);
  const diagrams = useApp((s) => s.model?.diagrams);
  const candidates = useMemo(() => {
    if (!elements) return [];
    const out: { id: string; label: string }[] = [];
    const several = (diagrams?.length ?? 0) > 1;
    const diagramName = new Map(diagrams?.map((d) => [d.id, d.name]));
    for (const e of elements.values()) {
      if (threat.element_ids.includes(e.id) || e.kind === 'trust_boundary') continue;
      if (!applicableFor([e.kind]).includes(threat.category)) continue;
      const name = elementLabel(e);
      out.push({ id: e.id, label: several ? `${name} — ${diagramName.get(e.diagram_id) ?? ''}` : `${name} (${KIND_LABEL[e.kind].toLowerCase()})` });
    }
    return out.sort((a, b) => a.label.localeCompare(b.label));
  }, [elements, diagrams, threat.element_ids, threat.category]);
  const only = threat.element_ids.length === 1;
  return (
    <div className="tl-field">
      <span className="tl-field-label">Affected assets</span>
      <ul className="tl-assets" data-testid="threat-assets">
        {threat.element_ids.map((eid) => {
          const e = elements?.get(eid);
          return (
            <li key={eid} className="tl-asset" data-testid="threat-asset" data-id={eid}>
              <button type="button" className="tl-link" title="Show it on the diagram" onClick={() => showElements([eid])}>
                {elementLabel(e)}
              </button>
              {!only && (
                <button
                  type="button"
                  className="tl-asset-remove"
                  data-testid="threat-asset-remove"
                  aria-label={`Remove ${elementLabel(e)}`}
                  title="Remove from the affected assets"
                  onClick={() => void updateThreat(threat.id, (t) => ({ ...t, element_ids: t.element_ids.filter((x) => x !== eid) }))}
                >
                  <CloseIcon size={10} />
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {candidates.length > 0 && (
        <select
          className="tl-select is-small"
          data-testid="threat-add-asset"
          value=""
          aria-label="Add an affected element"
          onChange={(e) => {
            const add = e.target.value;
            if (add) void updateThreat(threat.id, (t) => ({ ...t, element_ids: [...t.element_ids, add] }));
          }}
        >
          <option value="">+ Add an affected element…</option>
          {candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/** Overriding the level needs a justification: a level chosen without one waits
 *  (nothing is sent) until the justification is written. */
function Override({ threat, computed }: { threat: Threat; computed: RiskLevel | null }) {
  const stored = threat.risk_override;
  const [level, setLevel] = useState<RiskLevel | ''>(stored?.level ?? '');
  const [just, setJust] = useState(stored?.justification ?? '');
  const [hint, setHint] = useState<string | null>(null);
  const focused = useRef(false);

  useEffect(() => {
    setLevel(stored?.level ?? '');
    if (!focused.current) setJust(stored?.justification ?? '');
    setHint(null);
  }, [stored?.level, stored?.justification]);

  const commit = async (lvl: RiskLevel | '', j: string) => {
    if (lvl === '') {
      if (stored) await updateThreat(threat.id, (t) => ({ ...t, risk_override: null }));
      return;
    }
    if (!j.trim()) {
      setHint('Say why the level differs from the computed one: the override is saved with its justification.');
      return;
    }
    setHint(null);
    const ok = await updateThreat(threat.id, (t) => ({ ...t, risk_override: { level: lvl, justification: j.trim() } }));
    if (!ok) {
      setLevel(stored?.level ?? '');
      setJust(stored?.justification ?? '');
    }
  };

  return (
    <Section title="Override">
      <div className="tl-field">
        <label className="tl-field-label" htmlFor={`override-${threat.id}`}>
          Level
        </label>
        <select
          id={`override-${threat.id}`}
          className="tl-select"
          data-testid="override-level"
          value={level}
          onChange={(e) => {
            const v = e.target.value as RiskLevel | '';
            setLevel(v);
            void commit(v, just);
          }}
        >
          <option value="">No override — use the computed level{computed ? ` (${riskLabel(computed)})` : ''}</option>
          {RISK_LEVELS.map((l) => (
            <option key={l} value={l}>
              {RISK_LABEL[l]}
            </option>
          ))}
        </select>
      </div>
      {(level !== '' || stored) && (
        <div className="tl-field">
          <label className="tl-field-label" htmlFor={`just-${threat.id}`}>
            Justification <span className="tl-required">required</span>
          </label>
          <textarea
            id={`just-${threat.id}`}
            className="tl-textarea"
            data-testid="override-justification"
            rows={3}
            value={just}
            maxLength={20000}
            placeholder="Why this level and not the computed one"
            onFocus={() => {
              focused.current = true;
            }}
            onChange={(e) => setJust(e.target.value)}
            onBlur={() => {
              focused.current = false;
              if (level !== '' && (just.trim() !== (stored?.justification ?? '') || level !== stored?.level)) void commit(level, just);
            }}
          />
          {hint && (
            <div className="tl-field-error" role="alert">
              {hint}
            </div>
          )}
          {stored && computed && (
            <div className="tl-field-note" data-testid="override-both">
              Both are kept: computed {RISK_LABEL[computed]}, overridden to {RISK_LABEL[stored.level]}.
            </div>
          )}
        </div>
      )}
    </Section>
  );
}

/** Recommended actions: an editable list; an emptied action goes away. */
function Actions({ threat }: { threat: Threat }) {
  const [draft, setDraft] = useState('');
  const set = (actions: string[]) => updateThreat(threat.id, (t) => ({ ...t, recommended_actions: actions }));
  const add = async () => {
    const text = draft.trim();
    if (!text) return;
    if (await set([...threat.recommended_actions, text])) setDraft('');
  };
  return (
    <div className="tl-actions-list">
      <ol className="tl-actions" data-testid="threat-actions">
        {threat.recommended_actions.map((a, i) => (
          <ActionItem
            key={`${i}-${a}`}
            text={a}
            onCommit={(text) =>
              set(text.trim() ? threat.recommended_actions.map((x, j) => (j === i ? text.trim() : x)) : threat.recommended_actions.filter((_, j) => j !== i))
            }
            onRemove={() => void set(threat.recommended_actions.filter((_, j) => j !== i))}
          />
        ))}
      </ol>
      <div className="tl-add-row">
        <input
          className="tl-input"
          data-testid="threat-action-new"
          placeholder="Add an action, Enter"
          value={draft}
          maxLength={20000}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void add();
            }
          }}
          onBlur={() => void add()}
        />
      </div>
    </div>
  );
}

function ActionItem({ text, onCommit, onRemove }: { text: string; onCommit: (t: string) => Promise<boolean>; onRemove: () => void }) {
  const [draft, setDraft] = useState(text);
  return (
    <li className="tl-action">
      <textarea
        className="tl-action-text"
        data-testid="threat-action"
        rows={Math.min(6, Math.max(1, Math.ceil(draft.length / 34)))}
        value={draft}
        maxLength={20000}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={async () => {
          if (draft === text) return;
          if (!(await onCommit(draft))) setDraft(text);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            e.currentTarget.blur();
          }
          if (e.key === 'Escape') {
            setDraft(text);
            e.currentTarget.blur();
          }
        }}
      />
      <button type="button" className="tl-asset-remove" data-testid="threat-action-remove" aria-label="Remove this action" title="Remove" onClick={onRemove}>
        <CloseIcon size={10} />
      </button>
    </li>
  );
}

/** CWE / CAPEC ids, checked as typed ("cwe 79" → CWE-79). */
function References({ threat }: { threat: Threat }) {
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    const text = draft.trim();
    if (!text) {
      setError(null);
      return;
    }
    const ids = text.split(/[,;]+/).map((x) => x.trim()).filter(Boolean);
    const norm = ids.map(normalizeReference);
    const bad = ids.filter((_, i) => norm[i] === null);
    if (bad.length > 0) {
      setError(`${bad.join(', ')}: not a CWE or CAPEC id (like CWE-319 or CAPEC-94)`);
      return;
    }
    const next = [...threat.references];
    for (const r of norm) if (r && !next.includes(r)) next.push(r);
    if (await updateThreat(threat.id, (t) => ({ ...t, references: next }))) {
      setDraft('');
      setError(null);
    }
  };
  return (
    <div className="tl-field">
      <div className="tl-refs" data-testid="threat-refs">
        {threat.references.length === 0 && <span className="tl-muted tl-none">None yet</span>}
        {threat.references.map((r) => (
          <span key={r} className="tl-ref is-editable" data-testid="threat-ref" data-ref={r}>
            {r}
            <button
              type="button"
              className="tl-asset-remove"
              data-testid="threat-ref-remove"
              aria-label={`Remove ${r}`}
              onClick={() => void updateThreat(threat.id, (t) => ({ ...t, references: t.references.filter((x) => x !== r) }))}
            >
              <CloseIcon size={9} />
            </button>
          </span>
        ))}
      </div>
      <input
        className={`tl-input${error ? ' is-invalid' : ''}`}
        data-testid="threat-ref-input"
        placeholder="CWE-319, CAPEC-94 … Enter"
        value={draft}
        maxLength={200}
        aria-invalid={error !== null}
        onChange={(e) => {
          setDraft(e.target.value);
          if (error) setError(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void add();
          }
        }}
        onBlur={() => void add()}
      />
      {error && (
        <div className="tl-field-error" data-testid="threat-ref-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

function DeleteThreat({ id, title }: { id: string; title: string }) {
  const [confirm, setConfirm] = useState(false);
  return (
    <section className="tl-section">
      {confirm ? (
        <div className="tl-inline-confirm" role="alertdialog" aria-label="Delete threat">
          <div className="tl-popover-text">
            Delete “{title}”? You can undo this.
          </div>
          <div className="tl-popover-actions">
            <button type="button" className="tl-button is-small" data-testid="threat-delete-cancel" onClick={() => setConfirm(false)}>
              Cancel
            </button>
            <button type="button" className="tl-button is-small is-danger" data-testid="threat-delete-confirm" onClick={() => void deleteThreat(id)}>
              Delete threat
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="tl-button is-block is-danger-quiet" data-testid="threat-delete" onClick={() => setConfirm(true)}>
          Delete threat…
        </button>
      )}
    </section>
  );
}

