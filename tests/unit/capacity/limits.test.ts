import { describe, expect, it } from 'vitest';
import { concurrencyLimit, DEFAULT_LIMITS, limitForDisplay, UNLIMITED } from '../../../src-main/capacity/limits.js';
import { endpoint } from './fixtures.js';

describe('concurrencyLimit', () => {
  it('prefers the override, then the learned slots, then the default of the type', () => {
    expect(concurrencyLimit(endpoint('a', 2, 'llama_cpp', 8))).toBe(2);
    expect(concurrencyLimit(endpoint('a', null, 'llama_cpp', 8))).toBe(8);
    expect(concurrencyLimit(endpoint('a', null, 'llama_cpp'))).toBe(4);
    expect(concurrencyLimit(endpoint('a', null, 'ollama'))).toBe(4);
    expect(concurrencyLimit(endpoint('a', null, 'vllm'))).toBe(UNLIMITED);
    expect(concurrencyLimit(endpoint('a', null, 'openai_compatible'))).toBe(UNLIMITED);
  });

  it('ignores values that are not positive integers', () => {
    expect(concurrencyLimit(endpoint('a', 0, 'ollama', -1))).toBe(DEFAULT_LIMITS.ollama);
    expect(concurrencyLimit(endpoint('a', 1.5, 'vllm'))).toBe(UNLIMITED);
  });

  it('shows unlimited as null', () => {
    expect(limitForDisplay(endpoint('a', null, 'vllm'))).toBeNull();
    expect(limitForDisplay(endpoint('a', null, 'ollama'))).toBe(4);
    expect(limitForDisplay(endpoint('a', 7, 'vllm'))).toBe(7);
  });
});
