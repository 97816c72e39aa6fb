// "Save to library…" (threat editor, threat list, Findings, Library menu): the
// form shows the ENTRY the core drafted from the threat, not the threat, so
// customer-specific words can be edited out before it is shared: title,
// category, the element kinds it is offered for (those the category takes),
// scenario, rationales (the factor ratings only if kept), actions,
// references, tags. Save writes it to the first library folder; a refusal
// shows here in the core's words.
import { useEffect, useRef, useState } from 'react';
import type { ElementKind, Stride } from '../bindings';
import { useApp } from '../app/store';
import { libraryDraft } from '../app/sync';
import { closeLibraryPanel, saveToLibrary } from '../app/intents/library';
import { describeError } from '../shared/errors';
import { elementLabel, KIND_LABEL } from '../shared/kinds';
import {
  folderName,
  kindsFor,
  parseReferences,
  parseTags,
  ratingsText,
  toggleKind,
  withCategory,
  withoutRatings,
  type LibraryEntry,
} from '../shared/library';
import { RATING_LABEL, STRIDE, STRIDE_LABEL } from '../shared/stride';
import { namesText } from '../shared/threatClipboard';
import { CloseIcon, KindIcon } from '../shared/ui/icons';
import { ChipsInput, ListEditor } from './EntryFields';

type Drafts = { action: string; ref: string; tag: string };

