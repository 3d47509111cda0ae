import { describe, expect, it, vi } from 'vitest';
import { ClientError } from '../../../src-renderer/api/client.js';
import { httpClient } from '../../../src-renderer/api/http.js';
import { ipcClient } from '../../../src-renderer/api/ipc.js';
import { openEventStream } from '../../../src-renderer/api/sse.js';
import type { LlmlbBridge } from '../../../src-main/ipc/contract.js';
import type { LlmlbEvent } from '../../../src-main/admin/types.js';
import { hashOf, parseHash } from '../../../src-renderer/lib/route.js';

type Call = { url: string; init: RequestInit };

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const f = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    return respond(String(input), init);
  }) as typeof fetch;
  return { f, calls };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('httpClient', () => {
  it('builds /v0 URLs, sends the key and JSON bodies', async () => {
    const { f, calls } = fakeFetch(() => json(200, { endpoints: [], total: 0 }));
    let key: string | null = 'llmlb_k';
    const c = httpClient('http://h:1/', () => key, f);
    await c.listEndpoints({ type: 'vllm' });
    expect(calls[0]!.url).toBe('http://h:1/v0/endpoints?type=vllm');
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer llmlb_k');
    await c.createEndpoint({ name: 'a', base_url: 'http://x' });
    expect(calls[1]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ name: 'a', base_url: 'http://x' });
    await c.modelInfo('e 1', 'org/model:tag');
    expect(calls[2]!.url).toBe('http://h:1/v0/endpoints/e%201/models/org%2Fmodel%3Atag/info');
    await c.healthHistory('e1', { limit: 50 });
    expect(calls[3]!.url).toBe('http://h:1/v0/endpoints/e1/health?limit=50');
    await c.addDiscovered('http://127.0.0.1:8000');
    expect(calls[4]!.url).toBe('http://h:1/v0/discovery/add');
    key = null;
    await c.stats();
    expect((calls[5]!.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it('turns error bodies into ClientError with code, message and status', async () => {
    const { f } = fakeFetch(() => json(409, { error: { code: 'conflict', message: 'name taken' } }));
    const c = httpClient('', () => 'k', f);
    const err = await c.createEndpoint({ name: 'a', base_url: 'http://x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientError);
    expect(err).toMatchObject({ code: 'conflict', message: 'name taken', status: 409 });
  });

  it('handles 204, non-JSON errors and network failures', async () => {
    const { f } = fakeFetch((url) => (url.endsWith('/keys/k1') ? new Response(null, { status: 204 }) : new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })));
    const c = httpClient('', () => 'k', f);
    await expect(c.revokeKey('k1')).resolves.toBeUndefined();
    await expect(c.stats()).rejects.toMatchObject({ status: 502, message: 'Bad Gateway' });
    const down = httpClient('', () => 'k', (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    await expect(down.stats()).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });
});

/** A streaming Response whose body the test writes to. */
function streamResponse() {
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (ctrl = c) });
  const enc = new TextEncoder();
  return {
    response: new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    write: (s: string) => ctrl.enqueue(enc.encode(s)),
    end: () => ctrl.close(),
  };
}

describe('openEventStream', () => {
  it('parses typed events split across chunks, skips keep-alives, reconnects after the stream ends', async () => {
    const streams = [streamResponse(), streamResponse()];
    let n = 0;
    const { f, calls } = fakeFetch(() => streams[n++]!.response);
    const events: LlmlbEvent[] = [];
    const onOpen = vi.fn();
    const onError = vi.fn();
    const close = openEventStream({ url: '/v0/events', headers: () => ({ authorization: 'Bearer k' }), fetchImpl: f, listener: (e) => events.push(e), onOpen, onError, minDelayMs: 5 });
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(1));
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe('Bearer k');
    const ev = { type: 'endpoint.deleted', endpoint_id: 'e1' };
    streams[0]!.write(': keep-alive\n\nevent: endpoint.deleted\nda');
    streams[0]!.write(`ta: ${JSON.stringify(ev)}\n\n`);
    streams[0]!.write('data: not json\n\n');
    await vi.waitFor(() => expect(events).toEqual([ev]));
    streams[0]!.end();
    await vi.waitFor(() => expect(onOpen).toHaveBeenCalledTimes(2));
    expect(onError).toHaveBeenCalledTimes(1);
    streams[1]!.write(`event: endpoint.deleted\ndata: ${JSON.stringify({ ...ev, endpoint_id: 'e2' })}\n\n`);
    await vi.waitFor(() => expect(events).toHaveLength(2));
    close();
  });

  it('stops retrying on 401 and reports it', async () => {
    const { f, calls } = fakeFetch(() => json(401, { error: { code: 'unauthorized', message: 'no' } }));
    const onError = vi.fn();
    const close = openEventStream({ url: '/v0/events', headers: () => ({}), fetchImpl: f, listener: () => {}, onError, minDelayMs: 1 });
    await vi.waitFor(() => expect(onError).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toHaveLength(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ status: 401 });
    close();
  });

  it('backs off while the server is down and stops after close()', async () => {
    const { f, calls } = fakeFetch(() => {
      throw new TypeError('ECONNREFUSED');
    });
    const close = openEventStream({ url: '/v0/events', headers: () => ({}), fetchImpl: f, listener: () => {}, minDelayMs: 5, maxDelayMs: 20 });
    await vi.waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(3));
    close();
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(calls.length).toBe(after);
  });
});

describe('ipcClient', () => {
  it('unwraps ok results and turns errors into ClientError with a matching status', async () => {
    const bridge = {
      listEndpoints: async () => ({ ok: true, value: { endpoints: [], total: 0 } }),
      deleteEndpoint: async () => ({ ok: false, error: { code: 'not_found', message: 'gone' } }),
      stats: async () => {
        throw new Error('bridge broken');
      },
      onEvent: (l: (e: LlmlbEvent) => void) => {
        l({ type: 'endpoint.deleted', endpoint_id: 'x' });
        return () => {};
      },
    } as unknown as LlmlbBridge;
    const c = ipcClient(bridge);
    await expect(c.listEndpoints()).resolves.toEqual({ endpoints: [], total: 0 });
    await expect(c.deleteEndpoint('x')).rejects.toMatchObject({ code: 'not_found', status: 404, message: 'gone' });
    await expect(c.stats()).rejects.toMatchObject({ code: 'network_error' });
    const got: LlmlbEvent[] = [];
    const onOpen = vi.fn();
    c.subscribe((e) => got.push(e), { onOpen });
    expect(got).toHaveLength(1);
    expect(onOpen).toHaveBeenCalled();
  });
});

describe('hash routes', () => {
  it('round-trips every page and falls back to endpoints', () => {
    for (const r of [{ page: 'endpoints' }, { page: 'endpoint', id: 'a/b c' }, { page: 'models' }, { page: 'discovery' }, { page: 'requests' }, { page: 'logs' }, { page: 'settings' }] as const) {
      expect(parseHash(hashOf(r))).toEqual(r);
    }
    expect(parseHash('')).toEqual({ page: 'endpoints' });
    expect(parseHash('#/nope')).toEqual({ page: 'endpoints' });
  });
});
