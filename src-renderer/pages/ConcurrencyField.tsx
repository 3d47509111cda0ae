/** The endpoint dialog's "Max concurrency" field: empty = automatic (add) or unchanged (edit), plus "Reset to automatic". */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_CONCURRENCY, MIN_CONCURRENCY } from '../lib/capacity';

/** Props of {@link ConcurrencyField}. `current` is the limit in force when editing (null = unlimited), undefined when adding. */
export interface ConcurrencyFieldProps {
  readonly current: number | null | undefined;
  readonly value: string;
  readonly reset: boolean;
  readonly error: string | undefined;
  onValue(value: string): void;
  onReset(reset: boolean): void;
}

/** Number input with the limit in force as a hint; editing also offers the reset box (see lib/capacity concurrencyPatch). */
export function ConcurrencyField({ current, value, reset, error, onValue, onReset }: ConcurrencyFieldProps) {
  const id = useId();
  const adding = current === undefined;
  const { t } = useTranslation();
  const inForce = current === null || current === undefined ? t('concurrency.inForceUnlimited') : t('concurrency.inForceLimited', { count: current });
  const help = adding ? t('concurrency.helpAdd') : t('concurrency.helpEdit', { inForce });
  return (
    <div className="field">
      <label htmlFor={id}>{t('concurrency.label')}</label>
      <input
        id={id}
        className="input"
        type="number"
        inputMode="numeric"
        min={MIN_CONCURRENCY}
        max={MAX_CONCURRENCY}
        step={1}
        value={reset ? '' : value}
        disabled={reset}
        placeholder={adding || reset ? t('concurrency.placeholderAuto') : current === null ? t('concurrency.placeholderNoLimit') : t('concurrency.placeholderNow', { count: current })}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-help${error ? ` ${id}-err` : ''}`}
        onChange={(e) => onValue(e.target.value)}
        data-testid="endpoint-concurrency"
      />
      <span className="help" id={`${id}-help`}>
        {help}
      </span>
      {error && (
        <span className="err" id={`${id}-err`}>
          {error}
        </span>
      )}
      {!adding && (
        <label className="switch" style={{ padding: '4px 0' }}>
          <input type="checkbox" checked={reset} onChange={(e) => onReset(e.target.checked)} data-testid="endpoint-concurrency-reset" />
          <span className="text">
            <span>{t('concurrency.reset')}</span>
          </span>
        </label>
      )}
    </div>
  );
}
