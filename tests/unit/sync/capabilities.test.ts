/** Capability rules: real signals first, the name last. */
import { describe, expect, it } from 'vitest';
import {
  capabilitiesFromLlamaCpp,
  capabilitiesFromLmStudio,
  capabilitiesFromName,
  capabilitiesFromOllama,
  looksLikeEmbedding,
  normalizeCapabilities,
} from '../../../src-main/sync/capabilities.js';

describe('name heuristics', () => {
  it.each([
    'nomic-embed-text:latest',
    'mxbai-embed-large',
    'text-embedding-3-small',
    'BAAI/bge-m3',
    'bge-large-en-v1.5',
    'all-minilm:l6-v2',
    'sentence-transformers/all-MiniLM-L6-v2',
    'intfloat/multilingual-e5-small',
    'e5-mistral-7b-instruct',
  ])('%s is an embedding model', (id) => {
    expect(looksLikeEmbedding(id)).toBe(true);
    expect(capabilitiesFromName(id)).toEqual(['embeddings']);
  });

  it.each(['llama3.2:latest', 'qwen2.5:7b', 'Qwen/Qwen2.5-1.5B-Instruct', 'abgen-7b', 'gpt-4o-mini', 'phi3.5', 'model-e50'])('%s chats', (id) => {
    expect(looksLikeEmbedding(id)).toBe(false);
    expect(capabilitiesFromName(id)).toEqual(['chat', 'completion']);
  });
});

describe('server signals', () => {
  it('maps Ollama /api/show capabilities', () => {
    expect(capabilitiesFromOllama(['completion', 'tools', 'vision', 'thinking'])).toEqual(['chat', 'completion', 'vision', 'tools']);
    expect(capabilitiesFromOllama(['embedding'])).toEqual(['embeddings']);
    expect(capabilitiesFromOllama(undefined)).toBeNull();
    expect(capabilitiesFromOllama(['insert'])).toBeNull();
  });

  it('maps LM Studio v0 and v1 types', () => {
    expect(capabilitiesFromLmStudio('llm')).toEqual(['chat', 'completion']);
    expect(capabilitiesFromLmStudio('vlm')).toEqual(['chat', 'completion', 'vision']);
    expect(capabilitiesFromLmStudio('embeddings')).toEqual(['embeddings']);
    expect(capabilitiesFromLmStudio('embedding')).toEqual(['embeddings']);
    expect(capabilitiesFromLmStudio('llm', { vision: true, trained_for_tool_use: true })).toEqual(['chat', 'completion', 'vision', 'tools']);
    expect(capabilitiesFromLmStudio('tts')).toBeNull();
  });

  it('adds llama.cpp /props modalities and template caps', () => {
    expect(capabilitiesFromLlamaCpp('m.gguf', null)).toEqual(['chat', 'completion']);
    expect(capabilitiesFromLlamaCpp('m.gguf', { modalities: { vision: true }, chat_template_caps: { supports_tools: true } })).toEqual(['chat', 'completion', 'vision', 'tools']);
    expect(capabilitiesFromLlamaCpp('bge-small.gguf', { modalities: { vision: true } })).toEqual(['embeddings']);
  });

  it('normalizes order and duplicates', () => {
    expect(normalizeCapabilities(['tools', 'chat', 'chat', 'embeddings'])).toEqual(['chat', 'embeddings', 'tools']);
  });
});
