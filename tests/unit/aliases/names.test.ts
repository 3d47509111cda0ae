import { describe, expect, it } from 'vitest';
import { nominalSize, normaliseQuant, parseName, sizeFromParameterText } from '../../../src-main/aliases/names.js';

describe('parseName', () => {
  const cases: [string, { family: string | null; size: string | null; variant: string | null; quantization?: string | null; revision?: string | null }][] = [
    ['llama3.2:3b', { family: 'llama-3.2', size: '3b', variant: null }],
    ['llama3.2:latest', { family: 'llama-3.2', size: null, variant: null }],
    ['llama3.2:3b-instruct-q4_K_M', { family: 'llama-3.2', size: '3b', variant: 'instruct', quantization: 'q4_k_m' }],
    ['llama3.2:3b-text-q8_0', { family: 'llama-3.2', size: '3b', variant: 'base', quantization: 'q8_0' }],
    ['llama3.1:8b', { family: 'llama-3.1', size: '8b', variant: null }],
    ['meta-llama/Llama-3.2-3B-Instruct', { family: 'llama-3.2', size: '3b', variant: 'instruct' }],
    ['meta-llama/Llama-3.2-3B', { family: 'llama-3.2', size: '3b', variant: null }],
    ['lmstudio-community/Llama-3.2-3B-Instruct-GGUF', { family: 'llama-3.2', size: '3b', variant: 'instruct', quantization: null }],
    ['meta-llama-3.1-8b-instruct', { family: 'llama-3.1', size: '8b', variant: 'instruct' }],
    ['Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf', { family: 'llama-3.1', size: '8b', variant: 'instruct', quantization: 'q4_k_m' }],
    ['hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', { family: 'llama-3.2', size: '3b', variant: 'instruct', quantization: 'q4_k_m' }],
    ['qwen2.5:7b', { family: 'qwen-2.5', size: '7b', variant: null }],
    ['Qwen/Qwen2.5-7B-Instruct-AWQ', { family: 'qwen-2.5', size: '7b', variant: 'instruct', quantization: 'awq' }],
    ['Qwen/Qwen2.5-7B-Instruct-GPTQ-Int4', { family: 'qwen-2.5', size: '7b', variant: 'instruct', quantization: 'gptq-int4' }],
    ['qwen2.5-coder:0.5b', { family: 'qwen-2.5-coder', size: '0.5b', variant: null }],
    ['Qwen/Qwen2.5-0.5B-Instruct', { family: 'qwen-2.5', size: '0.5b', variant: 'instruct' }],
    ['google/gemma-2-9b-it', { family: 'gemma-2', size: '9b', variant: 'instruct' }],
    ['gemma2:9b', { family: 'gemma-2', size: '9b', variant: null }],
    ['google/gemma-3-4b-pt', { family: 'gemma-3', size: '4b', variant: 'base' }],
    ['mistralai/Mistral-7B-Instruct-v0.3', { family: 'mistral', size: '7b', variant: 'instruct', revision: 'v0.3' }],
    ['mistral-small:24b', { family: 'mistral-small', size: '24b', variant: null }],
    ['mixtral:8x7b', { family: 'mixtral', size: '8x7b', variant: null }],
    ['microsoft/Phi-3-mini-4k-instruct', { family: 'phi-3', size: 'mini', variant: 'instruct' }],
    ['llama3.1:8b-instruct-fp16', { family: 'llama-3.1', size: '8b', variant: 'instruct', quantization: 'f16' }],
    ['/models/Llama-3.2-1B-Instruct', { family: 'llama-3.2', size: '1b', variant: 'instruct' }],
    ['gpt-4o', { family: 'gpt-4o', size: null, variant: null }],
    ['7b', { family: null, size: '7b', variant: null }],
  ];
  it.each(cases)('%s', (name, want) => {
    const got = parseName(name);
    expect({ family: got.family, size: got.size, variant: got.variant }).toEqual({ family: want.family, size: want.size, variant: want.variant });
    if ('quantization' in want) expect(got.quantization).toBe(want.quantization);
    if ('revision' in want) expect(got.revision).toBe(want.revision);
  });
});

describe('sizes and quantisation', () => {
  it.each([
    [3.21, '3b'],
    [7.62, '7b'],
    [8.03, '8b'],
    [1.24, '1b'],
    [0.494, '0.5b'],
    [1.54, '1.5b'],
    [2.61, '2b'],
    [14.8, '14b'],
    [70.6, '70b'],
    [0.999, '1b'],
    [46.7, '46.7b'],
  ])('nominalSize(%f) = %s', (n, label) => expect(nominalSize(n)).toBe(label));

  it('reads Ollama parameter_size text', () => {
    expect(sizeFromParameterText('3.2B')).toBe('3b');
    expect(sizeFromParameterText('494.03M')).toBe('0.5b');
    expect(sizeFromParameterText('big')).toBeNull();
    expect(sizeFromParameterText(undefined)).toBeNull();
  });

  it('normalises quantisation spellings', () => {
    expect(normaliseQuant('Q4_K_M')).toBe('q4_k_m');
    expect(normaliseQuant('FP16')).toBe('f16');
    expect(normaliseQuant('unknown')).toBeNull();
    expect(normaliseQuant(null)).toBeNull();
  });
});
