// Intentions on the team's library: the picker and the forms opened, an entry
// applied to elements, an entry's update taken or declined. The ops are built
// in threats.ts (`applyLibraryEntry`, `takeLibraryUpdate`); reads and saves go
// through sync.ts.
import type { LibraryEntry_Deserialize } from '../../bindings';
import { elementLabel } from '../../shared/kinds';
import { folderName, notYetOn, type LibraryEntry, type LibraryUpdate } from '../../shared/library';
import { namesText, threatsText } from '../../shared/threatClipboard';
import { describeError } from '../../shared/errors';
import { saveLibraryEntry, type Result } from '../sync';
import { getApp, setApp, toast } from '../store';
import { applyLibraryEntry, takeLibraryUpdate } from './threats';

/** The elements of `ids` that can take threats (not trust boundaries). */
function threatTargets(ids: Iterable<string>): string[] {
  const model = getApp().model;
  return [...ids].filter((id) => {
    const e = model?.elements.get(id);
    return e !== undefined && e.kind !== 'trust_boundary';
  });
}

/** L, or "Library…": the picker on the selected elements (or `elementIds`).
 *  Nothing while presenting (no panel opens then); says why when nothing
 *  selected takes threats. */
export function openLibraryPicker(elementIds?: string[]): boolean {
  const s = getApp();
  if (!s.model || s.presenting || s.panel !== null) return false;
  const ids = threatTargets(elementIds ?? s.selection);
  if (ids.length === 0) {
    toast(
      s.selection.size > 0 && elementIds === undefined
        ? 'A trust boundary takes no threats: select elements or flows, then L'
        : 'Select the elements to apply a library entry to, then L',
      'info',
    );
    return false;
  }
  setApp({ panel: 'library-picker', pickFor: ids });
  return true;
}

export function closeLibraryPanel(): void {
  const s = getApp();
  if (s.panel?.startsWith('library-')) setApp({ panel: null, ...(s.panel === 'library-save' ? { saving: null } : {}) });
}

/** Applies `entry` to the elements of `elementIds` that do not have it yet: a
 *  new threat on each, in one undoable step. Resolves to the new threats' ids
 *  (null when nothing was made). */
export async function applyFromLibrary(entry: LibraryEntry, elementIds: string[]): Promise<string[] | null> {
  const model = getApp().model;
  if (!model) return null;
  const name = (id: string) => elementLabel(model.elements.get(id));
  const targets = notYetOn(model.threats, entry.id, threatTargets(elementIds));
  const already = elementIds.filter((id) => !targets.includes(id));
  if (targets.length === 0) {
    toast(`${threatsText([entry.title])} is already on ${namesText(already.map(name))}`, 'info');
    return null;
  }
  const created = await applyLibraryEntry(entry, targets);
  if (created) {
    const skipped = already.length > 0 ? ` (already on ${namesText(already.map(name))})` : '';
    toast(`${threatsText([entry.title])} applied to ${namesText(targets.map(name))}${skipped} · Ctrl+Z undoes it`, 'info');
  }
  return created;
}

/** "Save to library…" on a threat: the form, showing the entry it would make. */
export function openSaveToLibrary(threatId: string): void {
  const s = getApp();
  if (!s.model?.threats.has(threatId) || s.presenting) return;
  setApp({ panel: 'library-save', saving: threatId });
}

/** Saves the entry; on success a toast names it and its folder and the form
 *  closes. The core's refusal is returned (the form shows it in its words). */
export async function saveToLibrary(entry: LibraryEntry_Deserialize): Promise<string | null> {
  let r: Result<LibraryEntry>;
  try {
    r = await saveLibraryEntry(entry);
  } catch (e) {
    return describeError(e);
  }
  if (r.status === 'error') return describeError(r.error);
  const folder = getApp().library.status?.folders[0];
  toast(`${threatsText([r.data.title])} saved to the library: ${folder ? `${folderName(folder)}/` : ''}${r.data.id}.toml`, 'info', 6000);
  closeLibraryPanel();
  return null;
}

/** "Take the library's text" (`take`) or "Keep ours": either way the threat
 *  follows the entry's new version, in one undoable step. */
export async function answerLibraryUpdate(update: LibraryUpdate, take: boolean): Promise<boolean> {
  const ok = await takeLibraryUpdate([update.threat_id], update.entry, take);
  if (ok) toast(take ? `The library's text taken (v${update.entry.version}) · Ctrl+Z undoes it` : `Our text kept; the threat follows v${update.entry.version}`, 'info');
  return ok;
}

/** File menu entries of the library: the harvest and the folders. */
export function openLibraryPanel(panel: 'library-harvest' | 'library-folders'): void {
  const s = getApp();
  if (s.presenting) return;
  setApp({ panel });
}
