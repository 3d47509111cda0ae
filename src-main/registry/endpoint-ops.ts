/** The connection-level admin operations (detect preview, test, sync, model info, health history) over the lifecycle. */
import type { DetectPreviewDTO } from '../admin/api.js';
import type { EndpointOps } from '../admin/service.js';
import type { HealthCheckDTO, ModelInfoDTO, SyncResultDTO, TestResultDTO } from '../admin/types.js';
import type { HealthHistory } from '../health/history.js';
import { AppError } from '../util/errors.js';
import type { EndpointLifecycle } from './lifecycle.js';
import type { LifecycleDeps } from './lifecycle-deps.js';
import { InvalidUrlError, normalizeBaseUrl } from './url.js';
import { detectSchema, parseInput } from './validation.js';

/** EndpointOps backed by the lifecycle (per-endpoint serialised) and the check history. */
export class LifecycleEndpointOps implements EndpointOps {
  constructor(
    private readonly lifecycle: EndpointLifecycle,
    private readonly history: HealthHistory,
    private readonly deps: Pick<LifecycleDeps, 'detect' | 'models'>,
  ) {}

  /** Detects what answers at a URL without registering it, and counts its models. */
  async detectPreview(input: unknown): Promise<DetectPreviewDTO> {
    const body = parseInput(detectSchema, input);
    let baseUrl: string;
    try {
      baseUrl = normalizeBaseUrl(body.base_url);
    } catch (e) {
      if (e instanceof InvalidUrlError) throw new AppError('invalid_request', e.message, { param: 'base_url' });
      throw e;
    }
    const target = { baseUrl, apiKey: body.api_key ?? null };
    const signal = AbortSignal.timeout(15_000);
    const d = await this.deps.detect(target, signal);
    let modelsFound = 0;
    if (d.reachable && d.type !== 'unknown') {
      try {
        modelsFound = (await this.deps.models.list(target, d.type, signal)).length;
      } catch {
        // the preview still shows the type; the count stays 0
      }
    }
    return { base_url: baseUrl, endpoint_type: d.type, version: d.version, models_found: modelsFound, reachable: d.reachable, error: d.error };
  }

  /** Manual test: always a result (never an HTTP error for a dead endpoint). */
  test(id: string): Promise<TestResultDTO> {
    return this.lifecycle.test(id);
  }

  /** Model sync now. */
  sync(id: string): Promise<SyncResultDTO> {
    return this.lifecycle.sync(id);
  }

  /** Metadata of one model. */
  modelInfo(id: string, model: string): Promise<ModelInfoDTO> {
    return this.lifecycle.modelInfo(id, model);
  }

  /** Stored checks, ascending by time. */
  async healthHistory(id: string, query: { since?: string; limit?: number }): Promise<{ checks: HealthCheckDTO[] }> {
    return { checks: this.history.list(id, query) };
  }
}
