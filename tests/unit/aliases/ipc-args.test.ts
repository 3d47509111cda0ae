import { describe, expect, it } from 'vitest';
import { ARG_SPECS } from '../../../src-main/ipc/schemas.js';
import { checkArgs } from '../../../src-main/ipc/validate.js';

describe('alias IPC arguments', () => {
  const target = { endpoint_id: null, model: 'llama3.2:3b' };

  it('accepts well-formed calls', () => {
    expect(checkArgs(ARG_SPECS['aliases:create'], [{ alias: 'a', targets: [target], allow_shadow: true }])).toBeNull();
    expect(checkArgs(ARG_SPECS['aliases:update'], ['a/b:c', { targets: [target] }])).toBeNull();
    expect(checkArgs(ARG_SPECS['aliases:accept'], [{ suggestion_id: 'abc' }])).toBeNull();
    expect(checkArgs(ARG_SPECS['aliases:accept'], [{ alias: 'a', targets: [target] }])).toBeNull();
    expect(checkArgs(ARG_SPECS['aliases:delete'], ['a'])).toBeNull();
  });

  it('refuses wrong shapes before the core sees them', () => {
    expect(checkArgs(ARG_SPECS['aliases:create'], [{ alias: 'a', targets: 'x' }])).toMatch(/targets/);
    expect(checkArgs(ARG_SPECS['aliases:create'], [{ alias: 'a', targets: [{ model: 'm' }] }])).toMatch(/endpoint_id is required/);
    expect(checkArgs(ARG_SPECS['aliases:create'], [{ alias: 'a', targets: Array(65).fill(target) }])).toMatch(/at most 64/);
    expect(checkArgs(ARG_SPECS['aliases:accept'], [{ suggestion_id: 'x', targets: [] }])).toMatch(/not allowed/);
    expect(checkArgs(ARG_SPECS['aliases:delete'], [42])).toMatch(/alias/);
    expect(checkArgs(ARG_SPECS['aliases:list'], ['extra'])).toMatch(/argument/);
  });
});
