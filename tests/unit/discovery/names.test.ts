import { describe, expect, it } from 'vitest';
import { suggestName } from '../../../src-main/discovery/names.js';

const none = (): boolean => false;

describe('suggestName', () => {
  it('names each type "<Label> (local)"', () => {
    expect(suggestName('ollama', 11434, none)).toBe('Ollama (local)');
    expect(suggestName('lm_studio', 1234, none)).toBe('LM Studio (local)');
    expect(suggestName('llama_cpp', 8080, none)).toBe('llama.cpp (local)');
    expect(suggestName('vllm', 8000, none)).toBe('vLLM (local)');
    expect(suggestName('xllm', 9000, none)).toBe('xLLM (local)');
  });

  it('always puts the port in a generic OpenAI-compatible name', () => {
    expect(suggestName('openai_compatible', 5000, none)).toBe('OpenAI-compatible (local :5000)');
  });

  it('adds the port on a clash, comparing case-insensitively', () => {
    const taken = new Set(['ollama (local)']);
    expect(suggestName('ollama', 11435, (n) => taken.has(n.toLowerCase()))).toBe('Ollama (local :11435)');
  });

  it('counts up when even the port name is taken', () => {
    const taken = new Set(['Ollama (local)', 'Ollama (local :11435)', 'Ollama (local :11435) 2']);
    expect(suggestName('ollama', 11435, (n) => taken.has(n))).toBe('Ollama (local :11435) 3');
  });
});
