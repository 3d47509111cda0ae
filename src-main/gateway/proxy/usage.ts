/** Token usage read off upstream bytes after they were forwarded (never delaying them). */
import { createParser, type EventSourceMessage, type EventSourceParser } from 'eventsource-parser';
import { lastEventEnd } from './sse.js';

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

const USAGE = Buffer.from('"usage"');

/** True when `buf[0, end)` has `"usage"` followed by an object (not `"usage":null`, which OpenAI streams send in every chunk). */
function usageObjectBefore(buf: Buffer, end: number): boolean {
  for (let at = buf.indexOf(USAGE); at !== -1 && at < end; at = buf.indexOf(USAGE, at + USAGE.length)) {
    let i = at + USAGE.length;
    while (i < end && isSpace(buf[i]!)) i++;
    if (buf[i] !== 0x3a) continue; // ':'
    i++;
    while (i < end && isSpace(buf[i]!)) i++;
    if (buf[i] === 0x7b) return true; // '{'
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
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

/**
 * Server-sent events: only events that mention `"usage"` with a value are parsed (one or two per
 * stream). Whole events are cut out by byte search and decoded only when they contain `"usage"`, so
 * the other chunks of a stream cost a few native scans, not a UTF-8 decode and an SSE parse each.
 */
export function sseUsageTap(): UsageTap {
  let found: Usage | null = null;
  // Bytes after the last complete event (an event split across chunks).
  let carry: Buffer | null = null;
  // Built at the first event that mentions usage (most chunks never need it).
  let parser: EventSourceParser | null = null;
  const onEvent = (ev: EventSourceMessage): void => {
    const d = ev.data;
    if (!d.includes('"usage"') || !/"usage"\s*:\s*\{/.test(d)) return;
    try {
      found = usageOf(JSON.parse(d)) ?? found;
    } catch {
      // not JSON: nothing to learn
    }
  };
  return {
    push(chunk) {
      const buf = carry === null ? chunk : Buffer.concat([carry, chunk]);
      const end = lastEventEnd(buf);
      // Complete events are self-contained, so those with usage can be parsed on their own.
      if (usageObjectBefore(buf, end)) (parser ??= createParser({ onEvent })).feed(buf.toString('utf8', 0, end));
      carry = end === buf.length ? null : Buffer.from(buf.subarray(end));
    },
    result: () => found,
  };
}

const TAIL_BYTES = 8 * 1024;
const PROMPT_TOKENS = [/"prompt_tokens"\s*:\s*(\d+)/, /"input_tokens"\s*:\s*(\d+)/];
const COMPLETION_TOKENS = [/"completion_tokens"\s*:\s*(\d+)/, /"output_tokens"\s*:\s*(\d+)/];

function pick(text: string, patterns: readonly RegExp[]): number | null {
  for (const re of patterns) {
    const m = re.exec(text);
    if (m) return Number(m[1]);
  }
  return null;
}

/**
 * A JSON body: usage sits at the end (llama.cpp adds only `timings` after it), so only the last 8 KiB
 * are kept and searched; a multi-megabyte embeddings answer is never parsed whole.
 */
export function jsonUsageTap(): UsageTap {
  // Most answers are one chunk: keep a reference to it and copy only when chunks must be joined.
  let tail: Buffer | null = null;
  return {
    push(chunk) {
      const joined = tail === null ? chunk : Buffer.concat([tail, chunk]);
      tail = joined.length <= TAIL_BYTES ? joined : joined.subarray(-TAIL_BYTES);
    },
    result() {
      const at = tail === null ? -1 : tail.lastIndexOf('"usage"');
      if (tail === null || at === -1) return null;
      // A window rather than a parse: the tail may start mid-document, and nested `*_details`
      // objects can precede `output_tokens` (Responses API).
      const obj = tail.toString('utf8', at, at + 600);
      const prompt = pick(obj, PROMPT_TOKENS);
      const completion = pick(obj, COMPLETION_TOKENS);
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
