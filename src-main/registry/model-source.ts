/** The lifecycle's ModelSource over the sync module: fresh lists stamped with a check time, metadata, diffs. */
import { diffModels, fetchModelInfo, fetchModels } from '../sync/index.js';
import { iso, type Clock } from '../util/time.js';
import type { ModelSource } from './lifecycle-deps.js';

/** A ModelSource that talks to real upstreams through `src-main/sync`. */
export function syncModelSource(clock: Clock): ModelSource {
  return {
    async list(target, type, signal) {
      const checked = iso(clock.now());
      const models = await fetchModels(target, type, { signal });
      return models.map((m) => ({
        model_id: m.model_id,
        capabilities: m.capabilities,
        max_tokens: m.max_tokens,
        context_length: m.context_length,
        metadata_source: m.metadata_source,
        details: m.details,
        last_checked: checked,
      }));
    },
    info: (target, type, model, signal) => fetchModelInfo(target, type, model, { signal }),
    diff: diffModels,
  };
}
