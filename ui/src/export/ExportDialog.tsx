// File → Export…: choose a deliverable and what goes in, see the count and what
// changed since the last delivery (from the core's `report_preview`), write it,
// and optionally record it as delivered to the customer.
import { useEffect, useMemo, useRef, useState } from 'react';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import type { ExportFormat, FindingState, Report_Serialize, RiskLevel } from '../bindings';
import { CloseIcon } from '../shared/ui/icons';
import { FINDING_LABEL, FINDING_STATES } from '../shared/lifecycle';
import { describeError } from '../shared/errors';
import { RISK_LABEL, RISK_LEVELS } from '../shared/stride';
import { setApp, useApp } from '../app/store';
import { exportDeliverable, reportPreview } from '../app/shell';
import {
  changesLine,
  choicesProblem,
  defaultChoices,
  defaultDeliveryLabel,
  defaultDestination,
  fileList,
  findingsLine,
  formatDef,
  FORMATS,
  leftOutLine,
  resultLine,
  retarget,
  toFilter,
  unratedLine,
  type ExportChoices,
} from './exportText';
import { Segmented } from '../shared/ui/Segmented';
import { lastFormat, rememberFormat } from './exportAs';

const MIN_RISK_OPTIONS = [
  { value: 'any', label: 'Any', testId: 'export-min-risk-any' },
  ...RISK_LEVELS.map((level) => ({ value: level, label: RISK_LABEL[level], testId: `export-min-risk-${level}` })),
] satisfies readonly { value: RiskLevel | 'any'; label: string; testId: string }[];


interface Result {
  format: ExportFormat;
  line: string;
  path: string;
  files: string[];
}

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

