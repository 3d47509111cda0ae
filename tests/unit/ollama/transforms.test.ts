import { describe, expect, it } from 'vitest';
import type { ResponseTransform, StreamTransform } from '../../../src-main/gateway/proxy/transform.js';
import { ndjsonPassthrough, ollamaUsageTap } from '../../../src-main/gateway/ollama/transform-passthrough.js';
import { sseToNdjson } from '../../../src-main/gateway/ollama/transform-stream.js';
import type { ReplyContext } from '../../../src-main/gateway/ollama/response.js';

function open(t: ResponseTransform, status = 200, ct = 'text/event-stream'): StreamTransform {
  if (t.kind !== 'stream') throw new Error('expected a stream transform');
  const s = t.open(status, ct);
  if (!s) throw new Error('transform declined');
  return s;
}

/** Feeds `text` in pieces of `size` bytes (so events and lines are split anywhere) and returns all output. */
function run(s: StreamTransform, text: string, size = 7): string {
  const buf = Buffer.from(text);
  let out = '';
  for (let i = 0; i < buf.length; i += size) out += s.push(buf.subarray(i, i + size)) ?? '';
  return out + (s.end() ?? '');
}

const lines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l));
const sse = (...events: unknown[]) => events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');
const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({ choices: [{ index: 0, delta, finish_reason: finish }] });

let clock = 0;
const rc = (kind: ReplyContext['kind']): ReplyContext => ({ kind, model: 'asked', now: () => Date.now(), elapsed: () => (clock += 10) });

describe('sseToNdjson', () => {
  it('chat: one line per content delta, then done:true with usage counts and durations', () => {
    const s = open(sseToNdjson(rc('chat')));
    expect(s.contentType).toBe('application/x-ndjson');
    const body = sse(
      chunk({ role: 'assistant', content: null }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, 'stop'),
      { choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } },
      '[DONE]',
    );
    const out = lines(run(s, body));
    expect(out.map((l) => l.message.content)).toEqual(['Hel', 'lo', '']);
    expect(out.slice(0, 2).every((l) => l.done === false && l.model === 'asked' && l.message.role === 'assistant')).toBe(true);
    const last = out.at(-1);
    expect(last).toMatchObject({ done: true, done_reason: 'stop', load_duration: 0, prompt_eval_count: 5, eval_count: 2 });
    for (const k of ['total_duration', 'prompt_eval_duration', 'eval_duration']) expect(last[k]).toBeGreaterThan(0);
    expect(last.total_duration).toBeGreaterThanOrEqual(last.prompt_eval_duration + last.eval_duration);
  });

  it('generate (text completions): response field, finish length, context []', () => {
    const s = open(sseToNdjson(rc('generate')));
    const out = lines(run(s, sse({ choices: [{ text: 'ab', finish_reason: null }] }, { choices: [{ text: '', finish_reason: 'length' }] }, '[DONE]'), 3));
    expect(out[0]).toMatchObject({ response: 'ab', done: false });
    expect(out[1]).toMatchObject({ response: '', done: true, done_reason: 'length', context: [], eval_count: 1 });
  });

  it('assembles streamed tool-call deltas into one Ollama tool_calls line before the done line', () => {
    const s = open(sseToNdjson(rc('chat')));
    const body = sse(
      chunk({ role: 'assistant', tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    );
    const out = lines(run(s, body, 11));
    expect(out).toHaveLength(2);
    expect(out[0].message.tool_calls).toEqual([{ id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } }]);
    expect(out[1]).toMatchObject({ done: true, done_reason: 'stop' });
  });

  it('an upstream error event ends the stream with one error line and nothing after it', () => {
    const s = open(sseToNdjson(rc('chat')));
    const out = run(s, sse(chunk({ content: 'a' }), { error: { message: 'boom', type: 'server_error' } }, chunk({ content: 'b' })));
    expect(lines(out).map((l) => l.error ?? l.message.content)).toEqual(['a', 'boom']);
  });

  it('a stream that stops before finish_reason ends with an error line, not a done line', () => {
    const s = open(sseToNdjson(rc('chat')));
    const out = lines(run(s, sse(chunk({ content: 'a' })) + 'data: {"choi'));
    expect(out.at(-1)).toEqual({ error: expect.stringMatching(/ended the stream/) });
  });

  it('a lost connection: error() gives the error line once', () => {
    const s = open(sseToNdjson(rc('chat')));
    s.push(Buffer.from(sse(chunk({ content: 'a' }))));
    expect(JSON.parse(s.error!({ code: 'upstream_error', message: 'connection lost' })!)).toEqual({ error: 'connection lost' });
    expect(s.error!({ code: 'upstream_error', message: 'again' })).toBeNull();
  });

  it('an upstream error status becomes {"error":"…"} JSON; a JSON body for a stream becomes one done line', () => {
    const err = open(sseToNdjson(rc('chat')), 404, 'application/json');
    expect(JSON.parse(run(err, '{"error":{"message":"The model `x` does not exist."}}'))).toEqual({ error: 'The model `x` does not exist.' });
    const whole = open(sseToNdjson(rc('chat')), 200, 'application/json');
    const out = lines(run(whole, JSON.stringify({ choices: [{ message: { content: 'all at once' }, finish_reason: 'stop' }] })));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ message: { content: 'all at once' }, done: true });
  });
});

