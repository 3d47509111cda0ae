/** probeGet over real sockets and the error classification it relies on. */
import { afterEach, describe, expect, it } from 'vitest';
import { ProbeError, classify, probeGet, probeRequest } from '../../../src-main/util/probe.js';
import { closedPort, startBlackHole, startFakeOllama, startFakeOpenAi } from '../../fakes/index.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});
async function use<T extends { close(): Promise<void> }>(p: Promise<T>): Promise<T> {
  const f = await p;
  cleanups.push(() => f.close());
  return f;
}
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof ProbeError ? e.code : `not a ProbeError: ${String(e)}`));

describe('probeGet', () => {
  it('returns any status with headers, json and text', async () => {
    const f = await use(startFakeOpenAi({ apiKey: 'k' }));
    const bad = await probeGet(`${f.url}/v1/models`, { timeoutMs: 1000 });
    expect(bad).toMatchObject({ ok: false, status: 401 });
    const good = await probeGet(`${f.url}/v1/models`, { timeoutMs: 1000, apiKey: 'k' });
    expect(good.ok).toBe(true);
    expect(good.headers['content-type']).toBe('application/json');
    expect((good.json as { data: unknown[] }).data).toHaveLength(2);
    expect(good.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('gives json null for a non-JSON body', async () => {
    const f = await use(startFakeOllama());
    const r = await probeGet(`${f.url}/`, { timeoutMs: 1000 });
    expect([r.status, r.json, r.text]).toEqual([200, null, 'Ollama is running']);
  });

  it('classifies refused, reset and timeout', async () => {
    const port = await closedPort();
    expect(await codeOf(probeGet(`http://127.0.0.1:${port}/`, { timeoutMs: 1000 }))).toBe('refused');
    const f = await use(startFakeOllama({ mode: 'reset' }));
    expect(await codeOf(probeGet(`${f.url}/api/version`, { timeoutMs: 1000 }))).toBe('reset');
    f.setMode('dieMidStream');
    expect(await codeOf(probeGet(`${f.url}/api/tags`, { timeoutMs: 1000 }))).toBe('reset');
    const bh = await use(startBlackHole());
    const t0 = Date.now();
    expect(await codeOf(probeGet(bh.url, { timeoutMs: 200 }))).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(600);
    f.setMode('hangMidStream');
    expect(await codeOf(probeGet(`${f.url}/api/tags`, { timeoutMs: 200 }))).toBe('timeout');
  });

  it('caps the body size', async () => {
    const f = await use(startFakeOpenAi());
    expect(await codeOf(probeGet(`${f.url}/v1/models`, { timeoutMs: 1000, maxBodyBytes: 50 }))).toBe('other');
  });

  it('stops when the caller aborts', async () => {
    const bh = await use(startBlackHole());
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    expect(await codeOf(probeGet(bh.url, { timeoutMs: 5000, signal: ac.signal }))).toBe('other');
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('posts JSON with probeRequest', async () => {
    const f = await use(startFakeOllama());
    const r = await probeRequest(`${f.url}/api/show`, { method: 'POST', body: { model: 'llama3.2' }, timeoutMs: 1000 });
    expect(r.status).toBe(200);
    expect(f.requests.at(-1)!.body).toEqual({ model: 'llama3.2' });
  });
});

describe('classify', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, 'refused'],
    [{ code: 'ECONNRESET' }, 'reset'],
    [{ code: 'UND_ERR_SOCKET' }, 'reset'],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timeout'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'timeout'],
    [{ code: 'ENOTFOUND' }, 'dns'],
    [{ code: 'EAI_AGAIN' }, 'dns'],
    [{ cause: { code: 'ECONNREFUSED' } }, 'refused'],
    [{ errors: [{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }] }, 'refused'],
    [new Error('ECONNREFUSED in the message only'), 'other'],
  ])('%j → %s', (err, code) => {
    expect(classify(err).code).toBe(code);
  });
});
