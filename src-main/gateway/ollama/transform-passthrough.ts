/**
 * Ollama endpoints' own NDJSON streams, passed through line by line. Only whole lines are forwarded
 * (a partial one waits for its newline), so when the upstream dies mid-line the client gets a clean
 * `{"error":"…"}` line rather than a broken one; a stream that ends without its `done:true` line gets
 * that error line too. When an alias maps to another upstream name, `model` is rewritten back.
 */
import type { ResponseTransform, StreamTransform } from '../proxy/transform.js';
import type { UsageTap } from '../proxy/usage.js';
import { errorLine } from './common.js';

const DONE = /"done"\s*:\s*true/;
const ERROR = /^\s*\{\s*"error"\s*:/;

/** The stream transform of a passthrough request; `rename` is set when the upstream knows the model by another name. */
export function ndjsonPassthrough(rename?: { readonly from: string; readonly to: string }): ResponseTransform {
  const needle = rename ? new RegExp(`("model"\\s*:\\s*)${escapeRegExp(JSON.stringify(rename.from))}`, 'g') : null;
  const replacement = rename ? `$1${JSON.stringify(rename.to).replace(/\$/g, '$$$$')}` : '';
  return {
    kind: 'stream',
    open(status, ct): StreamTransform | null {
      if (status >= 300 || !(ct ?? '').toLowerCase().includes('ndjson')) return null;
      const decoder = new TextDecoder();
      let carry = '';
      let finished = false;
      const check = (text: string): string => {
        const lines = text.split('\n').filter((l) => l.trim() !== '');
        const last = lines[lines.length - 1];
        if (last !== undefined && (DONE.test(last) || ERROR.test(last))) finished = true;
        return needle ? text.replace(needle, replacement) : text;
      };
      return {
        push(chunk) {
          const text = carry + decoder.decode(chunk, { stream: true });
          const cut = text.lastIndexOf('\n') + 1;
          carry = text.slice(cut);
          return cut === 0 ? null : check(text.slice(0, cut));
        },
        end() {
          const rest = carry + decoder.decode();
          carry = '';
          // A last line without its newline is kept only if it is whole; a cut one would not parse.
          const tail = rest.trim() && isJson(rest) ? check(`${rest}\n`) : '';
          return finished ? tail || null : tail + errorLine('the endpoint ended the stream before the response was complete');
        },
        error(f) {
          carry = '';
          return finished ? null : errorLine(f.message);
        },
      };
    },
  };
}

function isJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const TAIL_BYTES = 4096;

/**
 * Token counts of a native Ollama answer (JSON or NDJSON): `prompt_eval_count` and `eval_count` sit in
 * the last object, so only the tail is kept and searched.
 */
export function ollamaUsageTap(): UsageTap {
  let tail = Buffer.alloc(0);
  return {
    push(chunk) {
      const all = Buffer.concat([tail, chunk]);
      tail = all.length > TAIL_BYTES ? all.subarray(all.length - TAIL_BYTES) : all;
    },
    result() {
      const s = tail.toString('utf8');
      const last = (re: RegExp): number | null => {
        let found: number | null = null;
        for (const m of s.matchAll(re)) found = Number(m[1]);
        return found;
      };
      const prompt = last(/"prompt_eval_count"\s*:\s*(\d+)/g);
      const completion = last(/"eval_count"\s*:\s*(\d+)/g);
      return prompt === null && completion === null ? null : { promptTokens: prompt, completionTokens: completion };
    },
  };
}
