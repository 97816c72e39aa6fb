import type { PropertyDef, PropValue, Proposal } from '../bindings';
import { KindIcon, WarnIcon } from '../shared/ui/icons';
import { elementLabel, KIND_LABEL } from '../shared/kinds';
import { isLine, type Element } from '../app/model';
import { setSelection, useApp } from '../app/store';
import { canvasApi } from '../app/canvasApi';
import { CheckField, Section, SelectField, TextField } from '../shared/ui/fields';
import { ElementThreats } from '../threats/ElementThreats';
import { rename, setDescription, setProperty } from '../app/intents/diagram';

const SCOPE_KEYS = new Set(['out_of_scope', 'out_of_scope_reason']);

export function ElementInspector({ element }: { element: Element }) {
  const catalog = useApp((s) => s.catalog);
  const analysis = useApp((s) => s.analysis);
  const elements = useApp((s) => s.model?.elements);
  const defs = catalog.filter((d) => d.kinds.includes(element.kind));
  // Properties another tool wrote (an imported model's): kept, shown, editable, removable.
  const known = new Set(catalog.map((d) => d.key));
  const others = Object.entries(element.props)
    .filter(([k]) => !known.has(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const props = defs.filter((d) => !SCOPE_KEYS.has(d.key));
  const scope = defs.filter((d) => SCOPE_KEYS.has(d.key));
  const fresh = analysis && analysis.diagram_id === element.diagram_id ? analysis : null;
  const inside = fresh?.inside[element.id] ?? [];
  const crossings = fresh?.crossings[element.id] ?? [];
  const crossedBy =
    element.kind === 'trust_boundary' && fresh
      ? Object.entries(fresh.crossings)
          .filter(([, bs]) => bs?.includes(element.id))
          .map(([f]) => f)
          .sort()
      : [];
  const warnings = fresh?.warnings.filter((w) => w.element_id === element.id) ?? [];
  // What the core reads from the element itself ("SSH encrypts"): offered as one click.
  const proposals = fresh?.proposals.filter((p) => p.element_id === element.id) ?? [];
  const nameOf = (id: string) => {
    return elementLabel(elements?.get(id), id);
  };
  const isFlow = element.kind === 'data_flow';
  const outOfScope = element.props.out_of_scope === true;

  return (
    <div className="tl-inspector-body" key={element.id}>
      <div className="tl-inspector-kind">
        <span className={`tl-kind-badge is-${element.kind}`}>
          <KindIcon kind={element.kind} size={14} />
          {isLine(element) ? 'Trust boundary (line)' : KIND_LABEL[element.kind]}
        </span>
        {outOfScope && <span className="tl-pill is-muted">Out of scope</span>}
        <span className="tl-inspector-id" title="Element id">{element.id}</span>
      </div>

      <Section title="General">
        <TextField
          label="Name"
          testId="inspector-name"
          value={element.name}
          maxLength={200}
          onCommit={(name) => rename(element.id, name.trim())}
        />
        <TextField
          label="Description"
          testId="inspector-description"
          multiline
          value={element.description}
          placeholder="What it is, what it does, what it holds…"
          maxLength={20000}
          onCommit={(description) => setDescription(element.id, description)}
        />
        {isFlow && (
          <div className="tl-field">
            <span className="tl-field-label">Connects</span>
            <div className="tl-flow-ends" data-testid="flow-ends">
              <LinkName id={element.source} name={element.source ? nameOf(element.source) : '?'} />
              <span className="tl-arrow" aria-label="to">→</span>
              <LinkName id={element.target} name={element.target ? nameOf(element.target) : '?'} />
            </div>
          </div>
        )}
      </Section>

      {warnings.length > 0 && (
        <div className="tl-inspector-warnings" data-testid="element-warnings">
          {warnings.map((w, i) => (
            <div key={i} className="tl-inline-warning">
              <WarnIcon size={13} />
              <span>{w.message}</span>
            </div>
          ))}
        </div>
      )}

      <ElementThreats element={element} />

      {props.length > 0 && (
        <Section title="Properties">
          {props.map((d) => (
            <PropertyField key={d.key} def={d} element={element} proposal={proposals.find((p) => p.key === d.key)} />
          ))}
        </Section>
      )}

      {others.length > 0 && (
        <Section title="Other properties">
          <p className="tl-other-props-help">From another tool's model: kept with the element and exported again; the rules do not read them.</p>
          <div data-testid="other-properties">
            {others.map(([key, value]) => (
              <OtherProperty key={key} id={element.id} name={key} value={value} />
            ))}
          </div>
        </Section>
      )}

      {element.kind === 'trust_boundary' && (
        <Section title="Crossed by">
          <div className="tl-field">
            <ul className="tl-chips" data-testid="crossed-by">
              {crossedBy.length === 0 ? (
                <li className="tl-muted tl-none">{fresh ? 'No data flow' : '…'}</li>
              ) : (
                crossedBy.map((f) => (
                  <li key={f} className="tl-chip is-crossing">
                    <LinkName id={f} name={nameOf(f)} />
                  </li>
                ))
              )}
            </ul>
          </div>
        </Section>
      )}

      {!isLine(element) && (
      <Section title="Trust boundaries">
        <div className="tl-field">
          <span className="tl-field-label">{isFlow ? 'Both ends inside' : 'Inside'}</span>
          <ul className="tl-chips" data-testid="inside-boundaries">
            {inside.length === 0 ? (
              <li className="tl-muted tl-none">{fresh ? 'No trust boundary' : '…'}</li>
            ) : (
              inside.map((b, i) => (
                <li key={b} className="tl-chip is-boundary">
                  {i > 0 && <span className="tl-chip-sep">›</span>}
                  {nameOf(b)}
                </li>
              ))
            )}
          </ul>
        </div>
        {isFlow && (
          <div className="tl-field">
            <span className="tl-field-label">Crosses</span>
            <ul className="tl-chips" data-testid="crossings">
              {crossings.length === 0 ? (
                <li className="tl-muted tl-none">{fresh ? 'No trust boundary' : '…'}</li>
              ) : (
                crossings.map((b) => (
                  <li key={b} className="tl-chip is-crossing">
                    {nameOf(b)}
                  </li>
                ))
              )}
            </ul>
          </div>
        )}
      </Section>
      )}

      {scope.length > 0 && (
        <Section title="Scope">
          {scope.map((d) =>
            d.key === 'out_of_scope_reason' && !outOfScope && !element.props[d.key] ? null : (
              <PropertyField key={d.key} def={d} element={element} />
            ),
          )}
        </Section>
      )}
    </div>
  );
}

/** A property outside the catalogue: yes/no or text (≤ 500 characters), with a remove button. */
function OtherProperty({ id, name, value }: { id: string; name: string; value: PropValue }) {
  const remove = (
    <button
      type="button"
      className="tl-other-prop-remove"
      title={`Remove “${name}”`}
      aria-label={`Remove ${name}`}
      data-testid="other-prop-remove"
      onClick={() => void setProperty(id, name, null)}
    >
      ×
    </button>
  );
  return (
    <div className="tl-other-prop" data-key={name}>
      {typeof value === 'boolean' ? (
        <CheckField label={name} checked={value} testId="other-prop-value" onChange={(v) => void setProperty(id, name, v)} />
      ) : (
        <TextField
          label={name}
          testId="other-prop-value"
          value={value}
          maxLength={500}
          onCommit={(v) => setProperty(id, name, v)}
        />
      )}
      {remove}
    </div>
  );
}

function LinkName({ id, name }: { id: string | null; name: string }) {
  if (!id) return <span>{name}</span>;
  return (
    <button
      type="button"
      className="tl-link"
      onClick={() => {
        setSelection([id]);
        canvasApi()?.reveal(id);
      }}
    >
      {name}
    </button>
  );
}

function ProposalHint({ def, element, proposal }: { def: PropertyDef; element: Element; proposal: Proposal }) {
  const what = proposal.value === true ? `tick ${def.label}` : `set ${def.label} to ${String(proposal.value)}`;
  return (
    <button
      type="button"
      className="tl-link tl-proposal"
      data-testid={`propose-${def.key}`}
      onClick={() => void setProperty(element.id, proposal.key, proposal.value)}
    >
      {proposal.reason}: {what}
    </button>
  );
}

function PropertyField({ def, element, proposal }: { def: PropertyDef; element: Element; proposal?: Proposal }) {
  const value = element.props[def.key];
  const t = def.value_type;
  const hint = proposal && <ProposalHint def={def} element={element} proposal={proposal} />;
  if (t.type === 'bool') {
    return (
      <>
        <CheckField
          label={def.label}
          help={def.help}
          checked={value === true}
          unset={value === undefined}
          testId={`prop-${def.key}`}
          onChange={(v) => void setProperty(element.id, def.key, v)}
          onClear={() => void setProperty(element.id, def.key, null)}
        />
        {hint}
      </>
    );
  }
  if (t.type === 'choice') {
    const current = typeof value === 'string' ? value : '';
    const options = t.options.map((o) => ({ value: o, label: o }));
    // A stored value the catalogue no longer lists still shows (and can be cleared).
    if (current && !t.options.includes(current)) options.push({ value: current, label: `${current} (unknown)` });
    return (
      <SelectField
        label={def.label}
        help={def.help}
        value={current}
        options={options}
        emptyLabel="—"
        testId={`prop-${def.key}`}
        onChange={(v) => void setProperty(element.id, def.key, v === '' ? null : v)}
      />
    );
  }
  return (
    <TextField
      label={def.label}
      help={def.help}
      placeholder={def.help}
      testId={`prop-${def.key}`}
      value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
      maxLength={500}
      onCommit={(v) => setProperty(element.id, def.key, v.trim() === '' ? null : v.trim())}
    />
  );
}
