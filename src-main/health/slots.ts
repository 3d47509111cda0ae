/** llama.cpp's parallel slots (`/props` `total_slots`): the capacity it really has, learned for the balancer. */
import { joinUrl, probeGet } from '../util/probe.js';
import type { ProbeTarget } from './probe.js';

/** `total_slots` of a llama-server, or null when it cannot be read (never throws). */
export async function learnSlots(target: ProbeTarget, signal?: AbortSignal): Promise<number | null> {
  try {
    const r = await probeGet(joinUrl(target.baseUrl, '/props'), {
      timeoutMs: 5_000,
      apiKey: target.apiKey,
      ...(signal ? { signal } : {}),
    });
    const n = (r.json as { total_slots?: unknown } | null)?.total_slots;
    return r.ok && typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}
