import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/util/errors.js';
import { aliasRig, type AliasRig } from './rig.js';

let rig: AliasRig;
let ollama: string;
let vllm: string;

beforeEach(() => {
  rig = aliasRig();
  ollama = rig.endpoint('ollama', 'ollama', [{ id: 'llama3.2:3b', details: { family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' } }]);
  vllm = rig.endpoint('vllm', 'vllm', [{ id: 'meta-llama/Llama-3.2-3B-Instruct', details: { root: 'meta-llama/Llama-3.2-3B-Instruct' } }]);
});
afterEach(() => rig.close());

/** The AppError a call rejects with. */
async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('AliasService writes', () => {
  it('creates, lists, updates and deletes; every change is pushed to routing', async () => {
    const created = await rig.service.create({ alias: ' llama ', targets: [{ endpoint_id: ollama, model: 'llama3.2:3b' }, { endpoint_id: null, model: 'meta-llama/Llama-3.2-3B-Instruct' }] });
    expect(created).toEqual({
      alias: 'llama',
      targets: [{ endpoint_id: ollama, model: 'llama3.2:3b' }, { endpoint_id: null, model: 'meta-llama/Llama-3.2-3B-Instruct' }],
      allow_shadow: false,
      created_at: '2026-03-01T00:00:00.000Z',
    });
    expect(rig.pushes.at(-1)).toEqual([{ name: 'llama', shadow: false, targets: [{ endpointId: ollama, model: 'llama3.2:3b' }, { endpointId: null, model: 'meta-llama/Llama-3.2-3B-Instruct' }] }]);
    const updated = await rig.service.update('llama', { targets: [{ endpoint_id: vllm, model: 'meta-llama/Llama-3.2-3B-Instruct' }] });
    expect(updated.targets).toEqual([{ endpoint_id: vllm, model: 'meta-llama/Llama-3.2-3B-Instruct' }]);
    expect((await rig.service.list()).aliases.map((a) => a.alias)).toEqual(['llama']);
    await rig.service.delete('llama');
    expect((await rig.service.list()).aliases).toEqual([]);
    expect(rig.pushes.at(-1)).toEqual([]);
    expect((await failure(rig.service.delete('llama'))).status).toBe(404);
    expect((await failure(rig.service.update('nope', { targets: [{ endpoint_id: null, model: 'x' }] }))).status).toBe(404);
  });

  it('deleting an endpoint cascades to its targets; the alias keeps the rest', async () => {
    await rig.service.create({ alias: 'l', targets: [{ endpoint_id: ollama, model: 'llama3.2:3b' }, { endpoint_id: vllm, model: 'meta-llama/Llama-3.2-3B-Instruct' }] });
    rig.repo.delete(ollama);
    expect((await rig.service.list()).aliases[0]!.targets).toEqual([{ endpoint_id: vllm, model: 'meta-llama/Llama-3.2-3B-Instruct' }]);
  });

  it('duplicates: 409 for an existing name; repeated targets are stored once', async () => {
    const a = await rig.service.create({ alias: 'x', targets: [{ endpoint_id: null, model: 'm' }, { endpoint_id: null, model: 'm' }] });
    expect(a.targets).toHaveLength(1);
    const e = await failure(rig.service.create({ alias: 'x', targets: [{ endpoint_id: null, model: 'n' }] }));
    expect([e.status, e.code]).toEqual([409, 'conflict']);
  });

  it('shadowing a real model name needs allow_shadow', async () => {
    const e = await failure(rig.service.create({ alias: 'llama3.2:3b', targets: [{ endpoint_id: null, model: 'meta-llama/Llama-3.2-3B-Instruct' }] }));
    expect([e.status, e.code]).toEqual([409, 'conflict']);
    expect(e.message).toMatch(/allow_shadow/);
    // With it, the alias may widen the real name: the model itself plus the vLLM copy.
    const ok = await rig.service.create({
      alias: 'llama3.2:3b',
      allow_shadow: true,
      targets: [{ endpoint_id: null, model: 'llama3.2:3b' }, { endpoint_id: null, model: 'meta-llama/Llama-3.2-3B-Instruct' }],
    });
    expect(ok.allow_shadow).toBe(true);
  });

  it('cycles and nesting are refused: self targets, aliases as targets, and the reverse', async () => {
    const self = await failure(rig.service.create({ alias: 'loop', targets: [{ endpoint_id: null, model: 'loop' }] }));
    expect([self.status, self.message]).toEqual([400, expect.stringMatching(/cycle/)]);
    await rig.service.create({ alias: 'a', targets: [{ endpoint_id: null, model: 'b' }] });
    const reverse = await failure(rig.service.create({ alias: 'b', targets: [{ endpoint_id: null, model: 'llama3.2:3b' }] }));
    expect([reverse.status, reverse.message]).toEqual([400, expect.stringMatching(/alias 'a' targets/)]);
    await rig.service.create({ alias: 'c', targets: [{ endpoint_id: null, model: 'llama3.2:3b' }] });
    const nested = await failure(rig.service.create({ alias: 'd', targets: [{ endpoint_id: null, model: 'c' }] }));
    expect([nested.status, nested.param]).toEqual([400, 'targets.0.model']);
    // Updating an alias to point at another alias is refused too.
    expect((await failure(rig.service.update('a', { targets: [{ endpoint_id: null, model: 'c' }] }))).status).toBe(400);
  });

  it.each([
    [{ alias: 'x', targets: [] }, /at least one target/],
    [{ alias: '', targets: [{ endpoint_id: null, model: 'm' }] }, /alias/],
    [{ alias: 'a'.repeat(201), targets: [{ endpoint_id: null, model: 'm' }] }, /200/],
    [{ alias: 'bad\nname', targets: [{ endpoint_id: null, model: 'm' }] }, /control/],
    [{ alias: 'x', targets: [{ endpoint_id: null, model: 'm' }], extra: 1 }, /unknown field/],
    [{ alias: 'x', targets: [{ model: 'm' }] }, /endpoint_id/],
    [{ alias: 'x', targets: [{ endpoint_id: '00000000-0000-4000-8000-000000000000', model: 'm' }] }, /no endpoint/],
    [{ alias: 'openai:gpt', targets: [{ endpoint_id: null, model: 'm' }] }, /cloud/],
    [{ alias: 'x', targets: [{ endpoint_id: null, model: 'anthropic:claude' }] }, /cloud/],
  ])('400 for %j', async (input, message) => {
    const e = await failure(rig.service.create(input));
    expect(e.status).toBe(400);
    expect(e.message).toMatch(message);
  });
});

describe('AliasService suggestions', () => {
  it('lists a grouping and accepts it by id (once: then it is covered)', async () => {
    const { suggestions } = await rig.service.suggestions();
    expect(suggestions).toHaveLength(1);
    const s = suggestions[0]!;
    expect(s.alias).toBe('llama-3.2-3b-instruct');
    expect(s.targets.map((t) => t.endpoint_name)).toEqual(['ollama', 'vllm']);
    const alias = await rig.service.accept({ suggestion_id: s.id });
    expect(alias).toMatchObject({ alias: 'llama-3.2-3b-instruct', allow_shadow: false });
    expect(alias.targets.map((t) => t.endpoint_id)).toEqual([ollama, vllm]);
    expect((await rig.service.suggestions()).suggestions).toEqual([]);
    expect((await failure(rig.service.accept({ suggestion_id: s.id }))).status).toBe(404);
  });

  it('accepts under another name, or an explicit alias + targets', async () => {
    const [s] = (await rig.service.suggestions()).suggestions;
    expect((await rig.service.accept({ suggestion_id: s!.id, alias: 'small-llama' })).alias).toBe('small-llama');
    const explicit = await rig.service.accept({ alias: 'other', targets: [{ endpoint_id: vllm, model: 'meta-llama/Llama-3.2-3B-Instruct' }] });
    expect(explicit.alias).toBe('other');
  });
});