export function ExportDialog() {
  const path = useApp((s) => s.model?.path ?? '');
  const name = useApp((s) => s.model?.info.name ?? '');
  const version = useApp((s) => s.model?.version);
  const diagrams = useApp((s) => s.model?.diagrams);
  const allIds = useMemo(() => (diagrams ?? []).map((d) => d.id), [diagrams]);

  const [format, setFormat] = useState<ExportFormat>(lastFormat());
  const [choices, setChoices] = useState<ExportChoices>(() => defaultChoices(allIds));
  const [customPath, setCustomPath] = useState<string | null>(null);
  const [record, setRecord] = useState(false);
  /** A CSV exported from Jira, whose issue keys make a re-import update (Jira CSV only). */
  const [jiraKeys, setJiraKeys] = useState('');
  const [label, setLabel] = useState<string | null>(null);
  const [preview, setPreview] = useState<Report_Serialize | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  const close = () => setApp({ panel: null });

  const filter = useMemo(() => toFilter(choices, allIds), [choices, allIds]);
  const problem = choicesProblem(choices);

  useEffect(() => {
    first.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setApp({ panel: null });
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // The preview follows the filter and every change to the engagement.
  useEffect(() => {
    if (problem) return;
    let stale = false;
    const timer = globalThis.setTimeout(() => {
      reportPreview(filter).then(
        (r) => {
          if (stale) return;
          setPreview(r.status === 'ok' ? r.data : null);
          setPreviewError(r.status === 'ok' ? null : describeError(r.error));
        },
        (e) => !stale && setPreviewError(describeError(e)),
      );
    }, 80);
    return () => {
      stale = true;
      globalThis.clearTimeout(timer);
    };
  }, [filter, version, problem]);

  const leftOut = preview ? leftOutLine(preview.left_out) : null;
  const unrated = preview ? unratedLine(preview.unrated, (id) => preview.findings.find((f) => f.id === id)?.title ?? '') : null;
  const def = formatDef(format);
  const reportVersion = preview?.version ?? null;
  const dest = customPath ?? (reportVersion ? defaultDestination(path, name, reportVersion, format) : '');
  const deliveryLabel = label ?? (reportVersion ? defaultDeliveryLabel(reportVersion) : '');
  // A model for another tool is the whole model: no filter, no delivery record.
  const wholeModel = def.model === true;
  const canExport = !busy && (wholeModel || (!problem && preview !== null)) && dest.trim() !== '' && (wholeModel || !record || deliveryLabel.trim() !== '');

  const set = (c: Partial<ExportChoices>) => {
    setChoices((prev) => ({ ...prev, ...c }));
    setResult(null);
  };

  const pickFormat = (f: ExportFormat) => {
    rememberFormat(f);
    setFormat(f);
    if (customPath !== null && reportVersion) setCustomPath(retarget(customPath, name, reportVersion, f));
    setResult(null);
    setError(null);
  };

  const choose = async () => {
    try {
      const chosen = await saveDialog({
        title: def.ext ? `Export ${def.label.toLowerCase()} (${def.kind})` : `Export ${def.label.toLowerCase()}: name the folder`,
        defaultPath: dest || undefined,
        filters: def.ext ? [{ name: `${def.label} (${def.kind})`, extensions: def.filterExts ?? [def.ext] }] : undefined,
      });
      if (chosen) setCustomPath(chosen);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const chooseJiraKeys = async () => {
    try {
      const chosen = await openDialog({
        title: 'The CSV exported from Jira (Issue key and Threatloom ID columns)',
        multiple: false,
        directory: false,
        filters: [{ name: 'CSV exported from Jira', extensions: ['csv'] }],
      });
      if (typeof chosen === 'string') setJiraKeys(chosen);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const run = async () => {
    if (!canExport) return;
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const target = dest.trim();
      const keys = format === 'jira_csv' && jiraKeys.trim() ? jiraKeys.trim() : null;
      const recording = record && !wholeModel;
      const r = await exportDeliverable(format, filter, target, recording ? deliveryLabel.trim() : null, keys);
      if (r.status === 'ok') {
        setResult({ format, line: resultLine(format, r.data.files.length, r.data.findings), path: def.ext ? r.data.files[0] ?? target : target, files: r.data.files });
        if (recording) {
          // Recorded: the next export is compared with this one, under the next version's name.
          setRecord(false);
          setLabel(null);
          setCustomPath(null);
        }
      } else setError(describeError(r.error));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tl-scrim tlx-scrim" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="tl-sheet tlx-sheet"
        role="dialog"
        aria-label="Export"
        data-keys="panel"
        data-testid="export-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
      >
        <div className="tl-sheet-head">
          <div>
            <div className="tl-sheet-title">Export</div>
            <div className="tl-sheet-sub">Deliverables for the customer, written from the engagement as it is now.</div>
          </div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={close}>
            <CloseIcon size={14} />
          </button>
        </div>

        <div className="tlx-body">
          <fieldset className="tlx-formats">
            <legend className="tlx-legend">Format</legend>
            {FORMATS.map((f, i) => [
              f.model && !FORMATS[i - 1]?.model && (
                <div key="models" className="tlx-legend tlx-legend-sub">
                  For other tools
                </div>
              ),
              <button
                key={f.id}
                ref={format === f.id ? first : undefined}
                type="button"
                role="radio"
                aria-checked={format === f.id}
                className={`tlx-format${format === f.id ? ' is-on' : ''}`}
                data-testid={`export-format-${f.id}`}
                onClick={() => pickFormat(f.id)}
              >
                <span className="tlx-format-label">{f.label}</span>
                <span className="tlx-format-kind">{f.kind}</span>
              </button>,
            ])}
            <p className="tlx-format-detail">{def.detail}</p>
          </fieldset>

          {wholeModel ? (
            <div className="tlx-filters" data-testid="export-whole-model">
              <div className="tlx-legend">What goes in</div>
              <p className="tlx-format-detail">
                Every diagram, element, flow, boundary and threat, with the properties another tool reads back. The filters and the delivery
                record are for deliverables: they do not apply to a model.
              </p>
            </div>
          ) : (
            <div className="tlx-filters">
              <div className="tlx-legend">What goes in</div>
              {diagrams && diagrams.length > 1 && (
                <Chips
                  label="Diagrams"
                  testId="export-diagram"
                  items={diagrams.map((d) => ({ key: d.id, label: d.name || 'Untitled diagram' }))}
                  on={choices.diagramIds}
                  onToggle={(id) => set({ diagramIds: toggle(choices.diagramIds, id) })}
                />
              )}
              <Chips
                label="Status"
                testId="export-state"
                items={FINDING_STATES.map((s) => ({ key: s, label: FINDING_LABEL[s] }))}
                on={choices.lifecycles}
                onToggle={(s) => set({ lifecycles: toggle(choices.lifecycles, s as FindingState) })}
              />
              <div className="tlx-group">
                <div className="tlx-group-label">Minimum risk</div>
                <Segmented
                  mode="radio"
                  label="Minimum risk"
                  value={choices.minRisk ?? 'any'}
                  options={MIN_RISK_OPTIONS}
                  onChange={(level) => set({ minRisk: level === 'any' ? null : level })}
                />
              </div>
              <label className="tl-check tlx-check" data-testid="export-out-of-scope">
                <input type="checkbox" checked={choices.includeOutOfScope} onChange={(e) => set({ includeOutOfScope: e.target.checked })} />
                <span className="tl-check-box" aria-hidden="true" />
                <span className="tl-check-label">Include out-of-scope elements and their threats</span>
              </label>
              <label className="tl-check tlx-check" data-testid="export-library-source">
                <input type="checkbox" checked={choices.librarySource} onChange={(e) => set({ librarySource: e.target.checked })} />
                <span className="tl-check-box" aria-hidden="true" />
                <span className="tl-check-label">Say which findings came from the team's library (for internal reviews)</span>
              </label>
            </div>
          )}
        </div>

        {!wholeModel && (
          <div className="tlx-preview" aria-live="polite">
            {problem || previewError ? (
              <div className="tlx-preview-main is-problem">{problem ?? previewError}</div>
            ) : (
              <>
                <div className="tlx-preview-main" data-testid="export-preview">
                  {preview ? findingsLine(preview.findings.length, preview.by_risk) : 'Counting findings…'}
                </div>
                <div className="tlx-preview-sub" data-testid="export-changes">
                  {preview ? changesLine(preview.changes) : '\u00a0'}
                </div>
                {leftOut && (
                  <div className="tlx-preview-sub" data-testid="export-left-out">
                    {leftOut}
                  </div>
                )}
                {unrated && (
                  <div className="tlx-preview-warn" role="alert" data-testid="export-unrated">
                    {unrated}
                  </div>
                )}
              </>
            )}
          </div>
        )}

        <label className="tl-field tlx-dest">
          <span className="tl-field-label">{def.ext ? 'Save to' : 'Save into the folder'}</span>
          <span className="tlx-dest-row">
            <input
              className="tl-input tlx-path"
              data-testid="export-path"
              value={dest}
              spellCheck={false}
              placeholder={def.ext ? `File name ending in .${def.ext}` : 'Folder (created if missing)'}
              onChange={(e) => {
                setCustomPath(e.target.value);
                setResult(null);
              }}
            />
            <button type="button" className="tl-button" data-testid="export-choose" onClick={() => void choose()}>
              Choose…
            </button>
          </span>
        </label>

        {format === 'jira_csv' && (
          <label className="tl-field tlx-dest">
            <span className="tl-field-label">Jira issue keys (optional)</span>
            <span className="tlx-dest-row">
              <input
                className="tl-input tlx-path"
                data-testid="export-jira-keys"
                value={jiraKeys}
                spellCheck={false}
                placeholder="A CSV exported from Jira, to update the issues it already has"
                onChange={(e) => {
                  setJiraKeys(e.target.value);
                  setResult(null);
                }}
              />
              <button type="button" className="tl-button" data-testid="export-jira-keys-choose" onClick={() => void chooseJiraKeys()}>
                Choose…
              </button>
            </span>
          </label>
        )}

        {!wholeModel && (
          <>
            <div className="tlx-delivery">
              <label className="tl-check tlx-check" data-testid="export-record">
                <input type="checkbox" checked={record} onChange={(e) => setRecord(e.target.checked)} />
                <span className="tl-check-box" aria-hidden="true" />
                <span className="tl-check-label">Record as delivery to the customer</span>
              </label>
              <input
                className="tl-input is-small tlx-label"
                data-testid="export-label"
                aria-label="Delivery name"
                value={deliveryLabel}
                maxLength={200}
                disabled={!record}
                onChange={(e) => setLabel(e.target.value)}
              />
            </div>
            <div className="tl-field-note tlx-delivery-note">
              The next export then marks what is new, changed or removed since. Undo in Findings removes the record, not the file.
            </div>
          </>
        )}

        {error && (
          <div className="tlx-message is-error" role="alert" data-testid="export-error">
            {error}
          </div>
        )}
        {result && (
          <div className="tlx-message is-done" role="status" data-testid="export-result">
            <div>{result.line}</div>
            <div className="tlx-result-path" data-testid="export-result-path">
              {result.path}
            </div>
            {!formatDef(result.format).ext && result.files.length > 0 && <div className="tlx-result-files">{fileList(result.files)}</div>}
          </div>
        )}

        <div className="tl-sheet-actions">
          <div className="tl-spacer" />
          <button type="button" className="tl-button" data-testid="export-close" onClick={close}>
            {result ? 'Done' : 'Cancel'}
          </button>
          <button type="submit" className="tl-button is-primary" data-testid="export-submit" disabled={!canExport}>
            {busy ? 'Exporting…' : 'Export'}
          </button>
        </div>
      </form>
    </div>
  );
}

function Chips(props: {
  label: string;
  testId: string;
  items: { key: string; label: string }[];
  on: readonly string[];
  onToggle: (key: string) => void;
}) {
  return (
    <div className="tlx-group" role="group" aria-label={props.label}>
      <div className="tlx-group-label">{props.label}</div>
      <div className="tlx-chips">
        {props.items.map((item) => {
          const on = props.on.includes(item.key);
          return (
            <button
              key={item.key}
              type="button"
              aria-pressed={on}
              className={`tlx-chip${on ? ' is-on' : ''}`}
              data-testid={props.testId}
              data-id={item.key}
              onClick={() => props.onToggle(item.key)}
            >
              {item.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}
