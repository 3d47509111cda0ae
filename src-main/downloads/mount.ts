/** Wires model downloads into the app: the admin part, events and the start/stop lifecycle. */
import type { AppContext } from '../app.js';
import { DownloadService } from './service.js';

/** Mounts the download service on the app context. */
export function mountDownloads(ctx: AppContext): DownloadService {
  const service = new DownloadService({
    db: ctx.db,
    repo: ctx.repo,
    publish: (task) => ctx.events.publish({ type: 'download.progress', task }),
    sync: (id) => ctx.admin.syncEndpoint(id),
    clock: ctx.clock,
    logger: ctx.logger.child({ component: 'downloads' }),
  });
  ctx.admin.provide('downloads', service);
  ctx.addLifecycle({ start: () => service.resumeActive(), stop: () => service.shutdown() });
  return service;
}
