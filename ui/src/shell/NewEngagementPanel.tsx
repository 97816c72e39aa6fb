import { useEffect, useRef, useState } from 'react';
import { save as saveDialog } from '@tauri-apps/plugin-dialog';
import { describeError } from '../shared/errors';
import { FILE_FILTERS } from './commands';
import { setApp, toast } from '../app/store';
import { CloseIcon } from '../shared/ui/icons';
import { newEngagement } from '../app/shell';
import type { EngagementKind } from '../bindings';
import { Segmented } from '../shared/ui/Segmented';
import { ENGAGEMENT_KINDS } from '../shared/vocabulary';

/** "New engagement…": an in-app panel (no native dialog for the common case):
 *  a name (and the customer and kind, which the Overview edits later) and
 *  Create puts the file in the default folder; Choose location… asks where. */
export function NewEngagementPanel() {
  const [name, setName] = useState('');
  const [customer, setCustomer] = useState('');
  const [kind, setKind] = useState<EngagementKind>('full_application');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const close = () => setApp({ panel: null });

  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        setApp({ panel: null });
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const trimmed = name.trim();

  const create = async (path: string | null) => {
    if (!trimmed || busy) return;
    setBusy(true);
    try {
      await newEngagement(trimmed, path, customer.trim(), kind);
    } finally {
      setBusy(false);
    }
  };

  const chooseLocation = async () => {
    if (!trimmed) return;
    try {
      const path = await saveDialog({ filters: FILE_FILTERS, title: 'Create engagement', defaultPath: `${trimmed}.threatmodel` });
      if (path) await create(path);
    } catch (e) {
      toast(describeError(e));
    }
  };

  return (
    <div className="tl-scrim" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="tl-sheet"
        data-keys="panel"
        aria-label="New engagement"
        onSubmit={(e) => {
          e.preventDefault();
          void create(null);
        }}
      >
        <div className="tl-sheet-head">
          <div>
            <div className="tl-sheet-title">New engagement</div>
            <div className="tl-sheet-sub">One file per engagement. Every change is saved as you make it.</div>
          </div>
          <button type="button" className="tl-icon-button" aria-label="Close" onClick={close}>
            <CloseIcon size={14} />
          </button>
        </div>
        <label className="tl-field">
          <span className="tl-field-label">Name</span>
          <input
            ref={input}
            className="tl-input"
            data-testid="new-engagement-name"
            value={name}
            maxLength={200}
            placeholder="e.g. Acme payments API — threat model"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="tl-field">
          <span className="tl-field-label">Customer</span>
          <input
            className="tl-input"
            data-testid="new-engagement-customer"
            value={customer}
            maxLength={200}
            placeholder="Who asked for it (optional)"
            onChange={(e) => setCustomer(e.target.value)}
          />
        </label>
        <div className="tl-field">
          <span className="tl-field-label">Kind</span>
          <Segmented
            mode="radio"
            label="Kind of engagement"
            testId="new-engagement-kind"
            value={kind}
            options={ENGAGEMENT_KINDS.map((o) => ({ ...o, testId: `new-engagement-kind-${o.value}` }))}
            onChange={setKind}
          />
        </div>
        <div className="tl-sheet-actions">
          <button type="button" className="tl-button is-quiet" disabled={!trimmed || busy} onClick={() => void chooseLocation()}>
            Choose location…
          </button>
          <div className="tl-spacer" />
          <button type="button" className="tl-button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="tl-button is-primary" data-testid="new-engagement-create" disabled={!trimmed || busy}>
            Create
          </button>
        </div>
      </form>
    </div>
  );
}
