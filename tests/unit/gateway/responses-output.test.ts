import { describe, expect, it } from 'vitest';
import type { StreamTransform } from '../../../src-main/gateway/proxy/transform.js';
import { chatToResponse, responsesFromChat } from '../../../src-main/gateway/v1/responses/buffered.js';
import { type ReplyContext, echoFields } from '../../../src-main/gateway/v1/responses/common.js';
import { responsesFromChatStream } from '../../../src-main/gateway/v1/responses/stream.js';

function context(req: Record<string, unknown> = {}): ReplyContext {
  let n = 0;
  return { model: 'my-alias', createdAt: 1_700_000_000, echo: echoFields(req), newId: (prefix) => `${prefix}${++n}` };
}

const chatUsage = { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 } };
const responsesUsage = { input_tokens: 4, input_tokens_details: { cached_tokens: 1 }, output_tokens: 3, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 7 };

describe('chat completion → response object', () => {
  it('text answer: one completed message item, usage, the client model, echoed request fields', () => {
    const chat = { id: 'chatcmpl-1', model: 'upstream.gguf', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hi there' } }], usage: chatUsage };
    const r = chatToResponse(chat, context({ instructions: 'Be brief.', max_output_tokens: 9, temperature: 0.5 }));
    expect(r).toMatchObject({
      id: 'resp_2',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'my-alias',
      instructions: 'Be brief.',
      max_output_tokens: 9,
      temperature: 0.5,
      store: false,
      text: { format: { type: 'text' } },
      output: [{ type: 'message', id: 'msg_1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi there', annotations: [] }] }],
      usage: responsesUsage,
    });
  });

  it('length → incomplete with reason max_output_tokens; tool calls become function_call items', () => {
    const cut = chatToResponse({ choices: [{ finish_reason: 'length', message: { content: 'Hi' } }] }, context());
    expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, usage: null });
    const calls = chatToResponse(
      {
        choices: [
          {
            finish_reason: 'tool_calls',
            message: { content: null, tool_calls: [{ id: 'abc', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } }, { function: { name: 'time', arguments: {} } }] },
          },
        ],
      },
      context(),
    );
    expect(calls.status).toBe('completed');
    expect(calls.output).toEqual([
      { id: 'fc_1', type: 'function_call', status: 'completed', call_id: 'abc', name: 'weather', arguments: '{"city":"Oslo"}' },
      { id: 'fc_2', type: 'function_call', status: 'completed', call_id: 'call_3', name: 'time', arguments: '{}' },
    ]);
  });

  it('the buffered transform: upstream errors pass through, a broken body is a 502 in OpenAI shape', () => {
    const t = responsesFromChat(context());
    if (t.kind !== 'buffered') throw new Error('expected buffered');
    const err = Buffer.from('{"error":{"code":400,"message":"bad","type":"invalid_request_error"}}');
    expect(t.apply(400, err, 'application/json')).toEqual({ body: err });
    const broken = t.apply(200, Buffer.from('not json'), 'application/json');
    expect(broken.status).toBe(502);
    expect(JSON.parse(String(broken.body))).toMatchObject({ error: { code: 'upstream_error', type: 'server_error' } });
    const ok = t.apply(200, Buffer.from(JSON.stringify({ choices: [{ finish_reason: 'stop', message: { content: 'x' } }] })), 'application/json');
    expect(ok.contentType).toBe('application/json');
    expect(JSON.parse(String(ok.body)).output[0].content[0].text).toBe('x');
  });
});

interface Ev {
  readonly event: string | undefined;
  readonly data: any;
}

function parseSse(text: string): Ev[] {
  return text
    .split('\n\n')
    .filter((b) => b.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))!.slice(6);
      return { event, data: JSON.parse(data) };
    });
}

function openStream(ct = 'text/event-stream', rc = context()): StreamTransform {
  const t = responsesFromChatStream(rc);
  if (t.kind !== 'stream') throw new Error('expected stream');
  const s = t.open(200, ct);
  if (!s) throw new Error('declined');
  return s;
}

/** Feeds `text` in pieces of `size` bytes (cutting events and UTF-8 anywhere) and collects the output. */
function run(s: StreamTransform, text: string, size = 7): string {
  const bytes = Buffer.from(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += size) out += s.push(bytes.subarray(i, i + size)) ?? '';
  return out + (s.end() ?? '');
}

