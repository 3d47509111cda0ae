import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TOKENS, imageBlock, toAnthropicRequest, translateMessages } from '../../../src-main/cloud/anthropic-request.js';
import { AppError } from '../../../src-main/util/errors.js';

describe('toAnthropicRequest', () => {
  it('moves system and developer messages to `system` and keeps user/assistant turns', () => {
    const out = toAnthropicRequest(
      {
        model: 'anthropic:claude-sonnet-4-5',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello!' },
          { role: 'user', content: 'How are you?' },
        ],
      },
      'claude-sonnet-4-5',
    );
    expect(out).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: DEFAULT_MAX_TOKENS,
      system: 'Be brief.\n\nAnswer in English.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
        { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
      ],
    });
  });

  it('takes max_completion_tokens over max_tokens, clamps temperature, maps stop, top_p, user and stream', () => {
    const out = toAnthropicRequest(
      { messages: [{ role: 'user', content: 'x' }], max_tokens: 10, max_completion_tokens: 20, temperature: 1.7, top_p: 0.9, stop: 'END', user: 'u1', stream: true },
      'm',
    );
    expect(out).toMatchObject({ max_tokens: 20, temperature: 1, top_p: 0.9, stop_sequences: ['END'], metadata: { user_id: 'u1' }, stream: true });
    expect(toAnthropicRequest({ messages: [{ role: 'user', content: 'x' }], max_tokens: 7, stop: ['a', 'b'] }, 'm')).toMatchObject({
      max_tokens: 7,
      stop_sequences: ['a', 'b'],
    });
  });

  it('translates tools, tool_choice and parallel_tool_calls', () => {
    const out = toAnthropicRequest(
      {
        messages: [{ role: 'user', content: 'weather?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
        tool_choice: 'required',
        parallel_tool_calls: false,
      },
      'm',
    );
    expect(out.tools).toEqual([
      { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
    ]);
    expect(out.tool_choice).toEqual({ type: 'any', disable_parallel_tool_use: true });
    const named = toAnthropicRequest(
      { messages: [{ role: 'user', content: 'x' }], tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: { name: 'f' } } },
      'm',
    );
    expect(named.tool_choice).toEqual({ type: 'tool', name: 'f' });
    expect(named.tools).toEqual([{ name: 'f', input_schema: { type: 'object', properties: {} } }]);
  });

  it('turns assistant tool calls into tool_use and tool results into one user turn', () => {
    const { messages } = translateMessages([
      { role: 'user', content: 'weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'rainy' }] },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: 'sunny' },
          { type: 'tool_result', tool_use_id: 'call_2', content: 'rainy' },
        ],
      },
    ]);
  });

  it('translates image parts (data URLs inline, others by URL)', () => {
    const { messages } = translateMessages([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
    expect(messages[0]!.content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
    expect(imageBlock('data:image/jpeg;base64,AAAA')).toEqual({ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: 'AAAA' } });
  });

  it('rejects what the Messages API cannot express with a 400 naming the field', () => {
    const run = (body: Record<string, unknown>) => {
      try {
        toAnthropicRequest(body, 'm');
      } catch (e) {
        return e as AppError;
      }
      throw new Error('expected an error');
    };
    expect(run({ messages: [] })).toMatchObject({ code: 'invalid_request', status: 400, param: 'messages' });
    expect(run({ messages: [{ role: 'system', content: 'only system' }] })).toMatchObject({ code: 'invalid_request' });
    expect(run({ messages: [{ role: 'user', content: 'x' }], n: 2 })).toMatchObject({ param: 'n' });
    expect(run({ messages: [{ role: 'wizard', content: 'x' }] })).toMatchObject({ param: 'messages[0].role' });
    expect(run({ messages: [{ role: 'user', content: [{ type: 'input_audio' }] }] })).toMatchObject({ param: 'messages[0].content' });
  });
});
