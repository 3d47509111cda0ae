/** Token usage read off upstream bytes after they were forwarded (never delaying them). */
import { createParser } from 'eventsource-parser';

/** Tokens of one request, when the upstream reported them. */
export interface Usage {
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
}

/** Watches the bytes of one response and reports the usage seen. */
export interface UsageTap {
  push(chunk: Buffer): void;
  result(): Usage | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Usage of an OpenAI object: chat/completions/embeddings `usage`, or Responses API `usage`/`response.usage`. */
export function usageOf(obj: unknown): Usage | null {
  if (typeof obj !== 'object' || obj === null) return null;
  const o = obj as { usage?: unknown; response?: { usage?: unknown } };
  const u = (o.usage ?? o.response?.usage) as Record<string, unknown> | null | undefined;
  if (typeof u !== 'object' || u === null) return null;
  const prompt = num(u.prompt_tokens) ?? num(u.input_tokens);
  const completion = num(u.completion_tokens) ?? num(u.output_tokens);
  return prompt === null && completion === null ? null : { promptTokens: prompt, completionTokens: completion };
}

/** Server-sent events: only events that mention `"usage"` with a value are parsed (one or two per stream). */
export function sseUsageTap(): UsageTap {
  const decoder = new TextDecoder();
  let found: Usage | null = null;
  const parser = createParser({
    onEvent(ev) {
      const d = ev.data;
      if (!d.includes('"usage"') || !/"usage"\s*:\s*\{/.test(d)) return;
      try {
        found = usageOf(JSON.parse(d)) ?? found;
      } catch {
        // not JSON: nothing to learn
      }
    },
  });
  return {
    push(chunk) {
      parser.feed(decoder.decode(chunk, { stream: true }));
    },
    result: () => found,
  };
}

const TAIL_BYTES = 8 * 1024;

/**
 * A JSON body: usage sits at the end (llama.cpp adds only `timings` after it), so only the last 8 KiB
 * are kept and searched; a multi-megabyte embeddings answer is never parsed whole.
 */
export function jsonUsageTap(): UsageTap {
  let tail = Buffer.alloc(0);
  return {
    push(chunk) {
      tail = tail.length + chunk.length <= TAIL_BYTES ? Buffer.concat([tail, chunk]) : Buffer.concat([tail, chunk]).subarray(-TAIL_BYTES);
    },
    result() {
      const at = tail.lastIndexOf('"usage"');
      if (at === -1) return null;
      // A window rather than a parse: the tail may start mid-document, and nested `*_details`
      // objects can precede `output_tokens` (Responses API).
      const obj = tail.subarray(at, at + 600).toString('utf8');
      const pick = (...names: string[]): number | null => {
        for (const n of names) {
          const m = new RegExp(`"${n}"\\s*:\\s*(\\d+)`).exec(obj);
          if (m) return Number(m[1]);
        }
        return null;
      };
      const prompt = pick('prompt_tokens', 'input_tokens');
      const completion = pick('completion_tokens', 'output_tokens');
      return prompt === null && completion === null ? null : { promptTokens: prompt, completionTokens: completion };
    },
  };
}

/** The tap for a response content type (none for types we cannot read cheaply). */
export function usageTapFor(contentType: string | undefined): UsageTap | null {
  const ct = (contentType ?? '').toLowerCase();
  if (ct.startsWith('text/event-stream')) return sseUsageTap();
  if (ct.includes('json') && !ct.includes('ndjson')) return jsonUsageTap();
  return null;
}
