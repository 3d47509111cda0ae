/** A button that copies a value and says so. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useHost } from '../store';

/** Copies `value`; the label ("Copy" by default) turns into "Copied" for a moment. `ariaLabel` names what is copied when the label alone would not. */
export function CopyButton({ value, label, ariaLabel, testId }: { value: string; label?: string; ariaLabel?: string; testId?: string }) {
  const host = useHost();
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1800);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="btn small"
      data-testid={testId}
      aria-label={ariaLabel}
      onClick={async () => setState((await host.copy(value)) ? 'copied' : 'failed')}
    >
      <span aria-live="polite">{state === 'copied' ? t('common.copied') : state === 'failed' ? t('common.copyFailed') : (label ?? t('common.copy'))}</span>
    </button>
  );
}
