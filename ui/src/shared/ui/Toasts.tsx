import { dismissToast, useApp } from '../../app/store';
import { CloseIcon } from './icons';

/** Non-blocking messages (errors from the core, confirmations). */
export function Toasts() {
  const toasts = useApp((s) => s.toasts);
  return (
    <div className="tl-toasts" aria-live="polite" data-keys="panel">
      {toasts.map((t) => (
        <div key={t.id} className={`tl-toast is-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'} data-testid="toast">
          <span>{t.text}</span>
          <button type="button" className="tl-toast-close" aria-label="Dismiss" onClick={() => dismissToast(t.id)}>
            <CloseIcon size={12} />
          </button>
        </div>
      ))}
    </div>
  );
}
