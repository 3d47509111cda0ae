/** React access to translation and formatting in the active language. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFor, type Format } from '../lib/format';
import { errorText, renderMsg, type ErrorInfo, type Msg } from './message';

/** The formatters of the active language (dates, numbers, durations). */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  return formatFor(i18n.resolvedLanguage ?? i18n.language);
}

/** Words messages and errors from the stores in the active language. */
export function useWords(): { msg(m: Msg): string; error(e: ErrorInfo): string } {
  const { t } = useTranslation();
  return useMemo(() => ({ msg: (m: Msg) => renderMsg(t, m), error: (e: ErrorInfo) => errorText(t, e) }), [t]);
}
