/** The detection priority rule (SPEC §3): pure, over the outcomes of every probe. */
import type { EndpointType } from '../admin/types.js';
import type { ProbeErrorCode, ProbeResult } from '../util/probe.js';
import { llamaCppProbe } from './llamacpp.js';
import { lmStudioProbe } from './lmstudio.js';
import { ollamaProbe } from './ollama.js';
import { openAiProbe } from './openai.js';
import { type DetectionResult, type Outcomes, type TypeProbe, asObject } from './types.js';
import { vllmProbe } from './vllm.js';
import { xllmProbe } from './xllm.js';

/**
 * Type probes in priority order. LM Studio and Ollama come before llama.cpp because llama.cpp
 * also returns an Ollama-like `models` array; the generic OpenAI check is last.
 */
export const TYPE_PROBES: readonly TypeProbe[] = [xllmProbe, lmStudioProbe, ollamaProbe, llamaCppProbe, vllmProbe, openAiProbe];

/** Decides the endpoint type from probe outcomes. `apiKeySet` only changes the wording of key errors. */
export function decide(outcomes: Outcomes, apiKeySet: boolean, probes: readonly TypeProbe[] = TYPE_PROBES): DetectionResult {
  const responses = [...outcomes.values()].flatMap((o) => (o.kind === 'response' ? [o.result] : []));
  const reachable = responses.length > 0;
  let type: EndpointType = 'unknown';
  let version: string | null = null;
  const signals: string[] = [];
  for (const p of probes) {
    const ev = p.read(outcomes);
    signals.push(...ev.signals);
    if (ev.matched && type === 'unknown') {
      type = p.type;
      version = ev.version;
    }
  }
  const error = reachable ? responseProblem(outcomes, responses, apiKeySet, type) : unreachableReason(outcomes);
  return { type, version, reachable, error, signals };
}

const FAILURE_ORDER: readonly ProbeErrorCode[] = ['refused', 'dns', 'reset', 'timeout', 'other'];

/** The most telling network failure: refused/dns say more than a timeout of one probe. */
function unreachableReason(outcomes: Outcomes): string {
  const errors = [...outcomes.values()].flatMap((o) => (o.kind === 'error' ? [o.error] : []));
  errors.sort((a, b) => FAILURE_ORDER.indexOf(a.code) - FAILURE_ORDER.indexOf(b.code));
  return errors[0] ? `unreachable: ${errors[0].message}` : 'unreachable';
}

function isAuthStatus(s: number): boolean {
  return s === 401 || s === 403;
}

/** Why a reachable endpoint is still a problem: wrong key, every answer a server error, or no known API. */
function responseProblem(outcomes: Outcomes, responses: readonly ProbeResult[], apiKeySet: boolean, type: EndpointType): string | null {
  const models = outcomes.get('/v1/models');
  const modelsAuth = models?.kind === 'response' && isAuthStatus(models.result.status) ? models.result.status : null;
  const allAuth = responses.every((r) => isAuthStatus(r.status));
  if (modelsAuth !== null || allAuth) {
    const status = modelsAuth ?? responses[0]!.status;
    return apiKeySet ? `API key rejected (HTTP ${status})` : `API key required (HTTP ${status})`;
  }
  if (responses.every((r) => r.status >= 500)) {
    const r = responses.find((x) => errorText(x) !== null) ?? responses[0]!;
    const text = errorText(r);
    return `HTTP ${r.status}${text ? `: ${text}` : ''}`;
  }
  if (type === 'unknown') return 'reachable, but no known LLM API answered';
  return null;
}

/** A short error text out of the usual error shapes (`{error:{message}}`, `{error:"…"}`, `{detail}`). */
export function errorText(r: ProbeResult): string | null {
  const body = asObject(r.json);
  const err = body?.error;
  if (typeof err === 'string') return err;
  const msg = asObject(err)?.message;
  if (typeof msg === 'string') return msg;
  if (typeof body?.detail === 'string') return body.detail;
  const t = r.text.trim();
  return t ? t.slice(0, 120) : null;
}
