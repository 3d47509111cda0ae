import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectEndpointType } from '../../../src-main/detect/index.js';
import { countModels } from '../../../src-main/discovery/models.js';
import { localPortProber } from '../../../src-main/discovery/probe.js';
import type { Detector } from '../../../src-main/discovery/types.js';
import { closedPort, startFakeOllama, startFakeXllm, type OllamaFake, type XllmFake } from '../../fakes/index.js';

let ollama: OllamaFake;
let xllm: XllmFake;
/** Some other local web server: 404 text on every path. */
let web: http.Server;
let webUrl: string;

beforeAll(async () => {
  [ollama, xllm] = await Promise.all([startFakeOllama(), startFakeXllm()]);
  web = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'));
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', () => r()));
  webUrl = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
});
afterAll(async () => {
  web.closeAllConnections();
  await Promise.all([ollama.close(), xllm.close(), new Promise((r) => web.close(r))]);
});

const live = (): AbortSignal => new AbortController().signal;

/** Wraps the real detector, counting calls. */
function counting(): { detect: Detector; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    detect: (t, o) => {
      calls.push(t.baseUrl);
      return detectEndpointType(t, o);
    },
  };
}

describe('localPortProber', () => {
  it('types a fake Ollama and counts its models', async () => {
    const hit = await localPortProber(detectEndpointType)(ollama.port, live());
    expect(hit).toEqual({
      port: ollama.port,
      baseUrl: `http://127.0.0.1:${ollama.port}`,
      type: 'ollama',
      version: expect.any(String),
      modelsFound: ollama.models.length,
    });
  });

  it('types a fake xLLM', async () => {
    const hit = await localPortProber(detectEndpointType)(xllm.port, live());
    expect(hit).toMatchObject({ type: 'xllm', modelsFound: xllm.models.length });
  });

  it('skips detection on a refused port', async () => {
    const d = counting();
    expect(await localPortProber(d.detect)(await closedPort(), live())).toBeNull();
    expect(d.calls).toEqual([]);
  });

  it('drops a server detection cannot type', async () => {
    expect(await localPortProber(detectEndpointType)(Number(new URL(webUrl).port), live())).toBeNull();
  });

  it('does nothing once aborted', async () => {
    const d = counting();
    const ac = new AbortController();
    ac.abort();
    expect(await localPortProber(d.detect)(ollama.port, ac.signal)).toBeNull();
    expect(d.calls).toEqual([]);
  });
});

describe('countModels', () => {
  it('reads Ollama /api/tags and OpenAI /v1/models, 0 on failure', async () => {
    expect(await countModels(ollama.url, 'ollama', 1000)).toBe(ollama.models.length);
    expect(await countModels(xllm.url, 'xllm', 1000)).toBe(xllm.models.length);
    expect(await countModels(webUrl, 'llama_cpp', 1000)).toBe(0);
    expect(await countModels(`http://127.0.0.1:${await closedPort()}`, 'vllm', 1000)).toBe(0);
  });
});
