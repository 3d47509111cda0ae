// In-process micro-benchmark of llmlb's routing path (compiled dist/): snapshot lookup plus the
// balancer's pick and release, as endpoints grow 1 → 100 and models 10 → 1,000.
import { Balancer } from '../../dist/src-main/balancer/balancer.js';
import { EndpointStats } from '../../dist/src-main/balancer/stats.js';
import { buildSnapshot } from '../../dist/src-main/gateway/routing.js';

function endpoint(i) {
  return {
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `ep-${i}`,
    base_url: `http://127.0.0.1:1/p/${i}`,
    endpoint_type: 'openai_compatible',
    endpoint_type_source: 'detected',
    status: 'online',
    api_key_enc: null,
    health_check_interval_secs: 30,
    inference_timeout_secs: 120,
    max_concurrency: null,
    learned_concurrency: null,
    latency_ms: 2 + (i % 7) * 0.1,
    last_seen: null,
    last_error: null,
    error_count: 0,
    registered_at: '2025-01-01T00:00:00.000Z',
    notes: null,
    source: 'manual',
    version: null,
    last_synced_at: null,
  };
}

function model(endpointId, id) {
  return { endpoint_id: endpointId, model_id: id, capabilities: [], max_tokens: null, context_length: null, metadata_source: null, details: {}, last_checked: null };
}

/** ns per call of `fn` over about `ms` of wall time (after a short warm-up). */
async function nsPerOp(fn, ms) {
  for (let i = 0; i < 2_000; i++) await fn();
  let n = 0;
  const t0 = process.hrtime.bigint();
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 500; i++) await fn();
    n += 500;
  }
  return Number(process.hrtime.bigint() - t0) / n;
}

/**
 * For each scale: ns per request to resolve + pick + release a model served by one endpoint
 * (`exclusive`) and by every endpoint (`shared`), and the time to rebuild the snapshot.
 */
export async function routingMicro(scales, modelsPerEndpoint, ms) {
  const out = [];
  for (const n of scales) {
    const eps = Array.from({ length: n }, (_, i) => endpoint(i));
    const models = new Map(eps.map((e, i) => [e.id, [model(e.id, 'bench-model'), ...Array.from({ length: modelsPerEndpoint }, (_, j) => model(e.id, `e${i}-m${j}`))]]));
    const t0 = performance.now();
    const builds = 20;
    let snap;
    for (let i = 0; i < builds; i++) snap = buildSnapshot(eps, (id) => models.get(id) ?? [], i);
    const buildMs = (performance.now() - t0) / builds;
    const balancer = new Balancer(new EndpointStats());
    const route = async (name) => {
      const lease = await balancer.acquire(snap.resolve(name), undefined, undefined);
      lease.release({ kind: 'success', latencyMs: 2 });
    };
    const exclusive = await nsPerOp(() => route(`e${n - 1}-m${modelsPerEndpoint - 1}`), ms);
    const shared = await nsPerOp(() => route('bench-model'), ms);
    out.push({ endpoints: n, models: n * modelsPerEndpoint, exclusive_ns: Math.round(exclusive), shared_ns: Math.round(shared), snapshot_build_ms: Math.round(buildMs * 1000) / 1000 });
  }
  return out;
}
