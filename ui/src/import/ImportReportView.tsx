// The import report, before anything is written: the format, the counts, and
// every line grouped Mapped / Defaulted / Kept / Dropped. Pure: props in,
// markup out (import.test.ts renders it).
import type { ImportPreview, ImportReport } from '../bindings';
import { addLine, counts, createLine, formatLine, groups, lineText } from './importText';

export type ImportMode = 'new' | 'into';

/** The dialog's body under the file field: the refusal (one line), or the
 *  report and what confirming does, or what happens first. */
export function ImportContent(props: { mode: ImportMode; preview: ImportPreview | null; error: string | null; reading: boolean; engagementName: string }) {
  const { mode, preview, error, reading } = props;
  if (error) {
    return (
      <div className="tli-message is-error" role="alert" data-testid="import-error">
        {error}
      </div>
    );
  }
  if (preview) {
    return (
      <>
        <ImportReportView report={preview.report} />
        <div className="tl-field-note tli-note" data-testid="import-note">
          {mode === 'new' ? createLine(preview.path, preview.destination) : addLine(preview.report, props.engagementName)}
        </div>
      </>
    );
  }
  return (
    <div className="tli-empty" data-testid="import-empty">
      {reading ? 'Reading the file…' : 'Nothing is written until you confirm: first the file is read and its report shown here.'}
    </div>
  );
}

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <div className="tli-report" data-testid="import-report">
      <div className="tli-format" data-testid="import-format">
        {formatLine(report)}
      </div>
      <ul className="tli-counts" aria-label="What the file holds">
        {counts(report).map((c) => (
          <li key={c.key} className={`tli-count${c.n === 0 ? ' is-zero' : ''}`} data-testid={`import-count-${c.key}`} data-n={c.n}>
            {c.label}
          </li>
        ))}
      </ul>
      <div className="tli-groups">
        {groups(report).map((g) => (
          <section key={g.outcome} className={`tli-group is-${g.outcome}`} data-testid={`import-group-${g.outcome}`} data-total={g.total}>
            <h3 className="tli-group-head">
              {g.lines.length > 0 ? (
                <>
                  <span className="tli-group-label">{g.label}</span>
                  <span className="tli-group-total" data-testid={`import-total-${g.outcome}`}>
                    {g.total}
                  </span>
                  <span className="tli-group-hint">{g.hint}</span>
                </>
              ) : (
                <span className="tli-group-label">{g.label}: nothing</span>
              )}
            </h3>
            {g.lines.length > 0 && (
              <ul className="tli-lines">
                {g.lines.map((l, i) => (
                  <li key={i} className="tli-line" data-testid="import-line" data-count={l.count}>
                    {lineText(l)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </div>
    </div>
  );
}
