// The library picker (L, or "Library…" in the inspector's Suggestions): the
// search box has the focus at once and lists the entries that apply to every
// selected element as you type (the core's search and ranking); Up/Down move,
// Enter applies the highlighted entry to every selected element in one op,
// Esc closes. No mouse needed; a click on a row applies it too.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { LibraryHit_Serialize as LibraryHit } from '../bindings';
import { useApp } from '../app/store';
import { searchLibrary } from '../app/sync';
import { applyFromLibrary, closeLibraryPanel, openLibraryPanel } from '../app/intents/library';
import { describeError } from '../shared/errors';
import { elementLabel, KIND_LABEL } from '../shared/kinds';
import { folderName } from '../shared/library';
import { STRIDE_LABEL } from '../shared/stride';
import { namesText } from '../shared/threatClipboard';
import { KeyHint, Picker, PickerList } from '../shared/ui/Picker';
import { CategoryChip } from '../shared/ui/threatBits';
import { keepHighlight, pickerKey } from '../shared/pickerKeys';

/** A screenful and some: the picker is for finding, not browsing. */
const LIMIT = 50;

export function LibraryPicker() {
  const ids = useApp((s) => s.pickFor);
  const elements = useApp((s) => s.model?.elements);
  const generation = useApp((s) => s.library.generation);
  const status = useApp((s) => s.library.status);
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<LibraryHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [at, setAt] = useState(0);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const shown = useRef<{ query: string; id: string | null }>({ query: '', id: null });

  // Every keystroke (and every change to the library) is one search; an answer
  // to an older one is dropped.
  useEffect(() => {
    const mine = ++seq.current;
    searchLibrary(query, ids, LIMIT).then(
      (r) => {
        if (mine !== seq.current) return;
        if (r.status === 'error') {
          setError(describeError(r.error));
          setHits([]);
          return;
        }
        setError(null);
        setHits(r.data);
        // A new query starts at its best match; the same query read again keeps the row.
        const sameQuery = shown.current.query === query;
        const next = sameQuery ? keepHighlight(shown.current.id, r.data.map((h) => h.entry.id)) : 0;
        shown.current = { query, id: r.data[next]?.entry.id ?? null };
        setAt(next);
      },
      (e) => {
        if (mine === seq.current) setError(describeError(e));
      },
    );
  }, [query, ids, generation]);

  const names = useMemo(() => ids.map((id) => elementLabel(elements?.get(id))), [ids, elements]);
  const kinds = useMemo(() => [...new Set(ids.flatMap((id) => elements?.get(id)?.kind ?? []))], [ids, elements]);

  const move = (to: number) => {
    setAt(to);
    shown.current = { query, id: hits?.[to]?.entry.id ?? null };
  };

  const apply = async (hit: LibraryHit | undefined) => {
    if (!hit || busy) return;
    setBusy(true);
    try {
      if (await applyFromLibrary(hit.entry, ids)) closeLibraryPanel();
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const action = pickerKey(e.nativeEvent, at, hits?.length ?? 0);
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    if (action.type === 'close') closeLibraryPanel();
    else if (action.type === 'move') move(action.to);
    else if (!action.alt) void apply(hits?.[action.index]);
  };

  const empty = status !== null && status.entries === 0;
  const target = ids.length === 1 ? names[0] : `${ids.length} elements`;

  return (
    <Picker
      label="Apply from the library"
      testId="library-picker"
      title={
        <>
          Apply from the library <span className="tll-picker-to">to {namesText(names)}</span>
        </>
      }
      onClose={closeLibraryPanel}
      onKeyDown={onKeyDown}
      query={query}
      onQuery={setQuery}
      placeholder="Search titles, tags and text"
      searchTestId="library-search"
      listId="tll-hits"
      at={hits && hits[at] ? at : null}
      foot={
        <>
          <KeyHint keys={['↑', '↓']}>choose</KeyHint>
          <KeyHint keys={['Enter']}>apply to {target}</KeyHint>
          <KeyHint keys={['Esc']}>close</KeyHint>
          <span className="tl-spacer" />
          {hits && hits.length > 0 && (
            <span className="tll-picker-cat">{STRIDE_LABEL[hits[Math.min(at, hits.length - 1)].entry.category]}</span>
          )}
          {status && (
            <span className="tll-picker-count" title={status.folders.join('\n')}>
              {status.entries} {status.entries === 1 ? 'entry' : 'entries'}
            </span>
          )}
        </>
      }
    >
      {error && (
        <div className="tll-message is-error" role="alert">
          {error}
        </div>
      )}
      {empty ? (
        <div className="tll-empty" data-testid="library-picker-empty">
          <div className="tll-empty-title">The library is empty</div>
          Save a finding to it (<b>Save to library…</b> in the threat editor), or bring in a past engagement&apos;s:{' '}
          <button type="button" className="tl-link" onClick={() => (closeLibraryPanel(), openLibraryPanel('library-harvest'))}>
            Harvest findings…
          </button>
        </div>
      ) : hits !== null && hits.length === 0 && !error ? (
        <div className="tll-empty" data-testid="library-picker-empty">
          {query.trim() ? <>No entry matching “{query.trim()}” applies to </> : <>No entry applies to </>}
          {namesText(kinds.map((k) => `a ${KIND_LABEL[k].toLowerCase()}`))}.
        </div>
      ) : (
        <PickerList id="tll-hits" label="Library entries" at={at} shown={hits}>
          {hits?.map((h, i) => (
            <li
              key={`${h.folder}/${h.entry.id}`}
              id={`tll-hits-${i}`}
              role="option"
              aria-selected={i === at}
              className={`tl-picker-row tll-hit${i === at ? ' is-on' : ''}${h.applied ? ' is-applied' : ''}`}
              data-testid="library-hit"
              data-id={h.entry.id}
              data-applied={h.applied ? 'true' : 'false'}
              onMouseMove={() => i !== at && move(i)}
              onClick={() => void apply(h)}
            >
              <CategoryChip category={h.entry.category} />
              <div className="tll-hit-main">
                <div className="tll-hit-line">
                  <span className="tll-hit-title" data-testid="library-hit-title">
                    {h.entry.title}
                  </span>
                  {h.entry.tags.map((t) => (
                    <span key={t} className="tll-tag">
                      {t}
                    </span>
                  ))}
                </div>
                {h.entry.scenario && <div className="tll-hit-text">{h.entry.scenario}</div>}
              </div>
              <div className="tll-hit-side">
                {h.applied && (
                  <span className="tll-applied" title={`Already on ${target}`}>
                    applied
                  </span>
                )}
                <span className="tll-folder" title={h.folder}>
                  {folderName(h.folder)}
                </span>
              </div>
            </li>
          ))}
        </PickerList>
      )}
    </Picker>
  );
}
