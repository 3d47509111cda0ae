import { describe, expect, it } from 'vitest';
import type { EndpointType } from '../../../src-main/admin/types.js';
import { identify, sameModel } from '../../../src-main/aliases/identity.js';
import { type IdentifiedModel, suggest, suggestionId } from '../../../src-main/aliases/suggest.js';

/** A model on an endpoint, with the details its sync would store. */
function m(endpoint: string, type: EndpointType, model: string, details: Record<string, unknown> = {}, caps: string[] = ['chat']): IdentifiedModel | null {
  const identity = identify({ model_id: model, endpoint_type: type, details, capabilities: caps as never });
  return identity ? { endpointId: endpoint, endpointName: endpoint, model, identity } : null;
}
const ollamaDetails = (size = '3.2B', quant = 'Q4_K_M', family = 'llama') => ({ family, parameter_size: size, quantization_level: quant });
const present = (xs: (IdentifiedModel | null)[]): IdentifiedModel[] => xs.filter((x): x is IdentifiedModel => x !== null);
const NONE = { realNames: new Set<string>(), aliases: [] };

describe('identify', () => {
  it('Ollama library tags are instruct; Hugging Face names say it or are base', () => {
    const ollama = m('o', 'ollama', 'llama3.2:3b', ollamaDetails())!;
    const hf = m('v', 'vllm', 'meta-llama/Llama-3.2-3B-Instruct', { root: 'meta-llama/Llama-3.2-3B-Instruct' })!;
    const base = m('v', 'vllm', 'meta-llama/Llama-3.2-3B')!;
    const lms = m('l', 'lm_studio', 'lmstudio-community/Llama-3.2-3B-Instruct-GGUF', { arch: 'llama', quantization: 'Q4_K_M' })!;
    expect(ollama.identity).toMatchObject({ family: 'llama-3.2', size: '3b', variant: 'instruct', quantization: 'q4_k_m', arch: 'llama' });
    expect(sameModel(ollama.identity, hf.identity)).toBe(true);
    expect(sameModel(ollama.identity, lms.identity)).toBe(true);
    expect(sameModel(ollama.identity, base.identity)).toBe(false);
    expect(sameModel(ollama.identity, m('o2', 'ollama', 'llama3.1:8b', ollamaDetails('8.0B'))!.identity)).toBe(false);
  });

  it('completes a :latest tag from parameter_size, llama.cpp from meta.n_params, vLLM from root', () => {
    expect(m('o', 'ollama', 'llama3.2:latest', ollamaDetails())!.identity.size).toBe('3b');
    expect(m('c', 'llama_cpp', 'Llama-3.2-Instruct.gguf', { meta: { n_params: 3_212_749_888 } })!.identity).toMatchObject({ size: '3b', variant: 'instruct' });
    expect(m('v', 'vllm', 'my-llama', { root: '/models/Llama-3.2-3B-Instruct' })!.identity).toMatchObject({ family: 'llama-3.2', size: '3b' });
  });

  it('skips LoRA adapters and names without a family or size', () => {
    expect(m('v', 'vllm', 'sql-lora', { root: 'meta-llama/Llama-3.2-3B-Instruct', parent: 'meta-llama/Llama-3.2-3B-Instruct' })).toBeNull();
    expect(m('x', 'openai_compatible', 'gpt-4o')).toBeNull();
  });

  it('quantisation is compared only where both sides know it', () => {
    const q4 = m('a', 'ollama', 'llama3.2:3b', ollamaDetails('3.2B', 'Q4_K_M'))!;
    const q8 = m('b', 'ollama', 'llama3.2:3b-instruct-q8_0', ollamaDetails('3.2B', 'Q8_0'))!;
    const bf = m('c', 'vllm', 'meta-llama/Llama-3.2-3B-Instruct')!;
    expect(sameModel(q4.identity, q8.identity)).toBe(false);
    expect(sameModel(q4.identity, bf.identity)).toBe(true);
    expect(sameModel(q8.identity, bf.identity)).toBe(true);
  });
});

