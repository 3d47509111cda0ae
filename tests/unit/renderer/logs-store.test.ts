import { describe, expect, it } from 'vitest';
import type { LogEntryDTO } from '../../../src-main/admin/types.js';
import { ClientError } from '../../../src-renderer/api/client.js';
import { applyEvent, connectLive, createStores } from '../../../src-renderer/store/index.js';
import { appendBounded, LOG_LIMIT, matches } from '../../../src-renderer/store/logs.js';
import { fakeClient, flush } from './fake-client.js';

const at = (s: number) => new Date(Date.parse('2026-03-10T12:00:00Z') + s * 1000).toISOString();
const line = (s: number, over: Partial<LogEntryDTO> = {}): LogEntryDTO => ({ time: at(s), level: 'info', component: 'gateway', msg: `m${s}`, ...over });

describe('logs store', () => {
  it('loads with the current filter and keeps the answer oldest first', async () => {
    const fake = fakeClient({ listLogs: async () => ({ logs: [line(1), line(2)] }) });
    const stores = createStores(fake.client);
    await stores.logs.getState().load();
    expect(fake.client.listLogs).toHaveBeenLastCalledWith({ level: 'info', limit: LOG_LIMIT });
    expect(stores.logs.getState()).toMatchObject({ state: 'ready', entries: [line(1), line(2)] });
  });

  it('a filter change reloads with the level and component', async () => {
    const fake = fakeClient();
    const stores = createStores(fake.client);
    await stores.logs.getState().setFilter({ level: 'warn', component: 'health' });
    expect(fake.client.listLogs).toHaveBeenLastCalledWith({ level: 'warn', component: 'health', limit: LOG_LIMIT });
    expect(stores.logs.getState().filter).toEqual({ level: 'warn', component: 'health' });
  });

  it('follows live `log` events that pass the filter, bounded, counting dropped lines', async () => {
    const fake = fakeClient({ listLogs: async () => ({ logs: [line(1)] }) });
    const stores = createStores(fake.client);
    await stores.logs.getState().setFilter({ level: 'warn' });
    applyEvent(stores, { type: 'log', entries: [line(2), line(3, { level: 'error' }), line(4, { level: 'warn', component: 'health' })], dropped: 5 });
    expect(stores.logs.getState().entries.map((e) => e.msg)).toEqual(['m1', 'm3', 'm4']);
    expect(stores.logs.getState().dropped).toBe(5);
  });

  it('ignores live lines before the first load and while not following; resuming fetches what was missed', async () => {
    const fake = fakeClient({ listLogs: async () => ({ logs: [line(1)] }) });
    const stores = createStores(fake.client);
    applyEvent(stores, { type: 'log', entries: [line(9)], dropped: 0 });
    expect(stores.logs.getState().entries).toEqual([]);
    await stores.logs.getState().load();
    await stores.logs.getState().setFollowing(false);
    applyEvent(stores, { type: 'log', entries: [line(2)], dropped: 0 });
    expect(stores.logs.getState().entries.map((e) => e.msg)).toEqual(['m1']);
    fake.client.listLogs.mockResolvedValueOnce({ logs: [line(2), line(3)] });
    await stores.logs.getState().setFollowing(true);
    expect(fake.client.listLogs).toHaveBeenLastCalledWith({ level: 'info', since: at(1), limit: LOG_LIMIT });
    expect(stores.logs.getState().entries.map((e) => e.msg)).toEqual(['m1', 'm2', 'm3']);
  });

  it('after Clear, resuming fetches only lines newer than the cleared ones', async () => {
    const fake = fakeClient({ listLogs: async () => ({ logs: [line(1), line(2)] }) });
    const stores = createStores(fake.client);
    await stores.logs.getState().load();
    await stores.logs.getState().setFollowing(false);
    stores.logs.getState().clear();
    expect(stores.logs.getState().entries).toEqual([]);
    fake.client.listLogs.mockResolvedValueOnce({ logs: [line(3)] });
    await stores.logs.getState().setFollowing(true);
    expect(fake.client.listLogs).toHaveBeenLastCalledWith({ level: 'info', since: at(2), limit: LOG_LIMIT });
    expect(stores.logs.getState().entries.map((e) => e.msg)).toEqual(['m3']);
  });

  it('a live reconnection fetches the lines written while it was down', async () => {
    const fake = fakeClient({ listLogs: async () => ({ logs: [line(1)] }) });
    const stores = createStores(fake.client);
    const stop = connectLive(stores);
    fake.open();
    expect(fake.client.listLogs).not.toHaveBeenCalled();
    await stores.logs.getState().load();
    fake.client.listLogs.mockResolvedValueOnce({ logs: [line(2)] });
    fake.open();
    await flush();
    expect(fake.client.listLogs).toHaveBeenLastCalledWith({ level: 'info', since: at(1), limit: LOG_LIMIT });
    expect(stores.logs.getState().entries.map((e) => e.msg)).toEqual(['m1', 'm2']);
    stop();
  });

  it('reports a failed load by code, so the UI words it in its language', async () => {
    const fake = fakeClient({
      listLogs: async () => {
        throw new ClientError('forbidden', 'viewer keys only', 403);
      },
    });
    const stores = createStores(fake.client);
    await stores.logs.getState().load();
    expect(stores.logs.getState()).toMatchObject({ state: 'error', error: { code: 'forbidden', message: 'viewer keys only' } });
    fake.client.listLogs.mockRejectedValueOnce(new Error('nope'));
    await stores.logs.getState().load();
    expect(stores.logs.getState().error).toEqual({ code: 'unknown', message: 'nope' });
  });

  it('helpers: level/component matching and the size bound', () => {
    expect(matches(line(1, { level: 'warn' }), { level: 'info', component: null })).toBe(true);
    expect(matches(line(1, { level: 'debug' }), { level: 'info', component: null })).toBe(false);
    expect(matches(line(1), { level: 'info', component: 'health' })).toBe(false);
    const many = Array.from({ length: LOG_LIMIT }, (_, i) => line(i));
    const next = appendBounded(many, [line(LOG_LIMIT), line(LOG_LIMIT + 1)]);
    expect(next).toHaveLength(LOG_LIMIT);
    expect(next.at(-1)!.msg).toBe(`m${LOG_LIMIT + 1}`);
    expect(next[0]!.msg).toBe('m2');
  });
});
