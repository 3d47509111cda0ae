/** diffModels: added, removed, updated by id. */
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../../src-main/admin/types.js';
import { diffModels } from '../../../src-main/sync/diff.js';
import type { RemoteModel } from '../../../src-main/sync/types.js';

const m = (model_id: string, capabilities: Capability[] = ['chat', 'completion'], max_tokens: number | null = 4096, context_length: number | null = 8192): RemoteModel => ({
  model_id,
  capabilities,
  max_tokens,
  context_length,
  metadata_source: 'x',
  details: {},
});

describe('diffModels', () => {
  it('finds added, removed and updated models', () => {
    const old = [m('a'), m('b'), m('c'), m('d'), m('e')];
    const fresh = [m('a'), m('b', ['chat']), m('c', undefined, 2048), m('d', undefined, 4096, null), m('f')];
    expect(diffModels(old, fresh)).toEqual({ added: ['f'], removed: ['e'], updated: ['b', 'c', 'd'] });
  });

  it('ignores capability order, details and metadata_source', () => {
    const fresh = [{ ...m('a', ['completion', 'chat']), details: { x: 1 }, metadata_source: 'other' }];
    expect(diffModels([m('a')], fresh)).toEqual({ added: [], removed: [], updated: [] });
  });

  it('handles empty lists and duplicate fresh ids', () => {
    expect(diffModels([], [m('a'), m('a')])).toEqual({ added: ['a'], removed: [], updated: [] });
    expect(diffModels([m('a')], [])).toEqual({ added: [], removed: ['a'], updated: [] });
  });

  it('treats ids as exact strings (case, slashes, tags)', () => {
    expect(diffModels([m('Org/M:latest')], [m('org/m:latest')])).toEqual({ added: ['org/m:latest'], removed: ['Org/M:latest'], updated: [] });
  });
});
