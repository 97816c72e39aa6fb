// Library → "Harvest findings into the library…": pick a past engagement (the
// dialog, a recent file, or a typed path), see its findings as the entries
// they would become (the core reads a copy: the file is never changed), tick
// which to keep — duplicates of the library's entries come unticked, those the
// core cannot save are disabled with its reason — and add them in one go.
import { useEffect, useMemo, useRef, useState } from 'react';
import { open as openDialog } from '@tauri-apps/plugin-dialog';
import type { RecentFile } from '../bindings';
import { toast } from '../app/store';
import { harvestIntoLibrary, harvestPreview } from '../app/sync';
import { recentFiles } from '../app/shell';
import { closeLibraryPanel } from '../app/intents/library';
import { describeError } from '../shared/errors';
import { KIND_LABEL } from '../shared/kinds';
import { harvestResultText, initialHarvestChoice, type HarvestCandidate } from '../shared/library';
import { fileName } from '../shared/paths';
import { CloseIcon } from '../shared/ui/icons';
import { CategoryChip } from '../shared/ui/threatBits';

const FILTERS = [{ name: 'Threatloom engagement', extensions: ['threatmodel'] }];

export function HarvestDialog() {
  const [path, setPath] = useState('');
  const [read, setRead] = useState<{ path: string; candidates: HarvestCandidate[] } | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [recent, setRecent] = useState<RecentFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'reading' | 'saving' | null>(null);
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    field.current?.focus();
    void recentFiles().then(setRecent);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        closeLibraryPanel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const target = path.trim();
  const current = read && read.path === target ? read : null;
  const candidates = current?.candidates ?? [];
  const picked = candidates.filter((c) => chosen.has(c.threat_id) && !c.problem);
  const selectable = useMemo(() => candidates.filter((c) => !c.problem), [candidates]);

  const load = async (file: string) => {
    if (!file || busy) return;
    setPath(file);
    setBusy('reading');
    setError(null);
    setRead(null);
    try {
      const r = await harvestPreview(file);
      if (r.status === 'ok') {
        setRead({ path: file, candidates: r.data });
        setChosen(initialHarvestChoice(r.data));
      } else setError(describeError(r.error));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const choose = async () => {
    try {
      const file = await openDialog({ title: 'Harvest findings from an engagement', multiple: false, directory: false, filters: FILTERS, defaultPath: target || undefined });
      if (typeof file === 'string') await load(file);
    } catch (e) {
      setError(describeError(e));
    }
  };

  const commit = async () => {
    if (!current || picked.length === 0 || busy) return;
    setBusy('saving');
    setError(null);
    try {
      const dup = picked.some((c) => !!c.duplicate_of);
      const r = await harvestIntoLibrary(current.path, picked.map((c) => c.threat_id), dup);
      if (r.status === 'ok') {
        toast(harvestResultText(r.data), 'info', 8000);
        closeLibraryPanel();
      } else setError(describeError(r.error));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const toggle = (id: string) =>
    setChosen((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="tl-scrim tll-scrim" onMouseDown={(e) => e.target === e.currentTarget && closeLibraryPanel()}>
      <form
        className="tl-sheet tll-sheet tll-harvest"
        role="dialog"
        aria-label="Harvest findings into the library"
        data-keys="panel"
        data-testid="library-harvest"
        onSubmit={(e) => {
          e.preventDefault();
          if (current) void commit();
          else void load(target);
        }}
      >
        <div className="tl-sheet-head">
          <div>
            <div className="tl-sheet-title">Harvest findings into the library</div>
            <div className="tl-sheet-sub">A past engagement&apos;s findings as library entries. The engagement file is read, never changed.</div>
          </div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={closeLibraryPanel}>
            <CloseIcon size={14} />
          </button>
        </div>

        <label className="tl-field">
          <span className="tl-field-label">Engagement</span>
          <span className="tll-file-row">
            <input
              ref={field}
              className="tl-input tll-path"
              data-testid="harvest-path"
              value={path}
              spellCheck={false}
              placeholder="A .threatmodel file"
              onChange={(e) => {
                setPath(e.target.value);
                setError(null);
              }}
            />
            <button type="button" className="tl-button" data-testid="harvest-choose" onClick={() => void choose()}>
              Choose…
            </button>
            <button type="button" className="tl-button" data-testid="harvest-read" disabled={!target || busy !== null} onClick={() => void load(target)}>
              {busy === 'reading' ? 'Reading…' : 'Read'}
            </button>
          </span>
        </label>
        {recent.length > 0 && !current && (
          <div className="tll-recent">
            <span className="tl-field-label">Recent</span>
            {recent.slice(0, 6).map((r) => (
              <button key={r.path} type="button" className="tll-recent-file" data-testid="harvest-recent" data-path={r.path} title={r.path} onClick={() => void load(r.path)}>
                {r.name || fileName(r.path)}
              </button>
            ))}
          </div>
        )}

        {error && (
          <div className="tll-message is-error" data-testid="harvest-error" role="alert">
            {error}
          </div>
        )}

        {current && (
          <div className="tll-candidates-box">
            <div className="tll-candidates-head">
              <span>
                {candidates.length === 0 ? 'No findings in this engagement' : `${candidates.length} finding${candidates.length === 1 ? '' : 's'} · ${picked.length} chosen`}
              </span>
              <span className="tl-spacer" />
              {selectable.length > 0 && (
                <button
                  type="button"
                  className="tl-link is-small"
                  onClick={() => setChosen(picked.length === selectable.length ? new Set() : new Set(selectable.map((c) => c.threat_id)))}
                >
                  {picked.length === selectable.length ? 'Choose none' : 'Choose all'}
                </button>
              )}
            </div>
            <ul className="tll-candidates">
              {candidates.map((c) => (
                <li
                  key={c.threat_id}
                  className={`tll-candidate${c.problem ? ' is-disabled' : ''}`}
                  data-testid="harvest-candidate"
                  data-id={c.threat_id}
                  data-duplicate={c.duplicate_of ?? ''}
                  data-problem={c.problem ? 'true' : 'false'}
                >
                  <label className="tl-check">
                    <input type="checkbox" data-testid="harvest-check" checked={chosen.has(c.threat_id) && !c.problem} disabled={!!c.problem} onChange={() => toggle(c.threat_id)} />
                    <span className="tl-check-box" aria-hidden="true" />
                  </label>
                  <CategoryChip category={c.entry.category} />
                  <div className="tll-candidate-main">
                    <div className="tll-candidate-title">{c.entry.title}</div>
                    <div className="tll-candidate-meta">
                      {c.entry.applies_to.map((k) => KIND_LABEL[k]).join(', ') || 'no element kind'}
                      {c.same_as.length > 0 && ` · the same finding on ${c.same_as.length + 1} elements`}
                    </div>
                    {c.duplicate_of && (
                      <div className="tll-candidate-note is-duplicate">
                        already in the library: <code>{c.duplicate_of}</code>
                      </div>
                    )}
                    {c.problem && <div className="tll-candidate-note is-problem">{c.problem}</div>}
                  </div>
                </li>
              ))}
            </ul>
          </div>
        )}

        <div className="tl-sheet-actions">
          <div className="tl-spacer" />
          <button type="button" className="tl-button" data-testid="harvest-cancel" onClick={closeLibraryPanel}>
            Cancel
          </button>
          <button type="submit" className="tl-button is-primary" data-testid="harvest-submit" disabled={!current || picked.length === 0 || busy !== null}>
            {busy === 'saving' ? 'Adding…' : current ? `Add ${picked.length} to the library` : 'Add to the library'}
          </button>
        </div>
      </form>
    </div>
  );
}
