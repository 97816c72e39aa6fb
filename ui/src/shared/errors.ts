// Turns whatever a command rejected with into one sentence for a toast. The core's
// errors are typed (branch on `type`); the IPC layer can also reject with a plain
// string (e.g. a permission refusal), and bad input must never crash the UI.
import type { Error as CoreError } from '../bindings';
import { fileName } from './paths';

function isCoreError(e: unknown): e is CoreError {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string';
}

export function describeError(e: unknown): string {
  if (isCoreError(e)) {
    switch (e.type) {
      case 'invalid':
        return typeof e.detail === 'string' && e.detail ? e.detail : 'That change is not allowed';
      case 'not_found':
        return `${e.detail?.what ?? 'Item'} no longer exists (it may have been deleted in another window)`;
      case 'nothing_to_undo':
        return 'Nothing to undo';
      case 'nothing_to_redo':
        return 'Nothing to redo';
      case 'undo_blocked':
        return e.detail?.message || 'That step cannot be undone now: a later change touched the same record';
      case 'not_an_engagement':
        return `${fileName(e.detail?.path ?? '')} is not a Threatloom engagement file`;
      case 'newer_version':
        return `${fileName(e.detail?.path ?? '')} was written by a newer Threatloom (file version ${e.detail?.found}, this one reads up to ${e.detail?.supported}). Update Threatloom to open it.`;
      case 'corrupt':
        return `${fileName(e.detail?.path ?? '')} is damaged and cannot be opened: ${e.detail?.reason ?? 'unknown reason'}`;
      case 'unsafe':
        return `${fileName(e.detail?.path ?? '')} was not opened: ${e.detail?.reason ?? 'it holds more than a Threatloom file may'}. The file is unchanged.`;
      case 'already_exists':
        return `${fileName(e.detail?.path ?? '')} already exists: choose another name`;
      case 'no_engagement':
        return 'No engagement is open: create or open one from the File menu';
      case 'io':
        return `Could not read or write the file: ${e.detail}`;
      case 'storage':
        return `Could not store the change: ${e.detail}`;
      case 'export':
        return `Export failed: ${e.detail}`;
    }
    return `Something went wrong (${String((e as { type: string }).type)})`;
  }
  if (typeof e === 'string' && e.trim()) return e;
  if (e instanceof Error && e.message) return e.message;
  return 'Something went wrong';
}
