/** Pure parsing of each provider's models list into prefixed `/v1/models` items. */
import type { CloudProvider } from '../admin/types.js';
import type { OpenAiModel } from '../gateway/proxy/types.js';

function epochSecs(v: unknown, fallback: number): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return Math.floor(t / 1000);
  }
  return fallback;
}

/** Items of a provider's models list, ids prefixed (`google:gemini-2.5-flash`); unknown shapes give []. */
export function parseModelList(provider: CloudProvider, json: unknown, nowSecs: number): OpenAiModel[] {
  const data = (json as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const out: OpenAiModel[] = [];
  const seen = new Set<string>();
  for (const item of data) {
    const raw = (item as { id?: unknown } | null)?.id;
    if (typeof raw !== 'string' || raw === '') continue;
    // Gemini lists `models/<name>` but accepts the bare name.
    const id = `${provider}:${provider === 'google' ? raw.replace(/^models\//, '') : raw}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const created = epochSecs((item as { created?: unknown; created_at?: unknown }).created ?? (item as { created_at?: unknown }).created_at, nowSecs);
    out.push({ id, object: 'model', created, owned_by: provider });
  }
  return out;
}
