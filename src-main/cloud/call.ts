/** The per-request input every cloud provider handler gets. */
import type { Dispatcher } from 'undici';
import type { CloudProvider } from '../admin/types.js';
import type { RequestContext } from '../gateway/http.js';
import type { OpenAiKind } from '../gateway/proxy/types.js';
import type { Outcome } from './upstream.js';

/** One cloud request, resolved: provider, key, base URL, and where to note the outcome. */
export interface CloudCall {
  readonly provider: CloudProvider;
  readonly kind: OpenAiKind;
  /** The provider's own model id (prefix stripped). */
  readonly model: string;
  readonly body: Readonly<Record<string, unknown>>;
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly ctx: RequestContext;
  readonly dispatcher: Dispatcher;
  /** Epoch ms clock. */
  readonly now: () => number;
  /** When the request arrived (epoch ms). */
  readonly started: number;
  readonly outcome: Outcome;
}

/** Marks time to first token once. */
export function markFirstToken(call: CloudCall): void {
  if (call.outcome.ttftMs === null) call.outcome.ttftMs = call.now() - call.started;
}

/** Notes `usage.prompt_tokens`/`completion_tokens` of an OpenAI-shaped object, if present. */
export function noteUsage(call: CloudCall, usage: unknown): void {
  const u = usage as { prompt_tokens?: unknown; completion_tokens?: unknown; input_tokens?: unknown; output_tokens?: unknown } | null;
  if (!u || typeof u !== 'object') return;
  // Chat/completions use prompt/completion; the Responses API uses input/output.
  const p = u.prompt_tokens ?? u.input_tokens;
  const c = u.completion_tokens ?? u.output_tokens;
  if (typeof p === 'number') call.outcome.promptTokens = p;
  if (typeof c === 'number') call.outcome.completionTokens = c;
}
