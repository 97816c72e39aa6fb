// "Library entry updated (v1 → v2)" in the threat editor: the fields where
// the threat's text and the entry's newer text differ (the core's diff), ours
// beside the library's, and the two answers — each one op, one undo step.
import { useState } from 'react';
import { useApp } from '../app/store';
import { answerLibraryUpdate } from '../app/intents/library';
import { diffRows, pendingUpdates, versionsText, type DiffSide } from '../shared/library';
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
        <code className="tll-update-id">{update.entry_id}</code>
      </div>
      {rows.length === 0 ? (
        <p className="tll-update-note">The texts are the same; the entry changed elsewhere (its kinds, tags or ratings).</p>
      ) : (
        <table className="tll-diff" data-testid="library-diff">
          <thead>
            <tr>
              <th>Field</th>
              <th>Ours</th>
              <th>The library&apos;s</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.field} data-testid="library-diff-row" data-field={r.field}>
                <th scope="row">{r.field}</th>
                <td className="is-ours">
                  <Side parts={r.ours} />
                </td>
                <td className="is-theirs">
                  <Side parts={r.theirs} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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

function Side({ parts }: { parts: DiffSide[] }) {
  if (parts.length === 0 || parts.every((p) => !p.before && !p.changed && !p.after)) return <span className="tll-diff-none">(empty)</span>;
  if (parts.length === 1) {
    const p = parts[0];
    return (
      <>
        {p.before}
        {p.changed && <mark>{p.changed}</mark>}
        {p.after}
      </>
    );
  }
  return (
    <ul className="tll-diff-lines">
      {parts.map((p, i) => (
        <li key={i}>{p.changed ? <mark>{p.changed}</mark> : p.before}</li>
      ))}
    </ul>
  );
}
