/** Names for discovered servers: "Ollama (local)", with the port added when that name is taken. */
import type { EndpointType } from '../admin/types.js';

const LABELS: Readonly<Record<EndpointType, string>> = {
  ollama: 'Ollama',
  lm_studio: 'LM Studio',
  llama_cpp: 'llama.cpp',
  vllm: 'vLLM',
  xllm: 'xLLM',
  openai_compatible: 'OpenAI-compatible',
  unknown: 'Model server',
};

/** A free endpoint name for a server of `type` on local `port`; `taken` compares names case-insensitively. */
export function suggestName(type: EndpointType, port: number, taken: (name: string) => boolean): string {
  const label = LABELS[type];
  // A generic server says nothing about itself, so its port is always part of the name.
  const candidates = type === 'openai_compatible' || type === 'unknown' ? [] : [`${label} (local)`];
  candidates.push(`${label} (local :${port})`);
  for (const name of candidates) if (!taken(name)) return name;
  const last = candidates[candidates.length - 1]!;
  for (let n = 2; n < 1000; n++) if (!taken(`${last} ${n}`)) return `${last} ${n}`;
  return `${last} ${Date.now()}`;
}
