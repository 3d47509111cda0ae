import { describe, expect, it } from 'vitest';
import {
  argumentsObject,
  imageDataUrl,
  readToolCalls,
  toOllamaToolCalls,
  toOpenAiMessages,
  toOpenAiTools,
} from '../../../src-main/gateway/ollama/messages.js';

describe('images', () => {
  it('sniffs the MIME type and keeps data URLs', () => {
    expect(imageDataUrl('/9j/4AAQ')).toBe('data:image/jpeg;base64,/9j/4AAQ');
    expect(imageDataUrl('R0lGODlh')).toBe('data:image/gif;base64,R0lGODlh');
    expect(imageDataUrl('UklGRiQ')).toBe('data:image/webp;base64,UklGRiQ');
    expect(imageDataUrl('data:image/png;base64,xyz')).toBe('data:image/png;base64,xyz');
  });

  it('a message with images becomes text + image_url parts', () => {
    const [m] = toOpenAiMessages([{ role: 'user', content: 'what is this?', images: ['iVBORw0KGgo1', '/9j/2'] }]);
    expect(m).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'what is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo1' } },
        { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/2' } },
      ],
    });
  });
});

describe('tool calls, Ollama → OpenAI', () => {
  it('assistant tool calls get ids and JSON-string arguments; tool results are paired by tool_name', () => {
    const out = toOpenAiMessages([
      { role: 'user', content: 'weather in Paris and time in Tokyo?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { function: { name: 'get_weather', arguments: { city: 'Paris' } } },
          { function: { name: 'get_time', arguments: { city: 'Tokyo' } } },
        ],
      },
      { role: 'tool', tool_name: 'get_time', content: '10:00' },
      { role: 'tool', tool_name: 'get_weather', content: 'sunny' },
    ]);
    expect(out[1]).toEqual({
      role: 'assistant',
      content: '',
      tool_calls: [
        { id: 'call_1_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        { id: 'call_1_1', type: 'function', function: { name: 'get_time', arguments: '{"city":"Tokyo"}' } },
      ],
    });
    expect(out[2]).toEqual({ role: 'tool', content: '10:00', tool_call_id: 'call_1_1' });
    expect(out[3]).toEqual({ role: 'tool', content: 'sunny', tool_call_id: 'call_1_0' });
  });

  it('keeps ids Ollama sent, pairs unnamed results in order, and invents an id for an orphan result', () => {
    const out = toOpenAiMessages([
      { role: 'assistant', content: '', tool_calls: [{ id: 'call_abc', function: { name: 'f', arguments: {} } }, { function: { name: 'g', arguments: {} } }] },
      { role: 'tool', content: 'r1' },
      { role: 'tool', content: 'r2', tool_call_id: 'call_0_1' },
      { role: 'tool', content: 'orphan' },
    ]);
    expect(out.map((m) => m.tool_call_id)).toEqual([undefined, 'call_abc', 'call_0_1', 'call_tool_0']);
  });

  it('rejects messages that are not objects with a role', () => {
    expect(() => toOpenAiMessages('hi')).toThrow(/array/);
    expect(() => toOpenAiMessages([{ content: 'x' }])).toThrow(/messages\[0\]/);
  });

  it('passes function tools and drops others', () => {
    const fn = { name: 'f', parameters: { type: 'object' } };
    expect(toOpenAiTools([{ type: 'function', function: fn }, { type: 'web' }])).toEqual([{ type: 'function', function: fn }]);
    expect(toOpenAiTools([])).toBeUndefined();
  });
});

describe('tool calls, OpenAI → Ollama', () => {
  it('parses JSON-string arguments into objects and keeps the id', () => {
    const calls = readToolCalls([{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
    expect(toOllamaToolCalls(calls)).toEqual([{ id: 'call_1', function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } } }]);
  });

  it('bad or empty arguments become {}', () => {
    expect(argumentsObject('')).toEqual({});
    expect(argumentsObject('{"a":')).toEqual({});
    expect(argumentsObject('[1]')).toEqual({});
    expect(argumentsObject({ a: 1 })).toEqual({ a: 1 });
  });
});
