/** Mounts the optional subsystems on a freshly built core: one line per subsystem. */
import type { AppContext } from './app.js';
import { createStaticHandler } from './gateway/static.js';
import { rendererDir } from './util/paths.js';
import { mountHealth } from './health/mount.js';
import { mountDiscovery } from './discovery/mount.js';
import { mountCloud } from './cloud/mount.js';
import { mountTraffic } from './requestlog/mount.js';
import { mountDownloads } from './downloads/mount.js';
import { mountOpenAiGateway } from './gateway/v1/mount.js';
import { mountCapacity } from './capacity/mount.js';
import { mountOllamaApi } from './gateway/ollama/mount.js';
import { mountAliases } from './aliases/mount.js';

/** Wires every subsystem into the app context (routes, lifecycles, admin parts). */
export async function mountOptional(ctx: AppContext): Promise<void> {
  // The web dashboard at `/` (answers nothing when the renderer is not built).
  ctx.server.setStaticHandler(createStaticHandler(rendererDir()));
  mountHealth(ctx);
  mountDiscovery(ctx);
  mountCloud(ctx);
  mountTraffic(ctx);
  mountDownloads(ctx);
  mountOpenAiGateway(ctx, { admission: mountCapacity(ctx) });
  mountOllamaApi(ctx);
  mountAliases(ctx);
}
