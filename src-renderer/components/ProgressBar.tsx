/** An accessible progress bar (0–100). */
import { useFormat } from '../i18n';

/** A determinate progress bar with an accessible name. */
export function ProgressBar({ value, label, status }: { value: number; label: string; status?: string }) {
  const fmt = useFormat();
  const v = Math.max(0, Math.min(100, Number.isFinite(value) ? value : 0));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(v)}
      aria-valuetext={fmt.percent(v)}
      data-status={status}
      data-testid="progress"
    >
      <div className="fill" style={{ width: `${v}%` }} />
    </div>
  );
}
