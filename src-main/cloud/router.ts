/** The cloud gateway: resolves prefix and key, runs the provider handler, logs the outcome. */
import { Agent, type Dispatcher } from 'undici';
import type { CloudProvider } from '../admin/types.js';
import type { RequestRecorder } from '../app-services.js';
import type { CloudConfig } from '../config/config.js';
import { sendError, type RequestContext } from '../gateway/http.js';
import { AppError, toAppError } from '../util/errors.js';
import type { Logger } from '../logging/logger.js';
import { anthropicChat } from './anthropic.js';
import type { CloudCall } from './call.js';
import { CloudModelCache } from './model-cache.js';
import { passThrough } from './passthrough.js';
import type { CloudRouter as CloudSeam, OpenAiKind, OpenAiModel, ParsedRequest } from '../gateway/proxy/types.js';
import { keyEnvVar, parseCloudModel } from './types.js';
import type { Outcome } from './upstream.js';

/** What the cloud router needs from the app. */
export interface CloudDeps {
  readonly cloud: () => Readonly<Record<CloudProvider, CloudConfig>>;
  readonly now: () => number;
  /** Read per request, since the request log may be mounted after the cloud. */
  readonly recorder: () => RequestRecorder | undefined;
  /** The `gateway` component logger. */
  readonly logger: Logger;
}

const LABEL: Readonly<Record<CloudProvider, string>> = { openai: 'OpenAI', google: 'Google', anthropic: 'Anthropic' };

/** Routes `openai:`, `google:` and `anthropic:` models to their providers. */
export class CloudRouter implements CloudSeam {
  readonly #deps: CloudDeps;
  readonly #dispatcher: Agent;
  readonly #models: CloudModelCache;

  constructor(deps: CloudDeps, dispatcher?: Agent) {
    this.#deps = deps;
    // Generous timeouts: cloud models may think for minutes before the first byte.
    this.#dispatcher = dispatcher ?? new Agent({ connectTimeout: 10_000, headersTimeout: 600_000, bodyTimeout: 600_000 });
    this.#models = new CloudModelCache(deps.cloud, this.#dispatcher as Dispatcher, deps.now);
  }

  handles(model: string): boolean {
    return parseCloudModel(model) !== null;
  }

  listModels(): Promise<OpenAiModel[]> {
    return this.#models.list();
  }

  /** Drops cached model lists (after a settings change). */
  reconfigured(): void {
    this.#models.clear();
  }

  /** Closes pooled connections. */
  async close(): Promise<void> {
    await this.#dispatcher.close();
  }

  async proxy(kind: OpenAiKind, ctx: RequestContext, req: ParsedRequest): Promise<void> {
    const started = req.receivedAt;
    const body = req.json;
    const requested = req.model;
    const outcome: Outcome = { status: 0, ttftMs: null, promptTokens: null, completionTokens: null, error: null };
    const parsed = parseCloudModel(requested);
    try {
      if (!parsed || parsed.model === '') throw new AppError('model_not_found', `model ${JSON.stringify(requested)} is not a cloud model`, { param: 'model' });
      const cfg = this.#deps.cloud()[parsed.provider];
      if (!cfg.apiKey) {
        throw new AppError(
          'unauthorized',
          `no API key for ${parsed.provider}: set ${keyEnvVar(parsed.provider)} or the ${LABEL[parsed.provider]} key in Settings`,
        );
      }
      const call: CloudCall = {
        provider: parsed.provider,
        kind,
        model: parsed.model,
        body,
        apiKey: cfg.apiKey,
        baseUrl: cfg.baseUrl,
        ctx,
        dispatcher: this.#dispatcher,
        now: this.#deps.now,
        started,
        outcome,
      };
      await (parsed.provider === 'anthropic' ? anthropicChat(call) : passThrough(call));
      if (ctx.signal.aborted && outcome.error === null) outcome.error = 'client closed the request';
    } catch (e) {
      if (ctx.signal.aborted) {
        outcome.status = outcome.status || 499;
        outcome.error = 'client closed the request';
      } else {
        const err = toAppError(e);
        outcome.status = err.status;
        outcome.error = err.message;
        sendError(ctx.res, 'openai', err, this.#deps.logger, ctx.requestId);
      }
    } finally {
      if (outcome.status >= 500 && !ctx.signal.aborted) {
        this.#deps.logger.warn(
          { requestId: ctx.requestId, provider: parsed?.provider ?? null, model: requested, status: outcome.status, reason: outcome.error },
          'cloud request failed',
        );
      }
      this.#record(ctx, requested, parsed?.provider ?? null, req.stream, started, outcome);
    }
  }

  #record(ctx: RequestContext, model: string, provider: CloudProvider | null, stream: boolean, started: number, o: Outcome): void {
    const recorder = this.#deps.recorder();
    if (!recorder) return;
    const url = ctx.req.url ?? '';
    const q = url.indexOf('?');
    recorder.record({
      at: started,
      api: 'cloud',
      path: q === -1 ? url : url.slice(0, q),
      endpointId: null,
      endpointName: provider,
      model: model || null,
      status: o.status,
      latencyMs: this.#deps.now() - started,
      ttftMs: o.ttftMs,
      promptTokens: o.promptTokens,
      completionTokens: o.completionTokens,
      stream,
      error: o.error,
      requestId: ctx.requestId,
    });
  }
}
