// Shared set-up of the end-to-end suites: random GGUF models, real llama-servers registered in a
// real llmlb core, and small bounded probes of both sides (llmlb's admin API, llama-server's
// /slots and /metrics).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startTestApp, type TestApp } from '../helpers/app.js';
import { writeRandomLlamaGguf } from './gguf.js';
import { realLlamaServerGate, startLlamaServer, type LlamaServer, type LlamaServerOptions } from './llama-server.js';

/** The gate of every real suite: skip without the binary (fail with LLMLB_REAL=1). */
export const gate = realLlamaServerGate();

/** Model files of a suite. */
export interface ModelFiles {
  readonly dir: string;
  /**
   * 64 wide, 2 layers: ~3,500 tokens/s with -t 1. Like the slow one it practically never samples </s>
   * (eosLogitScale 0): max_tokens or the context decides the length, and no reply is empty.
   */
  readonly tiny: string;
  /** 512 wide, 8 layers: ~100–200 tokens/s with -t 1. */
  readonly slow: string;
  /** Mean pooling, for `--embeddings`. */
  readonly embed: string;
}

/**
 * Writes the models a suite asks for into a fresh temp dir. `addSpacePrefix:false` everywhere:
 * with llama.cpp's SentencePiece default the grammar requests (response_format) fail on the random
 * vocabulary, see gguf.ts.
 */
export async function writeModels(which: ReadonlyArray<'tiny' | 'slow' | 'embed'>): Promise<ModelFiles> {
  const dir = await mkdtemp(join(tmpdir(), 'llmlb-e2e-'));
  const files = { dir, tiny: join(dir, 'tiny.gguf'), slow: join(dir, 'slow.gguf'), embed: join(dir, 'embed.gguf') };
  await Promise.all(
    which.map((w) => {
      switch (w) {
        case 'tiny':
          return writeRandomLlamaGguf(files.tiny, { nEmbd: 64, nLayer: 2, nCtx: 4096, seed: 7, eosLogitScale: 0, addSpacePrefix: false });
        case 'slow':
          return writeRandomLlamaGguf(files.slow, { nEmbd: 512, nLayer: 8, nCtx: 8192, seed: 9, eosLogitScale: 0, addSpacePrefix: false });
        case 'embed':
          return writeRandomLlamaGguf(files.embed, { nEmbd: 64, nLayer: 2, nCtx: 2048, seed: 3, poolingType: 'mean', addSpacePrefix: false });
      }
    }),
  );
  return files;
}

/** Removes a suite's model dir. */
export async function removeModels(m: ModelFiles | undefined): Promise<void> {
  if (m) await rm(m.dir, { recursive: true, force: true });
}

/** Starts llama-servers in parallel; on any failure the ones that started are stopped. */
export async function startServers(opts: readonly LlamaServerOptions[]): Promise<LlamaServer[]> {
  const settled = await Promise.allSettled(opts.map((o) => startLlamaServer({ threads: 1, ...o })));
  const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(ok.map((s) => s.stop()));
    throw failed.reason;
  }
  return ok;
}

/** Stops whatever is given, ignoring undefined entries and errors. */
export async function stopAll(servers: ReadonlyArray<LlamaServer | undefined>, app?: TestApp): Promise<void> {
  await Promise.allSettled([...servers.map((s) => s?.stop(2000)), app?.close()]);
}

/** One model of `GET /v0/endpoints/:id`. */
export interface EndpointModel {
  readonly model_id: string;
  readonly capabilities: string[];
  readonly max_tokens: number | null;
  readonly context_length: number | null;
}

/** `GET /v0/endpoints/:id`, the fields these suites read. */
export interface EndpointDetail {
  readonly id: string;
  readonly name: string;
  readonly endpoint_type: string;
  readonly status: string;
  readonly last_error: string | null;
  readonly max_concurrency: number | null;
  readonly models: EndpointModel[];
}

/** Registers an endpoint (fast health interval) and returns its id. */
export async function register(base: string, name: string, url: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(base, 'POST', '/v0/endpoints', { name, base_url: url, health_check_interval_secs: 10, ...extra });
  if (r.status !== 201) throw new Error(`registering ${name} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return (r.body as { id: string }).id;
}

/** The endpoint as llmlb shows it. */
export async function endpoint(base: string, id: string): Promise<EndpointDetail> {
  const r = await call(base, 'GET', `/v0/endpoints/${id}`);
  if (r.status !== 200) throw new Error(`GET /v0/endpoints/${id} answered ${r.status}`);
  return r.body as EndpointDetail;
}

/** Polls the endpoint until `pred` holds (bounded); the error shows the last state seen. */
export async function waitEndpoint(
  base: string,
  id: string,
  pred: (e: EndpointDetail) => boolean,
  timeoutMs = 10_000,
): Promise<EndpointDetail> {
  const deadline = Date.now() + timeoutMs;
  let last = await endpoint(base, id);
  while (!pred(last)) {
    if (Date.now() > deadline) throw new Error(`endpoint ${id} not as expected within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await sleep(50);
    last = await endpoint(base, id);
  }
  return last;
}

/** Waits until the endpoint is online and lists `model`. */
export function waitOnline(base: string, id: string, model: string, timeoutMs = 10_000): Promise<EndpointDetail> {
  return waitEndpoint(base, id, (e) => e.status === 'online' && e.models.some((m) => m.model_id === model), timeoutMs);
}

/** Starts an llmlb core, registers every server and waits until each is online with its model. */
export async function startLlmlb(servers: ReadonlyArray<{ name: string; url: string; model: string }>): Promise<{ app: TestApp; ids: string[] }> {
  const app = await startTestApp();
  try {
    const ids = await Promise.all(servers.map((s) => register(app.url, s.name, s.url)));
    await Promise.all(ids.map((id, i) => waitOnline(app.url, id, servers[i]!.model)));
    return { app, ids };
  } catch (e) {
    await app.close();
    throw e;
  }
}

/** `/slots` of a llama-server. */
export async function slots(srv: LlamaServer): Promise<Array<{ id: number; is_processing: boolean }>> {
  const res = await fetch(`${srv.baseUrl}/slots`, { signal: AbortSignal.timeout(2000) });
  return (await res.json()) as Array<{ id: number; is_processing: boolean }>;
}

/** Milliseconds until no slot of `srv` is processing (polls every 20 ms); throws after `timeoutMs`. */
export async function waitSlotsIdle(srv: LlamaServer, timeoutMs = 1000): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const s = await slots(srv);
    if (s.every((x) => !x.is_processing)) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`slots still processing after ${timeoutMs} ms: ${JSON.stringify(s)}`);
    await sleep(20);
  }
}

/** One counter of a llama-server's Prometheus `/metrics` (needs --metrics). */
export async function metric(srv: LlamaServer, name: string): Promise<number> {
  const text = await (await fetch(`${srv.baseUrl}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`metric ${name} not found`);
  return Number(line.slice(name.length + 1));
}

/** The `data:` payloads of a finished SSE body. */
export function sseData(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => l.slice('data: '.length));
}

/** A promise that resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
