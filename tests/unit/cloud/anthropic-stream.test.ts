import { describe, expect, it } from 'vitest';
import { AnthropicStreamTranslator } from '../../../src-main/cloud/anthropic-stream.js';

/** Feeds events (objects) and returns the parsed `data:` payloads written. */
function run(events: Record<string, unknown>[], includeUsage = false, end = false): { datas: unknown[]; t: AnthropicStreamTranslator } {
  const t = new AnthropicStreamTranslator({ model: 'anthropic:claude-x', created: 1700000000, includeUsage });
  let out = events.map((e) => t.push(JSON.stringify(e))).join('');
  if (end) out += t.end();
  const datas = out
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true);
      const d = block.slice(6);
      return d === '[DONE]' ? d : JSON.parse(d);
    });
  return { datas, t };
}

const START = { type: 'message_start', message: { id: 'msg_1', model: 'claude-x', usage: { input_tokens: 12, output_tokens: 1 } } };
const text = (index: number, t: string) => ({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });

describe('AnthropicStreamTranslator', () => {
  it('emits a role chunk, content deltas, a finish chunk, a usage chunk, then [DONE]', () => {
    const { datas, t } = run(
      [
        START,
        { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
        { type: 'ping' },
        text(0, 'Hel'),
        text(0, 'lo'),
        { type: 'content_block_stop', index: 0 },
        { type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 2 } },
        { type: 'message_stop' },
      ],
      true,
    );
    const chunks = datas as Record<string, any>[];
    expect(chunks.map((c) => (c === ('[DONE]' as unknown) ? 'DONE' : c.choices?.[0]?.delta ?? 'usage'))).toEqual([
      { role: 'assistant', content: '' },
      { content: 'Hel' },
      { content: 'lo' },
      {},
      'usage',
      'DONE',
    ]);
    expect(chunks[0]).toMatchObject({ id: 'msg_1', object: 'chat.completion.chunk', created: 1700000000, model: 'anthropic:claude-x' });
    expect(chunks[3]!.choices[0].finish_reason).toBe('length');
    expect(chunks[4]).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 } });
    expect(t.done).toBe(true);
    expect(t.failed).toBe(false);
    expect(t.contentSeen).toBe(true);
  });

  it('sends no usage chunk unless asked', () => {
    const { datas } = run([START, text(0, 'x'), { type: 'message_delta', delta: { stop_reason: 'end_turn' } }, { type: 'message_stop' }]);
    expect(datas).toHaveLength(4);
    expect((datas[2] as any).choices[0].finish_reason).toBe('stop');
    expect(datas[3]).toBe('[DONE]');
  });

  it('streams tool calls with OpenAI indexes and argument fragments', () => {
    const { datas } = run([
      START,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      text(0, 'Let me check.'),
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city":' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '"Paris"}' } },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
      { type: 'message_stop' },
    ]);
    const deltas = (datas as any[]).slice(0, -1).map((c) => c.choices[0].delta);
    expect(deltas[2]).toEqual({ tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] });
    expect(deltas[3]).toEqual({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] });
    expect(deltas[4]).toEqual({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] });
    expect((datas as any[])[5].choices[0].finish_reason).toBe('tool_calls');
  });

  it('turns an upstream error event into an OpenAI error event and stops', () => {
    const { datas, t } = run([START, text(0, 'x'), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, text(0, 'ignored')]);
    expect(datas.at(-1)).toEqual({ error: { message: 'anthropic: Overloaded', type: 'server_error', param: null, code: 'overloaded_error' } });
    expect(datas).toHaveLength(3);
    expect(t.failed).toBe(true);
  });

  it('ends an unfinished stream with an error event instead of [DONE]', () => {
    const { datas, t } = run([START, text(0, 'x')], false, true);
    expect((datas.at(-1) as any).error.code).toBe('upstream_error');
    expect(datas).not.toContain('[DONE]');
    expect(t.failed).toBe(true);
    expect(t.end()).toBe('');
  });
});
