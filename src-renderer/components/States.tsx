/** Loading, empty and error placeholders used by every page. */
import type { ReactNode } from 'react';

/** A spinner with a label (announced politely). */
export function Loading({ label = 'Loading…', testId }: { label?: string; testId?: string }) {
  return (
    <div className="state" role="status" data-testid={testId ?? 'loading'}>
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

/** Nothing to show yet, with an optional call to action. */
export function Empty({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="state" data-testid={testId ?? 'empty'}>
      <div className="title">{title}</div>
      {children}
    </div>
  );
}

/** A failed load with a retry button. */
export function ErrorState({ title = 'Could not load', message, onRetry, testId }: { title?: string; message: string | null; onRetry?: () => void; testId?: string }) {
  return (
    <div className="state error" role="alert" data-testid={testId ?? 'error-state'}>
      <div className="title">{title}</div>
      {message && <div>{message}</div>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