describe('ndjsonPassthrough', () => {
  const ndjson = (...objs: unknown[]) => objs.map((o) => JSON.stringify(o) + '\n').join('');

  it('forwards whole lines only and renames the model for aliases', () => {
    const s = open(ndjsonPassthrough({ from: 'real:latest', to: 'alias' }), 200, 'application/x-ndjson');
    const body = ndjson({ model: 'real:latest', message: { content: 'hi' }, done: false }, { model: 'real:latest', done: true, eval_count: 3 });
    const pushed = s.push(Buffer.from(body.slice(0, 20)));
    expect(pushed).toBeNull();
    const out = lines(`${s.push(Buffer.from(body.slice(20))) ?? ''}${s.end() ?? ''}`);
    expect(out.map((l) => l.model)).toEqual(['alias', 'alias']);
  });

  it('drops a half line on failure and sends a clean error line; a stream without done gets an error line', () => {
    const s = open(ndjsonPassthrough(), 200, 'application/x-ndjson');
    expect(s.push(Buffer.from(ndjson({ done: false, response: 'a' }) + '{"done":fal'))).toBe('{"done":false,"response":"a"}\n');
    expect(JSON.parse(s.error!({ code: 'upstream_error', message: 'lost' })!)).toEqual({ error: 'lost' });
    const t = open(ndjsonPassthrough(), 200, 'application/x-ndjson');
    expect(lines(run(t, ndjson({ done: false, response: 'a' }))).at(-1)).toEqual({ error: expect.stringMatching(/ended the stream/) });
    const ok = open(ndjsonPassthrough(), 200, 'application/x-ndjson');
    expect(lines(run(ok, ndjson({ done: false }, { done: true })))).toHaveLength(2);
  });

  it('declines error statuses and non-NDJSON bodies (passed through unchanged)', () => {
    const t = ndjsonPassthrough();
    if (t.kind !== 'stream') throw new Error('expected a stream transform');
    expect(t.open(404, 'application/json')).toBeNull();
    expect(t.open(200, 'application/json')).toBeNull();
  });

  it('ollamaUsageTap reads the last counts', () => {
    const tap = ollamaUsageTap();
    tap.push(Buffer.from('{"done":false}\n{"done":true,"prompt_eval_count":12,'));
    tap.push(Buffer.from('"prompt_eval_duration":5,"eval_count":34}\n'));
    expect(tap.result()).toEqual({ promptTokens: 12, completionTokens: 34 });
  });
});

describe('ndjsonPassthrough tails', () => {
  it('keeps a whole last line without newline, drops a cut one', () => {
    const whole = open(ndjsonPassthrough(), 200, 'application/x-ndjson');
    expect(run(whole, '{"done":false}\n{"done":true}')).toBe('{"done":false}\n{"done":true}\n');
    const cut = open(ndjsonPassthrough(), 200, 'application/x-ndjson');
    const out = run(cut, '{"done":false}\n{"done":tr');
    expect(out.trim().split('\n').map((l) => JSON.parse(l))).toEqual([{ done: false }, { error: expect.stringMatching(/ended the stream/) }]);
  });
});
