import { describe, expect, it } from 'vitest';
import { toChatRequest } from '../../../src-main/gateway/v1/responses/request.js';
import { AppError } from '../../../src-main/util/errors.js';

const fails = (req: Record<string, unknown>, param: string): void => {
  let err: unknown;
  try {
    toChatRequest({ model: 'm', ...req }, false);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).status).toBe(400);
  expect((err as AppError).param).toBe(param);
};

describe('Responses request → chat completions body', () => {
  it('a string input with instructions, limits and sampling; streams ask for usage', () => {
    const body = toChatRequest(
      { model: 'm', input: 'hello', instructions: 'Be brief.', max_output_tokens: 16, temperature: 0.2, top_p: 0.9, store: true, include: [], reasoning: {}, seed: 7 },
      true,
    );
    expect(body).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 16,
      temperature: 0.2,
      top_p: 0.9,
      seed: 7,
    });
    expect(toChatRequest({ model: 'm', input: 'x' }, false)).toEqual({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: false });
  });

  it('items as the Vercel AI SDK sends them: roles, parts, images, tool calls and their outputs', () => {
    const body = toChatRequest(
      {
        model: 'm',
        input: [
          { role: 'system', content: 'sys' },
          { role: 'developer', content: [{ type: 'input_text', text: 'dev' }] },
          { role: 'user', content: [{ type: 'input_text', text: 'what is in it?' }] },
          { role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' }] },
          { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }], id: 'msg_1' },
          { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' },
          { type: 'function_call', call_id: 'call_2', name: 'time', arguments: '{}' },
          { type: 'function_call_output', call_id: 'call_1', output: 'rain' },
          { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '12:00' }] },
          { type: 'item_reference', id: 'msg_0' },
          { type: 'reasoning', id: 'rs_1', summary: [] },
          { type: 'function_call', call_id: 'call_3', name: 'weather', arguments: '{}' },
        ],
      },
      false,
    );
    expect(body.messages).toEqual([
      { role: 'system', content: 'sys' },
      { role: 'system', content: 'dev' },
      { role: 'user', content: 'what is in it?' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } }] },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
          { id: 'call_2', type: 'function', function: { name: 'time', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'rain' },
      { role: 'tool', tool_call_id: 'call_2', content: '12:00' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_3', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
    ]);
  });

  it('function tools, tool_choice and parallel_tool_calls', () => {
    const body = toChatRequest(
      {
        model: 'm',
        input: 'x',
        tools: [
          { type: 'function', name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true },
          { type: 'function', name: 'noargs' },
        ],
        tool_choice: { type: 'function', name: 'weather' },
        parallel_tool_calls: false,
      },
      false,
    );
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
      { type: 'function', function: { name: 'noargs', parameters: { type: 'object', properties: {} } } },
    ]);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'weather' } });
    expect(body.parallel_tool_calls).toBe(false);
    expect(toChatRequest({ model: 'm', input: 'x', tools: [], tool_choice: 'auto' }, false)).not.toHaveProperty('tool_choice');
    expect(toChatRequest({ model: 'm', input: 'x', tools: [{ type: 'function', name: 'f' }], tool_choice: 'required' }, false).tool_choice).toBe('required');
  });

  it('text.format → response_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'number' } }, required: ['a'] };
    expect(toChatRequest({ model: 'm', input: 'x', text: { format: { type: 'json_schema', name: 'thing', schema, strict: true } } }, false).response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'thing', schema, strict: true },
    });
    expect(toChatRequest({ model: 'm', input: 'x', text: { format: { type: 'json_object' } } }, false).response_format).toEqual({ type: 'json_object' });
    expect(toChatRequest({ model: 'm', input: 'x', text: { format: { type: 'text' } } }, false)).not.toHaveProperty('response_format');
  });

  it('refuses what a stateless chat endpoint cannot do, naming the field', () => {
    fails({ input: 'x', previous_response_id: 'resp_1' }, 'previous_response_id');
    fails({ input: 'x', conversation: 'conv_1' }, 'conversation');
    fails({ input: 'x', tools: [{ type: 'web_search' }] }, 'tools[0].type');
    fails({ input: 'x', tool_choice: { type: 'allowed_tools' }, tools: [{ type: 'function', name: 'f' }] }, 'tool_choice');
    fails({ input: [{ type: 'file_search_call', id: 'x' }] }, 'input[0].type');
    fails({ input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] }, 'input[0].content[0]');
    fails({ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'f' }] }] }, 'input[0].content[0]');
    fails({ input: [{ role: 'tool', content: 'x' }] }, 'input[0].role');
    fails({ input: 42 }, 'input');
    fails({}, 'input');
    fails({ input: 'x', max_output_tokens: 0 }, 'max_output_tokens');
    fails({ input: 'x', text: { format: { type: 'json_schema', name: 'n' } } }, 'text.format.schema');
  });
});
