/** Loading, empty and error placeholders used by every page. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useWords, type ErrorInfo } from '../i18n';

/** A spinner with a label (announced politely); "Loading…" by default. */
export function Loading({ label, testId }: { label?: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state" role="status" data-testid={testId ?? 'loading'}>
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
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

/** Props of {@link ErrorState}: the failure as a code the UI words (`error`), or text that is already worded (`message`). */
export interface ErrorStateProps {
  readonly title?: string;
  readonly error?: ErrorInfo | null;
  readonly message?: string | null;
  readonly onRetry?: () => void;
  readonly testId?: string;
}

/** A failed load with a retry button. */
export function ErrorState({ title, error, message, onRetry, testId }: ErrorStateProps) {
  const { t } = useTranslation();
  const words = useWords();
  const text = error ? words.error(error) : message;
  return (
    <div className="state error" role="alert" data-testid={testId ?? 'error-state'} data-code={error?.code}>
      <div className="title">{title ?? t('common.couldNotLoad')}</div>
      {text && <div>{text}</div>}
      {onRetry && (
        <button type="button" className="btn" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
