import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/util/errors.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
afterEach(() => h?.close());

const names = (): string[] => h.repo.all().map((e) => e.name);

describe('Discovery with auto-add', () => {
  it('registers each found server once, typed, as discovered', async () => {
    h = harness({ 11434: { type: 'ollama', version: '0.9.0', models: 2 }, 9000: { type: 'xllm' }, 7000: { type: 'openai_compatible' } });
    h.answers.delete(7000);
    await h.round();
    await h.round();
    await h.round();
    const all = h.repo.all();
    expect(all.map((e) => [e.name, e.base_url, e.endpoint_type, e.endpoint_type_source, e.source]).sort()).toEqual([
      ['Ollama (local)', 'http://127.0.0.1:11434', 'ollama', 'detected', 'discovered'],
      ['xLLM (local)', 'http://127.0.0.1:9000', 'xllm', 'detected', 'discovered'],
    ]);
    expect((await h.discovery.list()).servers).toEqual([]);
  });

  it('does not probe ports already registered, under any loopback spelling', async () => {
    h = harness({ 11434: { type: 'ollama' } });
    h.endpoints.create({ name: 'mine', base_url: 'http://localhost:11434' });
    await h.round();
    expect(h.probed).toEqual([]);
    expect(names()).toEqual(['mine']);
  });

  it("never probes the gateway's own port", async () => {
    h = harness({ 11434: { type: 'ollama' }, 32768: { type: 'openai_compatible' } });
    h.gatewayPort = 32768;
    await h.round();
    expect(h.probed).toEqual([11434]);
  });

  it('adds the port when the plain name is taken', async () => {
    h = harness({ 11435: { type: 'ollama' } });
    h.endpoints.create({ name: 'ollama (LOCAL)', base_url: 'http://10.0.0.2:11434' });
    await h.round();
    expect(names()).toContain('Ollama (local :11435)');
  });

  it('remembers a deleted endpoint and does not bring it back', async () => {
    h = harness({ 11434: { type: 'ollama' } });
    await h.round();
    const [ep] = h.repo.all();
    h.endpoints.delete(ep!.id);
    h.discovery.rememberDeleted(ep!.base_url);
    await h.round();
    expect(h.repo.all()).toEqual([]);
    expect(h.ignored.has('http://localhost:11434')).toBe(true);
  });

  it('publishes discovery.found once per newly found server', async () => {
    h = harness({ 1234: { type: 'lm_studio', models: 3 } }, { autoAdd: false });
    await h.round();
    await h.round();
    expect(h.events).toEqual([
      {
        type: 'discovery.found',
        server: {
          base_url: 'http://127.0.0.1:1234',
          endpoint_type: 'lm_studio',
          suggested_name: 'LM Studio (local)',
          version: null,
          models_found: 3,
          found_at: '2025-06-01T12:00:00.000Z',
        },
      },
    ]);
  });

  it('probes nothing while disabled', async () => {
    h = harness({ 11434: { type: 'ollama' } }, { enabled: false });
    await h.round();
    expect(h.probed).toEqual([]);
  });
});

describe('Discovery without auto-add', () => {
  it('lists found servers; add registers one, dismiss remembers the other', async () => {
    h = harness({ 11434: { type: 'ollama', version: '0.9.0', models: 2 }, 8080: { type: 'llama_cpp' } }, { autoAdd: false });
    await h.round();
    expect(h.repo.all()).toEqual([]);
    const listed = (await h.discovery.list()).servers;
    expect(listed.map((s) => [s.base_url, s.endpoint_type, s.suggested_name, s.version, s.models_found])).toEqual([
      ['http://127.0.0.1:8080', 'llama_cpp', 'llama.cpp (local)', null, 0],
      ['http://127.0.0.1:11434', 'ollama', 'Ollama (local)', '0.9.0', 2],
    ]);

    const ep = await h.discovery.add('http://localhost:11434/');
    expect([ep.name, ep.base_url, ep.endpoint_type, ep.source]).toEqual(['Ollama (local)', 'http://127.0.0.1:11434', 'ollama', 'discovered']);
    await h.discovery.dismiss('http://127.0.0.1:8080');
    expect((await h.discovery.list()).servers).toEqual([]);

    await h.round();
    expect((await h.discovery.list()).servers).toEqual([]);
    expect(h.repo.all()).toHaveLength(1);
  });

  it('drops a server from the list when it stops answering', async () => {
    h = harness({ 11434: { type: 'ollama' } }, { autoAdd: false });
    await h.round();
    h.answers.delete(11434);
    await h.round();
    expect((await h.discovery.list()).servers).toEqual([]);
  });

  it('registers listed servers on the next round once auto-add is turned on', async () => {
    h = harness({ 11434: { type: 'ollama' } }, { autoAdd: false });
    await h.round();
    h.cfg = { ...h.cfg, autoAdd: true };
    await h.round();
    expect(names()).toEqual(['Ollama (local)']);
  });

  it('add: 404 for a server not found, 400 for a bad URL', async () => {
    h = harness({}, { autoAdd: false });
    await expect(h.discovery.add('http://127.0.0.1:5555')).rejects.toMatchObject({ code: 'not_found' });
    await expect(h.discovery.add('ftp://x')).rejects.toBeInstanceOf(AppError);
    await expect(h.discovery.dismiss('not a url')).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
