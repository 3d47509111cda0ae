/** The endpoint dialog's "Max concurrency" field: empty = automatic (add) or unchanged (edit), plus "Reset to automatic". */
import { useId } from 'react';
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
  const inForce = current === null ? 'no limit' : `${current} at once`;
  const help = adding
    ? 'Leave empty to use what the server reports, or the default for its type. Requests beyond the limit wait in a queue.'
    : `In force now: ${inForce}. Leave empty to keep it; requests beyond the limit wait in a queue.`;
  return (
    <div className="field">
      <label htmlFor={id}>Max concurrency</label>
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
        placeholder={adding || reset ? 'Automatic' : current === null ? 'No limit now' : `${current} now`}
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
            <span>Reset to automatic (the server's slots or the default for its type)</span>
          </span>
        </label>
      )}
    </div>
  );
}
