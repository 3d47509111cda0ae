/** Notices from actions (saved, failed…), announced to screen readers. */
import { useShallow } from 'zustand/react/shallow';
import { useUi } from '../store';

/** The toast stack. */
export function Toasts() {
  const notices = useUi(useShallow((s) => s.notices));
  const dismiss = useUi((s) => s.dismiss);
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {notices.map((n) => (
        <div key={n.id} className={`toast ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={n.kind}>
          <span className="msg">{n.text}</span>
          <button type="button" className="btn link" onClick={() => dismiss(n.id)} aria-label="Dismiss notice">
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
