import { afterEach, describe, expect, it } from 'vitest';
import { PassiveHealth, passiveResult, reportMatters } from '../../../src-main/health/passive.js';
import { rig, type Rig } from './fixtures.js';

let r: Rig;
afterEach(() => r?.close());

function sink(rg: Rig) {
  return new PassiveHealth({ status: (id) => rg.repo.get(id)?.status, apply: (id, take) => rg.lifecycle.applyPassive(id, take) });
}

/** Counts registry writes, so "no write when nothing changes" is observable. */
function writes(rg: Rig): () => number {
  let n = 0;
  rg.repo.onChange((c) => {
    if (c.kind === 'updated') n++;
  });
  return () => n;
}

const settle = () => new Promise((res) => setTimeout(res, 5));

describe('passive health', () => {
  it('maps failures to check results', () => {
    expect(passiveResult({ kind: 'connect', message: 'ECONNREFUSED' }).kind).toBe('unreachable');
    expect(passiveResult({ kind: 'timeout', message: '' }).kind).toBe('unreachable');
    expect(passiveResult({ kind: 'status', status: 502, message: 'bad gateway' })).toEqual({ kind: 'failed', reason: 'HTTP 502 on a request: bad gateway' });
    expect(passiveResult({ kind: 'status', status: 503, message: '' }).kind).toBe('loading');
  });

  it('drops reports that cannot change anything', () => {
    expect(reportMatters('pending', { kind: 'success' })).toBe(false);
    expect(reportMatters('online', { kind: 'success' })).toBe(false);
    expect(reportMatters('offline', { kind: 'failure', failure: { kind: 'connect', message: '' } })).toBe(false);
    expect(reportMatters('error', { kind: 'success' })).toBe(true);
    expect(reportMatters('online', { kind: 'failure', failure: { kind: 'connect', message: '' } })).toBe(true);
  });

  it('takes an online endpoint out of rotation on one failed request, offline on the next', async () => {
    r = rig();
    const ep = r.add();
    const s = sink(r);
    s.failure(ep.id, { kind: 'connect', message: 'connection refused' });
    await settle();
    expect(r.repo.get(ep.id)).toMatchObject({ status: 'error', error_count: 1, last_error: 'request failed to connect: connection refused' });
    s.failure(ep.id, { kind: 'status', status: 500, message: 'boom' });
    await settle();
    expect(r.repo.get(ep.id)).toMatchObject({ status: 'offline', error_count: 2 });
    expect(r.history.list(ep.id)).toEqual([]); // passive reports are not checks
  });

  it('brings an endpoint back online on a successful request and stamps last_seen', async () => {
    r = rig();
    const ep = r.add({ status: 'offline', error_count: 3, last_error: 'connection refused' });
    sink(r).success(ep.id, 120);
    await settle();
    expect(r.repo.get(ep.id)).toMatchObject({ status: 'online', error_count: 0, last_error: null, last_seen: new Date(r.clock.now()).toISOString() });
  });

  it('writes nothing when nothing changes', async () => {
    r = rig();
    const online = r.add();
    const offline = r.add({ status: 'offline', error_count: 2 });
    const pending = r.add({ status: 'pending' });
    const count = writes(r);
    const s = sink(r);
    for (let i = 0; i < 100; i++) s.success(online.id, 10);
    s.failure(offline.id, { kind: 'connect', message: '' });
    s.failure(pending.id, { kind: 'connect', message: '' });
    s.success(pending.id, 1);
    s.failure('not-an-endpoint', { kind: 'timeout', message: '' });
    await settle();
    expect(count()).toBe(0);
    expect(r.repo.get(offline.id)?.error_count).toBe(2);
  });

  it('coalesces a burst into one write with the newest report winning', async () => {
    r = rig();
    const ep = r.add({ status: 'error', error_count: 1 });
    const count = writes(r);
    const s = sink(r);
    for (let i = 0; i < 50; i++) s.failure(ep.id, { kind: 'connect', message: '' });
    s.success(ep.id, 5); // arrives last, before the queued apply ran
    await settle();
    expect(count()).toBe(1);
    expect(r.repo.get(ep.id)).toMatchObject({ status: 'online', error_count: 0 });
  });

  it('waits behind a running check of the same endpoint, so a slow check cannot overwrite a newer failure', async () => {
    r = rig();
    const ep = r.add({ status: 'error', error_count: 1 });
    let release!: () => void;
    r.gate = new Promise((res) => (release = res));
    const check = r.lifecycle.check(ep.id); // its probe saw a healthy server, and answers late
    await new Promise((res) => setTimeout(res, 5));
    sink(r).failure(ep.id, { kind: 'connect', message: 'connection refused' }); // the server died meanwhile
    await new Promise((res) => setTimeout(res, 5));
    expect(r.repo.get(ep.id)?.status).toBe('error'); // queued behind the check, not applied yet
    release();
    await check;
    await settle();
    expect(r.repo.get(ep.id)).toMatchObject({ status: 'error', error_count: 1, last_error: 'request failed to connect: connection refused' });
  });
});
