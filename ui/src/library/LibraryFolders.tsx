// Library → "Library folders…": the folders in use, in order (the first is
// where new entries go; an entry in two folders is taken from the earlier
// one), how many entries they hold, and the files or folders that could not be
// read, with the line at fault. Add (the folder dialog), remove, move up; Save
// makes it so (the core remembers the list and reads the folders again).
import { useEffect, useState } from 'react';
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import { toast, useApp } from '../app/store';
import { setLibraryFolders } from '../app/sync';
import { closeLibraryPanel } from '../app/intents/library';
import { describeError } from '../shared/errors';
import { folderName } from '../shared/library';
import { CloseIcon } from '../shared/ui/icons';

export function LibraryFolders() {
  const status = useApp((s) => s.library.status);
  const [folders, setFolders] = useState<string[] | null>(status?.folders ?? null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closeLibraryPanel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  // The status may arrive after the panel opened.
  useEffect(() => {
    if (folders === null && status) setFolders(status.folders);
  }, [status, folders]);

  const list = folders ?? [];
  const changed = status !== null && folders !== null && folders.join('\n') !== status.folders.join('\n');

  const add = async () => {
    try {
      const dir = await openDialog({ title: 'Add a library folder', directory: true, multiple: false });
      if (typeof dir === 'string' && dir && !list.includes(dir)) setFolders([...list, dir]);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const save = async () => {
    if (busy || !folders) return;
    setBusy(true);
    setError(null);
    try {
      const r = await setLibraryFolders(folders);
      if (r.status === 'error') setError(describeError(r.error));
      else toast(`Library folders saved: new entries go to ${folderName(folders[0] ?? '')}`, 'info');
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="tl-scrim tll-scrim" onMouseDown={(e) => e.target === e.currentTarget && closeLibraryPanel()}>
      <div className="tl-sheet tll-sheet tll-folders" role="dialog" aria-label="Library folders" data-keys="panel" data-testid="library-folders">
        <div className="tl-sheet-head">
          <div>
            <div className="tl-sheet-title">Library folders</div>
            <div className="tl-sheet-sub">
              Folders of small text files (one per entry): keep the team&apos;s in a git repository. New entries go to the first; an entry in two folders is taken from the
              earlier.
            </div>
          </div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={closeLibraryPanel}>
            <CloseIcon size={14} />
          </button>
        </div>

        <ol className="tll-folder-list" data-testid="library-folder-list">
          {list.map((f, i) => (
            <li key={f} className="tll-folder-row" data-testid="library-folder" data-path={f}>
              <span className="tll-folder-index">{i + 1}</span>
              <div className="tll-folder-main">
                <div className="tll-folder-name">
                  {folderName(f)}
                  {i === 0 && <span className="tll-first">new entries go here</span>}
                </div>
                <div className="tll-folder-path" title={f}>
                  {f}
                </div>
              </div>
              <button
                type="button"
                className="tl-button is-quiet is-small"
                data-testid="library-folder-up"
                disabled={i === 0}
                title="Move up (the first takes new entries)"
                onClick={() => setFolders([...list.slice(0, i - 1), f, list[i - 1], ...list.slice(i + 1)])}
              >
                ↑ Up
              </button>
              <button
                type="button"
                className="tl-button is-quiet is-small"
                data-testid="library-folder-remove"
                disabled={list.length === 1}
                title={list.length === 1 ? 'The library needs one folder' : 'Stop using this folder (its files stay)'}
                onClick={() => setFolders(list.filter((x) => x !== f))}
              >
                Remove
              </button>
            </li>
          ))}
        </ol>
        <button type="button" className="tl-button is-small" data-testid="library-folder-add" onClick={() => void add()}>
          + Add a folder…
        </button>

        <div className="tll-folder-status">
          {status && (
            <div data-testid="library-entry-count">
              {changed ? 'Before saving: ' : ''}
              <b>{status.entries}</b> {status.entries === 1 ? 'entry' : 'entries'} in {status.folders.length === 1 ? 'this folder' : `these ${status.folders.length} folders`}
            </div>
          )}
          {status && status.problems.length > 0 && (
            <>
              <div className="tl-mini-head">Not read ({status.problems.length})</div>
              <ul className="tll-problems" data-testid="library-problems">
                {status.problems.map((p, i) => (
                  <li key={i} className="tll-problem" data-testid="library-problem">
                    <code title={p.file}>
                      {shortFile(p.file)}
                      {p.line ? `:${p.line}` : ''}
                    </code>{' '}
                    {p.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>

        {error && (
          <div className="tll-message is-error" data-testid="library-folders-error" role="alert">
            {error}
          </div>
        )}
        <div className="tl-sheet-actions">
          <div className="tl-spacer" />
          <button type="button" className="tl-button" onClick={closeLibraryPanel}>
            Close
          </button>
          <button type="button" className="tl-button is-primary" data-testid="library-folders-save" disabled={!changed || busy} onClick={() => void save()}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </div>
    </div>
  );
}

/** "…/team-threats/jwt.toml": the folder and the file, enough to find it. */
function shortFile(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length > 2 ? `…/${parts.slice(-2).join('/')}` : path;
}