export function SaveToLibrary() {
  const threatId = useApp((s) => s.saving);
  const threat = useApp((s) => (s.saving ? s.model?.threats.get(s.saving) : undefined));
  const elements = useApp((s) => s.model?.elements);
  const firstFolder = useApp((s) => s.library.status?.folders[0] ?? null);
  const [entry, setEntry] = useState<LibraryEntry | null>(null);
  const [keepRatings, setKeepRatings] = useState(false);
  const [drafts, setDrafts] = useState<Drafts>({ action: '', ref: '', tag: '' });
  const [refError, setRefError] = useState<string | null>(null);
  const [tagError, setTagError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);

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

  // The core drafts the entry once, from the threat as it is when the form opens.
  useEffect(() => {
    if (!threatId) return;
    let live = true;
    libraryDraft(threatId).then(
      (r) => {
        if (!live) return;
        if (r.status === 'ok') {
          setEntry(r.data);
          requestAnimationFrame(() => titleRef.current?.focus());
        } else setError(describeError(r.error));
      },
      (e) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [threatId]);

  const set = (patch: Partial<LibraryEntry>) => setEntry((e) => (e ? { ...e, ...patch } : e));
  const setDraft = (k: keyof Drafts) => (text: string) => {
    setDrafts((d) => ({ ...d, [k]: text }));
    if (k === 'ref') setRefError(null);
    if (k === 'tag') setTagError(null);
  };

  const save = async () => {
    if (!entry || busy) return;
    // What is still typed in a list's input goes with the entry.
    const refs = drafts.ref.trim() ? parseReferences(drafts.ref) : { chips: [] };
    const tags = drafts.tag.trim() ? parseTags(drafts.tag) : { chips: [] };
    if ('error' in refs) return setRefError(refs.error);
    if ('error' in tags) return setTagError(tags.error);
    const add = (list: string[], more: string[]) => [...list, ...more.filter((x) => !list.includes(x))];
    const full: LibraryEntry = {
      ...entry,
      title: entry.title.trim(),
      recommended_actions: [...entry.recommended_actions, ...(drafts.action.trim() ? [drafts.action.trim()] : [])].map((a) => a.trim()).filter(Boolean),
      references: add(entry.references, refs.chips),
      tags: add(entry.tags, tags.chips),
    };
    setBusy(true);
    setError(null);
    try {
      const refused = await saveToLibrary(keepRatings ? full : withoutRatings(full));
      if (refused) setError(refused);
    } finally {
      setBusy(false);
    }
  };

  const ratings = entry ? ratingsText(entry, (r) => RATING_LABEL[r as keyof typeof RATING_LABEL] ?? r) : '';
  const on = threat ? namesText(threat.element_ids.map((id) => elementLabel(elements?.get(id)))) : '';

  return (
    <div className="tl-scrim tll-scrim" onMouseDown={(e) => e.target === e.currentTarget && closeLibraryPanel()}>
      <form
        className="tl-sheet tll-sheet tll-save"
        role="dialog"
        aria-label="Save to library"
        data-keys="panel"
        data-testid="library-save"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      >
        <div className="tl-sheet-head">
          <div>
            <div className="tl-sheet-title">Save to library</div>
            <div className="tl-sheet-sub">
              {threat ? (
                <>
                  From <span className="tll-mono">{threat.id}</span> on {on}. The library keeps what is below: edit out what belongs to this customer.
                </>
              ) : (
                'The threat is gone (deleted in another window?).'
              )}
            </div>
          </div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={closeLibraryPanel}>
            <CloseIcon size={14} />
          </button>
        </div>

        <div className="tll-body">
          {!entry ? (
            <div className="tll-empty">{error ? '' : 'Reading the threat…'}</div>
          ) : (
            <>
              <label className="tl-field">
                <span className="tl-field-label">Title</span>
                <input
                  ref={titleRef}
                  className="tl-input"
                  data-testid="library-form-title"
                  value={entry.title}
                  maxLength={200}
                  onChange={(e) => set({ title: e.target.value })}
                />
              </label>
              <div className="tll-row">
                <div className="tl-field">
                  <span className="tl-field-label">STRIDE category</span>
                  <div className="tl-cat-picker" role="radiogroup" aria-label="STRIDE category" data-testid="library-form-category" data-value={entry.category}>
                    {STRIDE.map((c: Stride) => (
                      <button
                        key={c}
                        type="button"
                        role="radio"
                        aria-checked={entry.category === c}
                        className={`tl-cat-option${entry.category === c ? ' is-on' : ''}`}
                        data-testid={`library-form-cat-${c}`}
                        title={STRIDE_LABEL[c]}
                        onClick={() => setEntry((e) => (e ? withCategory(e, c) : e))}
                      >
                        {c}
                      </button>
                    ))}
                  </div>
                  <span className="tl-field-note">{STRIDE_LABEL[entry.category]}</span>
                </div>
                <div className="tl-field">
                  <span className="tl-field-label">Offered for</span>
                  <div className="tll-kinds" role="group" aria-label="Element kinds it applies to">
                    {kindsFor(entry.category).map((k: ElementKind) => {
                      const pressed = entry.applies_to.includes(k);
                      return (
                        <button
                          key={k}
                          type="button"
                          aria-pressed={pressed}
                          className={`tll-kind${pressed ? ' is-on' : ''}`}
                          data-testid={`library-form-kind-${k}`}
                          onClick={() => set({ applies_to: toggleKind(entry.applies_to, k) })}
                        >
                          <KindIcon kind={k} size={13} />
                          {KIND_LABEL[k]}
                        </button>
                      );
                    })}
                  </div>
                  <span className="tl-field-note">The kinds {STRIDE_LABEL[entry.category].toLowerCase()} applies to (STRIDE per element)</span>
                </div>
              </div>
              <label className="tl-field">
                <span className="tl-field-label">Threat scenario</span>
                <textarea
                  className="tl-textarea"
                  data-testid="library-form-scenario"
                  rows={3}
                  value={entry.scenario}
                  maxLength={20000}
                  placeholder="Who does what, through which kind of element, and what they gain"
                  onChange={(e) => set({ scenario: e.target.value })}
                />
              </label>
              <div className="tll-row">
                <label className="tl-field">
                  <span className="tl-field-label">Impact rationale</span>
                  <textarea
                    className="tl-textarea"
                    data-testid="library-form-impact"
                    rows={3}
                    value={entry.impact.rationale}
                    maxLength={20000}
                    onChange={(e) => set({ impact: { ...entry.impact, rationale: e.target.value } })}
                  />
                </label>
                <label className="tl-field">
                  <span className="tl-field-label">Likelihood rationale</span>
                  <textarea
                    className="tl-textarea"
                    data-testid="library-form-likelihood"
                    rows={3}
                    value={entry.likelihood.rationale}
                    maxLength={20000}
                    onChange={(e) => set({ likelihood: { ...entry.likelihood, rationale: e.target.value } })}
                  />
                </label>
              </div>
              <label className={`tl-check tll-ratings${ratings ? '' : ' is-disabled'}`} title={ratings ? undefined : 'The threat is not rated'}>
                <input type="checkbox" data-testid="library-form-ratings" checked={keepRatings && !!ratings} disabled={!ratings} onChange={(e) => setKeepRatings(e.target.checked)} />
                <span className="tl-check-box" aria-hidden="true" />
                <span className="tl-check-label">
                  Keep the factor ratings as a starting point
                  <span className="tll-ratings-text">{ratings ? ` — ${ratings}` : ' — not rated'}</span>
                </span>
              </label>
              <div className="tl-field">
                <span className="tl-field-label">Recommended actions</span>
                <ListEditor
                  items={entry.recommended_actions}
                  onChange={(recommended_actions) => set({ recommended_actions })}
                  draft={drafts.action}
                  onDraft={setDraft('action')}
                  testId="library-form-action"
                  placeholder="Add an action, Enter"
                />
              </div>
              <div className="tll-row">
                <div className="tl-field">
                  <span className="tl-field-label">CWE / CAPEC references</span>
                  <ChipsInput
                    chips={entry.references}
                    onChange={(references) => set({ references })}
                    draft={drafts.ref}
                    onDraft={setDraft('ref')}
                    accept={(t) => {
                      const r = parseReferences(t);
                      setRefError('error' in r ? r.error : null);
                      return r;
                    }}
                    error={refError}
                    testId="library-form-ref"
                    placeholder="CWE-319, CAPEC-94 … Enter"
                    chipClass="is-ref"
                  />
                </div>
                <div className="tl-field">
                  <span className="tl-field-label">Tags</span>
                  <ChipsInput
                    chips={entry.tags}
                    onChange={(tags) => set({ tags })}
                    draft={drafts.tag}
                    onDraft={setDraft('tag')}
                    accept={(t) => {
                      const r = parseTags(t);
                      setTagError('error' in r ? r.error : null);
                      return r;
                    }}
                    error={tagError}
                    testId="library-form-tag"
                    placeholder="auth, jwt … Enter"
                  />
                </div>
              </div>
            </>
          )}
        </div>

        {error && (
          <div className="tll-message is-error" data-testid="library-form-error" role="alert">
            {error}
          </div>
        )}
        <div className="tl-sheet-actions">
          {firstFolder && (
            <span className="tll-dest" title={firstFolder}>
              Saved in <b>{folderName(firstFolder)}</b>
            </span>
          )}
          <div className="tl-spacer" />
          <button type="button" className="tl-button" data-testid="library-form-cancel" onClick={closeLibraryPanel}>
            Cancel
          </button>
          <button type="submit" className="tl-button is-primary" data-testid="library-form-save" disabled={!entry || busy} title="Save to library (Ctrl+Enter)">
            {busy ? 'Saving…' : 'Save to library'}
          </button>
        </div>
      </form>
    </div>
  );
}
