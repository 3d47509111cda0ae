/**
 * Context windows: a cheap estimate of the tokens a request needs, and the filter that keeps a
 * request away from targets whose known window it obviously exceeds. It applies to every model, not
 * only aliases: endpoints serving the same name may run it with different windows (Ollama `num_ctx`
 * 4096 next to vLLM `max_model_len` 131072). Pure.
 */
import type { RouteTarget } from '../balancer/types.js';

/** Characters per token of the estimate: rough, and on the generous side for English text. */
const CHARS_PER_TOKEN = 4;

type Json = Readonly<Record<string, unknown>>;

/** Characters of the text in a prompt, messages array, content parts or input; images and tool schemas are not counted. */
function textChars(v: unknown, depth = 0): number {
  if (typeof v === 'string') return v.length;
  if (depth > 4 || typeof v !== 'object' || v === null) return 0;
  if (Array.isArray(v)) {
    // A loop, not reduce: this runs on every request, and a closure per array adds up.
    let n = 0;
    for (const x of v) n += textChars(x, depth + 1);
    return n;
  }
  const o = v as Json;
  return textChars(o.content, depth + 1) + textChars(o.text, depth + 1) + textChars(o.input_text, depth + 1);
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);

/**
 * Tokens a request needs: its text / 4 plus the output it reserves (`max_tokens`,
 * `max_completion_tokens`, `max_output_tokens`, Ollama `options.num_predict`). OpenAI and Ollama bodies alike.
 */
export function estimateTokens(body: Json): number {
  const chars = textChars(body.messages) + textChars(body.prompt) + textChars(body.input) + textChars(body.system) + textChars(body.instructions);
  const options = (typeof body.options === 'object' && body.options !== null ? body.options : {}) as Json;
  const output = num(body.max_completion_tokens) || num(body.max_tokens) || num(body.max_output_tokens) || num(options.num_predict);
  return Math.ceil(chars / CHARS_PER_TOKEN) + output;
}

/**
 * The targets a request of `tokens` should go to: those whose window fits or is unknown. When none
 * fits, the ones with the largest window (the best chance; the upstream reports the overflow itself).
 */
export function fitContext(targets: readonly RouteTarget[], tokens: number | undefined): readonly RouteTarget[] {
  if (!tokens || targets.length < 2) return targets;
  const fits = targets.filter((t) => t.contextWindow === undefined || t.contextWindow >= tokens);
  if (fits.length > 0) return fits.length === targets.length ? targets : fits;
  const largest = Math.max(...targets.map((t) => t.contextWindow ?? 0));
  return targets.filter((t) => t.contextWindow === largest);
}
