/** Fake upstream servers for tests: each behaves like the real server (shared/UPSTREAMS.md) and has fault modes. */
export type { CommonFakeOptions, FakeContext, FakeKind, FakeMode, FakeModel, RecordedRequest } from './common.js';
export { replyPieces } from './common.js';
export type { FakeHandle, ModeScope } from './server.js';
export { type OllamaFake, type OllamaOptions, startFakeOllama } from './ollama.js';
export { type LlamaCppFake, type LlamaCppOptions, startFakeLlamaCpp } from './llamacpp.js';
export { type VllmOptions, startFakeVllm } from './vllm.js';
export { type LmStudioOptions, startFakeLmStudio } from './lmstudio.js';
export { type XllmFake, type XllmOptions, type XllmTask, startFakeXllm } from './xllm.js';
export { type OpenAiOptions, startFakeOpenAi } from './openai.js';
export { type AnthropicOptions, startFakeAnthropic } from './anthropic.js';
export { GOOGLE_OPENAI_PREFIX, type GoogleOptions, startFakeGoogle } from './google.js';
export { type BlackHole, closedPort, startBlackHole } from './net.js';

import type { CommonFakeOptions, FakeKind } from './common.js';
import { startFakeAnthropic } from './anthropic.js';
import { startFakeGoogle } from './google.js';
import { startFakeLlamaCpp } from './llamacpp.js';
import { startFakeLmStudio } from './lmstudio.js';
import { startFakeOllama } from './ollama.js';
import { startFakeOpenAi } from './openai.js';
import type { FakeHandle } from './server.js';
import { startFakeVllm } from './vllm.js';
import { startFakeXllm } from './xllm.js';

/** Starts a fake by kind name (handy for table-driven tests). */
export function startFakeByKind(kind: FakeKind, opts: CommonFakeOptions = {}): Promise<FakeHandle> {
  switch (kind) {
    case 'ollama':
      return startFakeOllama(opts);
    case 'llamaCpp':
      return startFakeLlamaCpp(opts);
    case 'vllm':
      return startFakeVllm(opts);
    case 'lmStudio':
      return startFakeLmStudio(opts);
    case 'xllm':
      return startFakeXllm(opts);
    case 'openai':
      return startFakeOpenAi(opts);
    case 'anthropic':
      return startFakeAnthropic(opts);
    case 'google':
      return startFakeGoogle(opts);
  }
}
