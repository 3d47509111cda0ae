/** Type, status, capability and log level badges: every badge carries its word, colour is never the only signal. */
import { useTranslation } from 'react-i18next';
import type { Capability, EndpointStatus, EndpointType, LogLevelName } from '../../src-main/admin/types';
import { NONE } from '../lib/format';

/** The endpoint type's human name in its tint. */
export function TypeBadge({ type }: { type: EndpointType }) {
  const { t } = useTranslation();
  return (
    <span className={`badge type type-${type}`} data-testid="type-badge" data-type={type}>
      {t(`endpointType.${type}`)}
    </span>
  );
}

/** The status word in its colour (online green, pending yellow, error red, offline faded red). */
export function StatusBadge({ status, title }: { status: EndpointStatus; title?: string | null }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status status-${status}`} data-testid="status-badge" data-status={status} title={title ?? undefined}>
      <span className="dot" aria-hidden="true" />
      {t(`status.${status}`)}
    </span>
  );
}

/** Capability chips; "—" when none are known. */
export function Capabilities({ caps }: { caps: readonly Capability[] }) {
  const { t } = useTranslation();
  if (caps.length === 0) return <span className="muted">{NONE}</span>;
  return (
    <span className="chips">
      {caps.map((c) => (
        <span key={c} className="chip">
          {t(`capability.${c}`)}
        </span>
      ))}
    </span>
  );
}

/** An HTTP status code, green for 2xx/3xx and red otherwise. */
export function HttpStatus({ code }: { code: number }) {
  const { t } = useTranslation();
  const ok = code > 0 && code < 400;
  return <span className={`http-status ${ok ? 'ok' : 'bad'}`}>{code || t('requests.log.noStatus')}</span>;
}

/** A log level's word in its colour (grey for trace/debug, blue info, amber warning, red error, solid red fatal). */
export function LevelBadge({ level }: { level: LogLevelName }) {
  const { t } = useTranslation();
  return (
    <span className={`badge level level-${level}`} data-testid="level-badge" data-level={level}>
      {t(`logs.levels.${level}`)}
    </span>
  );
}