const data = (o: unknown): string => `data: ${typeof o === 'string' ? o : JSON.stringify(o)}\n\n`;
const chunk = (delta: unknown, finish: string | null = null): string => data({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
/** llama-server's shape: role chunk with content null, deltas, finish chunk, usage chunk, [DONE]. */
const llamaStream = (pieces: string[], finish = 'stop'): string =>
  chunk({ role: 'assistant', content: null }) + pieces.map((p) => chunk({ content: p })).join('') + chunk({}, finish) + data({ choices: [], usage: chatUsage }) + data('[DONE]');

describe('chat SSE → Responses events', () => {
  it('the full documented sequence, sequence numbers 0…n, output_index on every item event', () => {
    const events = parseSse(run(openStream(), llamaStream(['Hé', 'llo', ' wörld'])));
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    events.forEach((e, i) => {
      expect(e.data.type).toBe(e.event);
      expect(e.data.sequence_number).toBe(i);
    });
    expect(events[0]!.data.response).toMatchObject({ id: 'resp_1', created_at: 1_700_000_000, model: 'my-alias', status: 'in_progress', output: [] });
    expect(events[2]!.data).toMatchObject({ output_index: 0, item: { id: 'msg_2', type: 'message', status: 'in_progress', role: 'assistant' } });
    expect(events[4]!.data).toMatchObject({ item_id: 'msg_2', output_index: 0, content_index: 0, delta: 'Hé' });
    expect(events[7]!.data).toMatchObject({ text: 'Héllo wörld' });
    expect(events[9]!.data.item).toMatchObject({ status: 'completed', content: [{ type: 'output_text', text: 'Héllo wörld' }] });
    expect(events[10]!.data.response).toMatchObject({ id: 'resp_1', status: 'completed', incomplete_details: null, usage: responsesUsage, output: [{ id: 'msg_2' }] });
  });

  it('finish_reason length → response.completed with status incomplete and reason max_output_tokens', () => {
    const events = parseSse(run(openStream(), llamaStream(['a', 'b'], 'length'), 1));
    const last = events.at(-1)!;
    expect(last.event).toBe('response.completed');
    expect(last.data.response).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(events.find((e) => e.event === 'response.output_item.done')!.data.item.status).toBe('incomplete');
  });

  it('tool calls: the message closes, a function_call item streams its arguments', () => {
    const text =
      chunk({ role: 'assistant', content: null }) +
      chunk({ content: 'Checking.' }) +
      chunk({ tool_calls: [{ index: 0, id: 'call_x', type: 'function', function: { name: 'weather', arguments: '' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }) +
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] }) +
      chunk({}, 'tool_calls') +
      data('[DONE]');
    const events = parseSse(run(openStream(), text, 13));
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[8]!.data).toMatchObject({ output_index: 1, item: { type: 'function_call', call_id: 'call_x', name: 'weather', arguments: '' } });
    expect(events[11]!.data).toMatchObject({ output_index: 1, arguments: '{"city":"Oslo"}', name: 'weather' });
    const done = events.at(-1)!.data.response;
    expect(done.output.map((i: any) => i.type)).toEqual(['message', 'function_call']);
    expect(done.output[1]).toMatchObject({ status: 'completed', arguments: '{"city":"Oslo"}' });
    expect(done.usage).toBeNull();
  });

  it('an answer with no text still has its (empty) message item', () => {
    const events = parseSse(run(openStream(), chunk({ role: 'assistant', content: '' }) + chunk({}, 'stop') + data('[DONE]')));
    expect(events.at(-1)!.data.response.output).toEqual([expect.objectContaining({ type: 'message', content: [expect.objectContaining({ text: '' })] })]);
  });

  it('a server that closes after the finish chunk without [DONE] still completes', () => {
    const events = parseSse(run(openStream(), chunk({ content: 'x' }) + chunk({}, 'stop')));
    expect(events.at(-1)!.event).toBe('response.completed');
  });

  it('failures end with one error event: upstream error data, early end, lost connection', () => {
    const upstream = parseSse(run(openStream(), chunk({ content: 'x' }) + data({ error: { message: 'slot died', code: 500 } }) + chunk({ content: 'ignored' })));
    expect(upstream.at(-1)).toMatchObject({ event: 'error', data: { type: 'error', error: { message: 'endpoint error: slot died' } } });
    expect(upstream.filter((e) => e.event === 'error')).toHaveLength(1);
    expect(upstream.some((e) => e.event === 'response.completed')).toBe(false);

    const early = parseSse(run(openStream(), chunk({ content: 'x' })));
    expect(early.at(-1)).toMatchObject({ event: 'error', data: { code: 'upstream_error', message: expect.stringContaining('before the response was complete') } });

    const s = openStream();
    const head = parseSse(String(s.push(Buffer.from(chunk({ content: 'x' })))));
    const err = parseSse(String(s.error!({ code: 'upstream_timeout', message: 'stalled' })));
    expect(err).toEqual([{ event: 'error', data: expect.objectContaining({ type: 'error', sequence_number: head.length, code: 'upstream_timeout', error: expect.objectContaining({ message: 'stalled' }) }) }]);

    const finished = openStream();
    run(finished, llamaStream(['a']));
    expect(finished.error!({ code: 'upstream_error', message: 'late' })).toBe('');
  });

  it('upstream error statuses are declined (passed through); a JSON answer to a stream request is replayed as events', () => {
    const t = responsesFromChatStream(context());
    if (t.kind !== 'stream') throw new Error('expected stream');
    expect(t.open(500, 'application/json')).toBeNull();
    const s = openStream('application/json');
    expect(s.contentType).toMatch(/^text\/event-stream/);
    const body = JSON.stringify({ choices: [{ finish_reason: 'length', message: { content: 'whole' } }], usage: chatUsage });
    const events = parseSse(run(s, body, 5));
    expect(events.map((e) => e.event)).toContain('response.output_text.delta');
    expect(events.at(-1)!.data.response).toMatchObject({ status: 'incomplete', usage: responsesUsage, output: [{ content: [{ text: 'whole' }] }] });
    expect(parseSse(run(openStream('application/json'), 'nope')).at(-1)!.event).toBe('error');
  });
});
