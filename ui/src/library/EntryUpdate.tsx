// "Library entry updated (v1 → v2)" in the threat editor: the fields where
// the threat's text and the entry's newer text differ (the core's diff), ours
// beside the library's, and the two answers — each one op, one undo step.
import { useState } from 'react';
import { useApp } from '../app/store';
import { answerLibraryUpdate } from '../app/intents/library';
import { diffRows, pendingUpdates, versionsText, type Segment } from '../shared/library';
import type { Threat } from '../app/model';

export function EntryUpdate({ threat }: { threat: Threat }) {
  const update = useApp((s) => (s.library.updates && s.model && s.library.updates.path === s.model.path ? pendingUpdates(s.library.updates.list, s.model).get(threat.id) : undefined));
  const [busy, setBusy] = useState(false);
  if (!update) return null;
  const rows = diffRows(update.changes);

  const answer = async (take: boolean) => {
    if (busy) return;
    setBusy(true);
    try {
      await answerLibraryUpdate(update, take);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="tll-update" data-testid="library-update" data-from={update.from_version} data-to={update.entry.version} aria-label="Library entry updated">
      <div className="tll-update-head">
        <span className="tll-update-dot" aria-hidden="true" />
        <span className="tll-update-title">Library entry updated ({versionsText(update.from_version, update.entry.version)})</span>
      </div>
      {rows.length === 0 ? (
        <p className="tll-update-note">The texts are the same; the entry changed elsewhere (its kinds, tags or ratings).</p>
      ) : (
        <div className="tll-diff" data-testid="library-diff">
          {rows.map((r) => (
            <div key={r.field} className="tll-diff-field" data-testid="library-diff-row" data-field={r.field}>
              <div className="tll-diff-name">{r.field}</div>
              <div className="tll-diff-side is-ours">
                <span className="tll-diff-label">Ours</span>
                <Side lines={r.ours} />
              </div>
              <div className="tll-diff-side is-theirs">
                <span className="tll-diff-label">The library&apos;s</span>
                <Side lines={r.theirs} />
              </div>
            </div>
          ))}
        </div>
      )}
      <div className="tll-update-actions">
        <button type="button" className="tl-button is-small is-primary" data-testid="library-update-take" disabled={busy} onClick={() => void answer(true)}>
          Take the library&apos;s text
        </button>
        <button type="button" className="tl-button is-small" data-testid="library-update-keep" disabled={busy} onClick={() => void answer(false)}>
          Keep ours
        </button>
      </div>
    </section>
  );
}

function Runs({ runs }: { runs: Segment[] }) {
  return (
    <>
      {runs.map((r, i) => (r.changed ? <mark key={i}>{r.text}</mark> : <span key={i}>{r.text}</span>))}
    </>
  );
}

function Side({ lines }: { lines: Segment[][] }) {
  if (lines.every((l) => l.every((r) => !r.text))) return <span className="tll-diff-none">(empty)</span>;
  if (lines.length === 1) return <div className="tll-diff-text"><Runs runs={lines[0]} /></div>;
  return (
    <ul className="tll-diff-lines">
      {lines.map((l, i) => (
        <li key={i}>
          <Runs runs={l} />
        </li>
      ))}
    </ul>
  );
}
