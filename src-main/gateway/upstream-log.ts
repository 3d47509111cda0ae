/** Log lines of proxied requests: one `warn` per failed upstream attempt, and a `debug` line per finished request. */
import type { EndpointRecord } from '../registry/endpoints.js';
import type { Logger } from '../logging/logger.js';
import { promptPreview } from '../logging/secrets.js';
import type { ProxyToModelOptions } from './proxy/types.js';

/** Why one attempt failed. */
export interface AttemptFailure {
  /** A transport error code (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  readonly code?: string;
  /** The upstream HTTP status, when it answered. */
  readonly status?: number;
  readonly reason: string;
  /** Whether the gateway goes on to another attempt. */
  readonly retrying: boolean;
}

/** Logs one failed upstream attempt, naming the endpoint, the model and the request. */
export function attemptFailed(
  logger: Logger,
  o: ProxyToModelOptions,
  endpoint: EndpointRecord,
  f: AttemptFailure,
  level: 'warn' | 'info' = 'warn',
): void {
  logger[level](
    { requestId: o.ctx.requestId, endpointId: endpoint.id, endpointName: endpoint.name, model: o.model, ...f },
    `upstream attempt failed: ${endpoint.name}: ${f.reason}`,
  );
}

/** What the debug line reports of a finished request. */
export interface RequestOutcome {
  readonly endpointId: string | null;
  readonly endpointName: string | null;
  readonly status: number;
  readonly ttftMs: number | null;
  readonly error: string | null;
}

/** The prompt text of an OpenAI/Ollama body (last message, `prompt` or `input`), for debug lines only. */
export function promptOf(body: unknown): string | null {
  let json = body;
  if (Buffer.isBuffer(body)) {
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      return null;
    }
  }
  if (!json || typeof json !== 'object') return null;
  const j = json as { messages?: unknown; prompt?: unknown; input?: unknown };
  const pick = Array.isArray(j.messages) ? (j.messages.at(-1) as { content?: unknown } | undefined)?.content : (j.prompt ?? j.input);
  if (pick === undefined || pick === null) return null;
  return promptPreview(typeof pick === 'string' ? pick : JSON.stringify(pick));
}

/** The per-request `debug` line (callers check `isLevelEnabled('debug')` first: it parses the body). */
export function requestDone(logger: Logger, o: ProxyToModelOptions, t: RequestOutcome, latencyMs: number): void {
  const prompt = promptOf(o.debugBody ?? (typeof o.body === 'function' ? null : o.body));
  logger.debug(
    {
      requestId: o.ctx.requestId,
      endpointId: t.endpointId,
      endpointName: t.endpointName,
      model: o.model,
      status: t.status,
      latencyMs: Math.round(latencyMs),
      ttftMs: t.ttftMs === null ? null : Math.round(t.ttftMs),
      stream: o.stream,
      ...(t.error ? { reason: t.error } : {}),
      ...(prompt !== null ? { prompt } : {}),
    },
    'request done',
  );
}
