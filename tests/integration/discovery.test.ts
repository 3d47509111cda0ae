import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointDTO, LlmlbEvent } from '../../src-main/admin/types.js';
import { createApp, type App } from '../../src-main/app.js';
import { startFakeOllama, startFakeXllm, type OllamaFake, type XllmFake } from '../fakes/index.js';
import { ADMIN_KEY, call, tempDir, waitFor } from '../helpers/app.js';
import { startConnectionCounter, type ConnectionCounter } from '../unit/discovery/connection-counter.js';

let ollama: OllamaFake;
let xllm: XllmFake;
let counter: ConnectionCounter;
const apps: App[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  [ollama, xllm, counter] = await Promise.all([startFakeOllama(), startFakeXllm(), startConnectionCounter()]);
});
afterAll(async () => {
  await Promise.all([ollama.close(), xllm.close(), counter.close()]);
});
afterEach(async () => {
  for (const a of apps.splice(0)) await a.stop({ drainMs: 500 });
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Builds (does not start) an app whose discovery probes the two fakes and the counter every 0.2 s. */
async function build(dataDir = newDir(), discovery?: boolean): Promise<App> {
  const app = await createApp({
    dataDir,
    port: 0,
    ...(discovery === undefined ? {} : { discovery }),
    env: {
      LLMLB_ADMIN_KEY: ADMIN_KEY,
      LLMLB_DISCOVERY_PORTS: `${ollama.port},${xllm.port},${counter.port}`,
      LLMLB_DISCOVERY_INTERVAL_SECS: '0.2',
    },
  });
  apps.push(app);
  return app;
}

function newDir(): string {
  const d = tempDir('llmlb-discovery-');
  dirs.push(d);
  return d;
}

/** Resolves after `n` more discovery rounds (each makes one bare TCP check on the counter). */
async function rounds(n: number): Promise<void> {
  const target = counter.bareConnects() + n;
  await waitFor(() => counter.bareConnects() >= target, 10_000);
}

/** Waits until connections already under way have been accepted (same process, so they land late). */
async function settled(): Promise<number> {
  let last = -1;
  for (let i = 0; i < 20 && counter.connections() !== last; i++) {
    last = counter.connections();
    await new Promise((r) => setTimeout(r, 150));
  }
  return counter.connections();
}

async function endpoints(url: string): Promise<EndpointDTO[]> {
  const r = await call<{ endpoints: EndpointDTO[] }>(url, 'GET', '/v0/endpoints');
  expect(r.status).toBe(200);
  return r.body.endpoints;
}

const summary = (eps: EndpointDTO[]) =>
  eps.map((e) => [e.name, e.base_url, e.endpoint_type, e.endpoint_type_source, e.source]).sort();

describe('discovery with auto-add (default)', () => {
  it('finds, types and registers a fake Ollama and a fake xLLM exactly once', async () => {
    const app = await build();
    const { url } = await app.start();
    await waitFor(async () => (await endpoints(url)).length === 2);
    await rounds(4);
    expect(summary(await endpoints(url))).toEqual([
      ['Ollama (local)', `http://127.0.0.1:${ollama.port}`, 'ollama', 'detected', 'discovered'],
      ['xLLM (local)', `http://127.0.0.1:${xllm.port}`, 'xllm', 'detected', 'discovered'],
    ]);
    expect((await call(url, 'GET', '/v0/discovery')).body).toEqual({ servers: [] });
  });

  it('does not re-register a server the user registered as http://localhost:PORT', async () => {
    const app = await build();
    await app.admin.createEndpoint({ name: 'My Ollama', base_url: `http://localhost:${ollama.port}` });
    const { url } = await app.start();
    await waitFor(async () => (await endpoints(url)).length === 2);
    await rounds(4);
    const eps = await endpoints(url);
    expect(eps.map((e) => [e.name, e.base_url, e.source])).toEqual([
      ['My Ollama', `http://localhost:${ollama.port}`, 'manual'],
      ['xLLM (local)', `http://127.0.0.1:${xllm.port}`, 'discovered'],
    ]);
  });

  it('never re-adds an endpoint the user deleted, also after a restart', async () => {
    const dir = newDir();
    const first = await build(dir);
    const { url } = await first.start();
    const eps = await waitFor(async () => {
      const list = await endpoints(url);
      return list.length === 2 ? list : null;
    });
    const victim = eps!.find((e) => e.endpoint_type === 'ollama')!;
    expect((await call(url, 'DELETE', `/v0/endpoints/${victim.id}`)).status).toBe(204);
    await rounds(3);
    expect((await endpoints(url)).map((e) => e.name)).toEqual(['xLLM (local)']);
    expect((await call(url, 'GET', '/v0/discovery')).body).toEqual({ servers: [] });
    await first.stop({ drainMs: 500 });

    const second = await build(dir);
    const again = await second.start();
    await rounds(4);
    expect((await endpoints(again.url)).map((e) => e.name)).toEqual(['xLLM (local)']);
  });
});

describe('discovery with auto-add off', () => {
  it('lists found servers; add registers, dismiss remembers', async () => {
    const app = await build();
    await app.admin.updateSettings({ discovery_auto_add: false });
    const events: LlmlbEvent[] = [];
    const unsubscribe = app.admin.subscribe((e) => events.push(e));
    const { url } = await app.start();
    const found = await waitFor(async () => {
      const r = await call<{ servers: { base_url: string }[] }>(url, 'GET', '/v0/discovery');
      return r.body.servers.length === 2 ? r.body.servers : null;
    });
    await rounds(2);
    unsubscribe();
    expect(found).toEqual([
      {
        base_url: `http://127.0.0.1:${ollama.port}`,
        endpoint_type: 'ollama',
        suggested_name: 'Ollama (local)',
        version: expect.any(String),
        models_found: ollama.models.length,
        found_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      {
        base_url: `http://127.0.0.1:${xllm.port}`,
        endpoint_type: 'xllm',
        suggested_name: 'xLLM (local)',
        version: expect.any(String),
        models_found: xllm.models.length,
        found_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(events.filter((e) => e.type === 'discovery.found')).toHaveLength(2);
    expect(await endpoints(url)).toEqual([]);

    expect((await call(url, 'POST', '/v0/discovery/add', { base_url: 'http://127.0.0.1:1' })).status).toBe(404);
    const added = await call<EndpointDTO>(url, 'POST', '/v0/discovery/add', { base_url: `http://localhost:${ollama.port}` });
    expect(added.status).toBe(201);
    expect([added.body.name, added.body.endpoint_type, added.body.source]).toEqual(['Ollama (local)', 'ollama', 'discovered']);
    expect((await call(url, 'POST', '/v0/discovery/dismiss', { base_url: `http://127.0.0.1:${xllm.port}` })).status).toBe(204);
    expect((await call(url, 'GET', '/v0/discovery')).body).toEqual({ servers: [] });

    await rounds(3);
    expect((await call(url, 'GET', '/v0/discovery')).body).toEqual({ servers: [] });
    expect((await endpoints(url)).map((e) => e.name)).toEqual(['Ollama (local)']);
  });
});

describe('discovery lifecycle', () => {
  it('stop ends probing: no socket left open, no round after', async () => {
    const app = await build();
    await app.start();
    await rounds(2);
    await app.stop({ drainMs: 500 });
    const after = await settled();
    await waitFor(() => counter.open() === 0, 1000);
    await new Promise((r) => setTimeout(r, 600));
    expect(counter.connections()).toBe(after);
  });
});

describe('discovery switched off', () => {
  it('with discovery: false (--no-discovery) it opens no socket at all', async () => {
    const before = counter.connections();
    ollama.requests.length = 0;
    xllm.requests.length = 0;
    const app = await build(newDir(), false);
    const { url } = await app.start();
    await new Promise((r) => setTimeout(r, 1000));
    expect(counter.connections()).toBe(before);
    expect(ollama.requests).toEqual([]);
    expect(xllm.requests).toEqual([]);
    expect((await call(url, 'GET', '/v0/discovery')).body).toEqual({ servers: [] });
    expect((await call<{ discovery_enabled: boolean }>(url, 'GET', '/v0/settings')).body.discovery_enabled).toBe(false);
  });

  it('the setting stops and restarts probing at run time', async () => {
    const app = await build();
    const { url } = await app.start();
    await rounds(2);
    expect((await call(url, 'PUT', '/v0/settings', { discovery_enabled: false })).status).toBe(200);
    const stoppedAt = await settled();
    await new Promise((r) => setTimeout(r, 800));
    expect(counter.connections()).toBe(stoppedAt);
    expect((await call(url, 'PUT', '/v0/settings', { discovery_enabled: true })).status).toBe(200);
    await rounds(2);
  });
});
