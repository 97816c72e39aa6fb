// File → Import… and File → Import into this engagement…: choose another
// tool's file (Threat Dragon, OTM, Microsoft Threat Modeling Tool), read it
// (nothing written), see the report, then create an engagement beside the file
// or add its diagrams to the open one. A refusal is one line, here.
import { useEffect, useRef, useState } from 'react';
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import type { ImportPreview } from '../bindings';
import { CloseIcon } from '../shared/ui/icons';
import { describeError } from '../shared/errors';
import { setApp, useApp } from '../app/store';
import { importInto, importNew, importPreview } from '../app/shell';
import { ImportContent, type ImportMode } from './ImportReportView';
import { IMPORT_FILTERS } from './importText';

/** The file read last, offered again (a second import is often the same folder). */
let lastPath = '';

export function ImportDialog({ mode }: { mode: ImportMode }) {
  const engagementName = useApp((s) => s.model?.info.name ?? '');
  const hasModel = useApp((s) => s.model !== null);
  const [path, setPath] = useState(lastPath);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'importing' | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const close = () => setApp({ panel: null });

  useEffect(() => {
    field.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setApp({ panel: null });
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const target = path.trim();
  const current = preview !== null && preview.path === target ? preview : null;
  const canImport = busy === null && current !== null && (mode === 'new' || hasModel);

  const read = async (file: string) => {
    if (!file || busy) return;
    lastPath = file;
    setBusy('reading');
    setError(null);
    setPreview(null);
    try {
      const r = await importPreview(file);
      if (r.status === 'ok') setPreview(r.data);
      else setError(describeError(r.error));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const choose = async () => {
    try {
      const chosen = await openDialog({
        title: mode === 'new' ? 'Import a model from another tool' : 'Import into this engagement',
        multiple: false,
        directory: false,
        filters: IMPORT_FILTERS,
        defaultPath: target || undefined,
      });
      if (typeof chosen === 'string') {
        setPath(chosen);
        await read(chosen);
      }
    } catch (e) {
      setError(describeError(e));
    }
  };

  const commit = async () => {
    if (!canImport || !current) return;
    setBusy('importing');
    setError(null);
    try {
      const r = mode === 'new' ? await importNew(current.path) : await importInto(current.path);
      // On success the dialog is closed by then (the new engagement, or the new tab, shows).
      if (r.status === 'error') setError(describeError(r.error));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const title = mode === 'new' ? 'Import' : 'Import into this engagement';
  const sub =
    mode === 'new'
      ? 'A model from Threat Dragon, OTM (IriusRisk, startleft) or the Microsoft Threat Modeling Tool, as a new engagement.'
      : 'Another tool’s model, added to the open engagement as new diagrams.';

  return (
    <div className="tl-scrim tli-scrim" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="tl-sheet tli-sheet"
        role="dialog"
        aria-label={title}
        data-keys="panel"
        data-testid="import-dialog"
        data-mode={mode}
        onSubmit={(e) => {
          e.preventDefault();
          if (current) void commit();
          else void read(target);
        }}
      >
        <div className="tl-sheet-head">
          <div>
            <div className="tl-sheet-title">{title}</div>
            <div className="tl-sheet-sub">{sub}</div>
          </div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={close}>
            <CloseIcon size={14} />
          </button>
        </div>

        <label className="tl-field tli-file">
          <span className="tl-field-label">File</span>
          <span className="tli-file-row">
            <input
              ref={field}
              className="tl-input tli-path"
              data-testid="import-path"
              value={path}
              spellCheck={false}
              placeholder="A .json, .yaml or .tm7 file"
              onChange={(e) => {
                setPath(e.target.value);
                setError(null);
              }}
              onKeyDown={(e) => {
                // Enter reads the file (the form's own submit is disabled until a report shows).
                if (e.key === 'Enter' && !current) {
                  e.preventDefault();
                  void read(target);
                }
              }}
            />
            <button type="button" className="tl-button" data-testid="import-choose" onClick={() => void choose()}>
              Choose…
            </button>
            <button type="button" className="tl-button" data-testid="import-read" disabled={!target || busy !== null} onClick={() => void read(target)}>
              {busy === 'reading' ? 'Reading…' : 'Read'}
            </button>
          </span>
        </label>

        <ImportContent mode={mode} preview={current} error={error} reading={busy === 'reading'} engagementName={engagementName} />

        <div className="tl-sheet-actions">
          <div className="tl-spacer" />
          <button type="button" className="tl-button" data-testid="import-cancel" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="tl-button is-primary" data-testid="import-submit" disabled={!canImport}>
            {busy === 'importing' ? 'Importing…' : mode === 'new' ? 'Create engagement' : 'Add to this engagement'}
          </button>
        </div>
      </form>
    </div>
  );
}
