/** Type, status and capability badges: every badge carries its word, colour is never the only signal. */
import type { Capability, EndpointStatus, EndpointType } from '../../src-main/admin/types';
import { CAPABILITY_LABEL, STATUS_LABEL, TYPE_LABEL } from '../lib/names';

/** The endpoint type's human name in its tint. */
export function TypeBadge({ type }: { type: EndpointType }) {
  return (
    <span className={`badge type type-${type}`} data-testid="type-badge" data-type={type}>
      {TYPE_LABEL[type]}
    </span>
  );
}

/** The status word in its colour (online green, pending yellow, error red, offline faded red). */
export function StatusBadge({ status, title }: { status: EndpointStatus; title?: string | null }) {
  return (
    <span className={`badge status status-${status}`} data-testid="status-badge" data-status={status} title={title ?? undefined}>
      <span className="dot" aria-hidden="true" />
      {STATUS_LABEL[status]}
    </span>
  );
}

/** Capability chips; "—" when none are known. */
export function Capabilities({ caps }: { caps: readonly Capability[] }) {
  if (caps.length === 0) return <span className="muted">—</span>;
  return (
    <span className="chips">
      {caps.map((c) => (
        <span key={c} className="chip">
          {CAPABILITY_LABEL[c]}
        </span>
      ))}
    </span>
  );
}

/** An HTTP status code, green for 2xx/3xx and red otherwise. */
export function HttpStatus({ code }: { code: number }) {
  const ok = code > 0 && code < 400;
  return <span className={`http-status ${ok ? 'ok' : 'bad'}`}>{code || 'ERR'}</span>;
}