describe('suggest', () => {
  const world = present([
    m('ollama', 'ollama', 'llama3.2:3b', ollamaDetails()),
    m('ollama', 'ollama', 'llama3.2:latest', ollamaDetails()),
    m('ollama', 'ollama', 'llama3.1:8b', ollamaDetails('8.0B')),
    m('vllm', 'vllm', 'meta-llama/Llama-3.2-3B-Instruct', { root: 'meta-llama/Llama-3.2-3B-Instruct' }),
    m('vllm-base', 'vllm', 'meta-llama/Llama-3.2-3B', { root: 'meta-llama/Llama-3.2-3B' }),
    m('lms', 'lm_studio', 'meta-llama-3.1-8b-instruct', { arch: 'llama', quantization: 'Q4_K_M' }),
    m('lms', 'lm_studio', 'lmstudio-community/Llama-3.2-3B-Instruct-GGUF', { arch: 'llama', quantization: 'Q4_K_M' }),
  ]);

  it('groups the same model across endpoints, one target per endpoint, never an 8B or a base model with a 3B instruct', () => {
    const s = suggest(world, NONE);
    expect(s.map((x) => x.alias)).toEqual(['llama-3.1-8b-instruct', 'llama-3.2-3b-instruct']);
    const l32 = s[1]!;
    expect(l32.targets.map((t) => `${t.endpoint_id}:${t.model}`)).toEqual([
      'lms:lmstudio-community/Llama-3.2-3B-Instruct-GGUF',
      'ollama:llama3.2:3b',
      'vllm:meta-llama/Llama-3.2-3B-Instruct',
    ]);
    expect(l32.allow_shadow).toBe(false);
    expect(l32.id).toBe(suggestionId(l32.targets));
    expect(s[0]!.targets.map((t) => t.model).sort()).toEqual(['llama3.1:8b', 'meta-llama-3.1-8b-instruct']);
  });

  it('needs two endpoints: one endpoint with two tags of a model is not a suggestion', () => {
    expect(suggest(present([m('o', 'ollama', 'llama3.2:3b', ollamaDetails()), m('o', 'ollama', 'llama3.2:latest', ollamaDetails())]), NONE)).toEqual([]);
  });

  it('splits different known quantisations into separate groups named by quantisation', () => {
    const s = suggest(
      present([
        m('a', 'ollama', 'llama3.2:3b', ollamaDetails('3.2B', 'Q4_K_M')),
        m('b', 'ollama', 'llama3.2:3b-instruct-q8_0', ollamaDetails('3.2B', 'Q8_0')),
        m('c', 'vllm', 'meta-llama/Llama-3.2-3B-Instruct'),
      ]),
      NONE,
    );
    expect(s.map((x) => [x.alias, x.targets.map((t) => t.endpoint_id).join(',')])).toEqual([
      ['llama-3.2-3b-instruct-q4_k_m', 'a,c'],
      ['llama-3.2-3b-instruct-q8_0', 'b,c'],
    ]);
  });

  it('skips groups an alias already covers, and avoids names already taken', () => {
    const covered = suggest(world, {
      realNames: new Set(),
      aliases: [{ alias: 'x', targets: [{ endpoint_id: null, model: 'llama3.1:8b' }, { endpoint_id: 'lms', model: 'meta-llama-3.1-8b-instruct' }] }],
    });
    expect(covered.map((x) => x.alias)).toEqual(['llama-3.2-3b-instruct']);
    const renamed = suggest(world, { realNames: new Set(['llama-3.2-3b-instruct']), aliases: [{ alias: 'llama-3.1-8b-instruct', targets: [] }] });
    expect(renamed.map((x) => x.alias)).toEqual(['llama-3.1-8b-instruct-2', 'llama-3.2-3b-instruct-2']);
  });

  it('proposes shadowing when the canonical name is one of the grouped models', () => {
    const s = suggest(present([m('lms', 'lm_studio', 'llama-3.2-3b-instruct', { arch: 'llama' }), m('o', 'ollama', 'llama3.2:3b', ollamaDetails())]), {
      realNames: new Set(['llama-3.2-3b-instruct', 'llama3.2:3b']),
      aliases: [],
    });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ alias: 'llama-3.2-3b-instruct', allow_shadow: true });
  });
});
