import type { EngagementInfo } from '../bindings';
import { countKinds, elementsOf } from '../app/model';
import { useApp } from '../app/store';
import { fileName } from '../shared/paths';
import { Section, SelectField, TextField } from '../shared/ui/fields';
import { useMemo } from 'react';
import { RiskMatrixEditor } from '../threats/RiskMatrixEditor';
import { ThreatSummary } from '../threats/ThreatSummary';
import { setInfo } from '../app/intents/engagement';
import { ENGAGEMENT_KINDS } from '../shared/vocabulary';

/** With nothing selected: the engagement itself and the diagram's counts. */
export function EngagementInspector() {
  const model = useApp((s) => s.model);
  const diagramId = useApp((s) => s.diagramId);
  const counts = useMemo(
    () => (model && diagramId ? countKinds(elementsOf(model.elements, diagramId)) : null),
    [model, diagramId],
  );
  if (!model) return null;
  const info = model.info;
  const diagram = model.diagrams.find((d) => d.id === diagramId);
  return (
    <div className="tl-inspector-body">
      <div className="tl-inspector-kind">
        <span className="tl-kind-badge is-engagement">Engagement</span>
      </div>
      <Section title="Engagement">
        <TextField label="Name" testId="info-name" value={info.name} maxLength={200} onCommit={(name) => setInfo({ ...info, name })} />
        <TextField label="Customer" testId="info-customer" value={info.customer} maxLength={200} onCommit={(customer) => setInfo({ ...info, customer })} />
        <TextField
          label="Application"
          testId="info-application"
          value={info.application}
          maxLength={200}
          onCommit={(application) => setInfo({ ...info, application })}
        />
        <SelectField
          label="Kind"
          testId="info-kind"
          value={info.kind}
          options={ENGAGEMENT_KINDS}
          onChange={(v) => void setInfo({ ...info, kind: v as EngagementInfo['kind'] })}
        />
        <TextField
          label="Description"
          testId="info-description"
          multiline
          value={info.description}
          placeholder="Scope, goals, what the customer wants to learn…"
          maxLength={20000}
          onCommit={(description) => setInfo({ ...info, description })}
        />
      </Section>
      {counts && diagram && (
        <Section title={`Diagram · ${diagram.name}`}>
          <dl className="tl-counts" data-testid="diagram-counts">
            <Count n={counts.externalEntities} label="External entities" />
            <Count n={counts.processes} label="Processes" />
            <Count n={counts.dataStores} label="Data stores" />
            <Count n={counts.flows} label="Data flows" />
            <Count n={counts.boundaries} label="Trust boundaries" />
          </dl>
        </Section>
      )}
      <ThreatSummary />
      <RiskMatrixEditor />
      <Section title="File">
        <div className="tl-file" title={model.path}>
          <div className="tl-file-name">{fileName(model.path)}</div>
          <div className="tl-file-path">{model.path}</div>
        </div>
      </Section>
    </div>
  );
}

function Count({ n, label }: { n: number; label: string }) {
  return (
    <div className="tl-count">
      <dt>{label}</dt>
      <dd>{n}</dd>
    </div>
  );
}
