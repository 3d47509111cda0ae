/** Counts the models a freshly found server offers, for the "found" list (best effort, short timeout). */
import { Agent } from 'undici';
import type { EndpointType } from '../admin/types.js';
import { joinUrl, probeGet } from '../util/probe.js';

/** Number of models listed by the server (Ollama `/api/tags`, else `/v1/models`); 0 when that fails. */
export async function countModels(baseUrl: string, type: EndpointType, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const ollama = type === 'ollama';
  // A private agent, destroyed after: a probe must not leave keep-alive sockets behind.
  const agent = new Agent({ connect: { timeout: timeoutMs } });
  try {
    const res = await probeGet(joinUrl(baseUrl, ollama ? '/api/tags' : '/v1/models'), { timeoutMs, signal, dispatcher: agent });
    if (!res.ok) return 0;
    const body = res.json as { models?: unknown; data?: unknown } | null;
    const list = ollama ? body?.models : body?.data;
    return Array.isArray(list) ? list.length : 0;
  } catch {
    return 0;
  } finally {
    agent.destroy().catch(() => undefined);
  }
}
