/** Notices from actions (saved, failed…), announced to screen readers and worded in the current language. */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useWords } from '../i18n';
import { useUi } from '../store';

/** The toast stack. */
export function Toasts() {
  const notices = useUi(useShallow((s) => s.notices));
  const dismiss = useUi((s) => s.dismiss);
  const { t } = useTranslation();
  const words = useWords();
  return (
    <div className="toasts" aria-live="polite" aria-relevant="additions">
      {notices.map((n) => (
        <div key={n.id} className={`toast ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid="toast" data-kind={n.kind}>
          <span className="msg">{words.msg(n.message)}</span>
          <button type="button" className="btn link" onClick={() => dismiss(n.id)} aria-label={t('common.dismissNotice')}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
