/** Mounts health checking, detection/sync on the endpoint lifecycle, passive health and the endpoint ops on the app. */
import type { AppContext } from '../app.js';
import { detectEndpointType } from '../detect/index.js';
import { LifecycleEndpointOps } from '../registry/endpoint-ops.js';
import { EndpointLifecycle } from '../registry/lifecycle.js';
import type { LifecycleDeps } from '../registry/lifecycle-deps.js';
import { syncModelSource } from '../registry/model-source.js';
import { HealthHistory } from './history.js';
import { PassiveHealth } from './passive.js';
import { createHealthProber, healthAgent } from './probe.js';
import { HealthScheduler } from './scheduler.js';
import { learnSlots } from './slots.js';
import { errorFields } from '../logging/logger.js';
import { logTransitions } from './transitions-log.js';

/** How often old check rows are pruned. */
const PRUNE_EVERY_MS = 3600 * 1000;

/** Bound on waiting for running checks at shutdown (probes are aborted first, so this is rarely reached). */
const STOP_WAIT_MS = 3000;

/** What the health subsystem exposes after mounting (tests use it to drive pruning). */
export interface HealthHandle {
  readonly lifecycle: EndpointLifecycle;
  readonly scheduler: HealthScheduler;
  readonly history: HealthHistory;
  /** Deletes check rows older than 30 days now; returns how many went. */
  prune(): number;
}

/** Wires the health subsystem into the app; `overrides` lets tests swap transports. */
export function mountHealth(ctx: AppContext, overrides: Partial<Pick<LifecycleDeps, 'detect' | 'probe' | 'models' | 'slots'>> = {}): HealthHandle {
  const history = new HealthHistory(ctx.db);
  const agent = healthAgent();
  const deps: LifecycleDeps = {
    repo: ctx.repo,
    history,
    events: ctx.events,
    clock: ctx.clock,
    logger: ctx.logger,
    detect: (target, signal) => detectEndpointType(target, { signal }),
    probe: createHealthProber(agent),
    models: syncModelSource(ctx.clock),
    slots: learnSlots,
    ...overrides,
  };
  const lifecycle = new EndpointLifecycle(deps);
  const healthLog = ctx.logger.child({ component: 'health' });
  logTransitions(ctx.repo, healthLog);
  const scheduler = new HealthScheduler({
    clock: ctx.clock,
    intervalSecs: (id) => ctx.repo.get(id)?.health_check_interval_secs,
    check: (id) => lifecycle.check(id),
    logger: healthLog,
  });
  const prune = (): number => {
    try {
      return history.prune(ctx.clock.now());
    } catch (e) {
      healthLog.error(errorFields(e), 'health history prune failed');
      return 0;
    }
  };

  ctx.services.passiveHealth = new PassiveHealth({
    status: (id) => ctx.repo.get(id)?.status,
    apply: (id, take) => lifecycle.applyPassive(id, take),
    verify: (id) => scheduler.runNow(id),
    now: () => ctx.clock.now(),
  });
  ctx.admin.provide('endpointOps', new LifecycleEndpointOps(lifecycle, history, deps));
  ctx.setEndpointHooks({
    created(id) {
      lifecycle.background(id);
      scheduler.plan(id);
    },
    connectionChanged(id) {
      lifecycle.background(id);
      scheduler.plan(id);
    },
    deleted(id) {
      scheduler.remove(id);
    },
  });
  ctx.repo.onChange((c) => {
    if (c.kind === 'updated' && c.previous && c.previous.health_check_interval_secs !== c.endpoint.health_check_interval_secs) {
      scheduler.plan(c.endpoint.id);
    }
  });

  let pruneTimer: unknown;
  const planPrune = (): void => {
    pruneTimer = ctx.clock.setTimeout(() => {
      prune();
      planPrune();
    }, PRUNE_EVERY_MS);
  };
  ctx.addLifecycle({
    start() {
      prune();
      planPrune();
      scheduler.startAll(ctx.repo.all().map((e) => e.id));
    },
    async stop() {
      ctx.clock.clearTimeout(pruneTimer);
      const schedulerDone = scheduler.stop(STOP_WAIT_MS);
      await lifecycle.stop(STOP_WAIT_MS);
      await schedulerDone;
      await agent.destroy().catch(() => undefined);
    },
  });
  return { lifecycle, scheduler, history, prune };
}
