/** Mounts the cloud providers: sets `ctx.services.cloud` for the `/v1` handlers. */
import type { AppContext } from '../app.js';
import { CloudRouter } from './router.js';

/** Builds the cloud router and offers it to the gateway. */
export function mountCloud(ctx: AppContext): CloudRouter {
  const router = new CloudRouter({
    cloud: () => ctx.config().cloud,
    now: () => ctx.clock.now(),
    recorder: () => ctx.services.recorder,
    logger: ctx.logger.child({ component: 'gateway' }),
  });
  ctx.services.cloud = router;
  ctx.onReconfigure(() => router.reconfigured());
  ctx.addLifecycle({ stop: () => router.close() });
  return router;
}
