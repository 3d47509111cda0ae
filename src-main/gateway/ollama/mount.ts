/** Mounts the Ollama-compatible API (`/api`) on the gateway, on top of the model proxy the `/v1` gateway publishes. */
import type { AppServices } from '../../app-services.js';
import type { Config } from '../../config/config.js';
import type { ModelRecord } from '../../registry/endpoints.js';
import { AppError } from '../../util/errors.js';
import type { Clock } from '../../util/time.js';
import type { Logger } from '../../logging/logger.js';
import { type ModelProxy, modelProxyOf } from '../proxy/types.js';
import type { GatewayServer } from '../server.js';
import { registerOllamaInference } from './inference.js';
import { registerOllamaInfo } from './info.js';

/** The slice of the app context the Ollama surface needs (AppContext satisfies it). */
export interface OllamaApiDeps {
  readonly server: GatewayServer;
  readonly repo: { models(endpointId: string): readonly ModelRecord[]; apiKey(endpointId: string): string | null };
  readonly services: AppServices;
  readonly config: () => Config;
  readonly clock: Clock;
  /** The root logger (the surface takes its `gateway` child). */
  readonly logger: Logger;
}

/** Registers `/api/version`, `/api/tags`, `/api/ps`, `/api/show` and the four inference routes. */
export function mountOllamaApi(deps: OllamaApiDeps): void {
  // Read at call time: the proxy belongs to the `/v1` gateway, mounted by another subsystem.
  const proxy = (): ModelProxy => {
    const p = modelProxyOf(deps.services);
    if (!p) throw new AppError('internal_error', 'Internal error', { cause: new Error('the model proxy is not mounted') });
    return p;
  };
  const bodyLimit = (): number => deps.config().limits.maxBodyBytes;
  registerOllamaInfo(deps.server, {
    proxy,
    modelsOf: (id) => deps.repo.models(id),
    apiKey: (id) => deps.repo.apiKey(id),
    bodyLimit,
    logger: deps.logger.child({ component: 'gateway' }),
  });
  registerOllamaInference(deps.server, { proxy, bodyLimit, now: () => deps.clock.now() });
}
