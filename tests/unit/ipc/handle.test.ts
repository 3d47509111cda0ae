/** The handler wrapper refuses bad arguments and strangers with `{ok:false}` and never leaks internals. */
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../../src-main/ipc/channels.js';
import type { IpcChannel } from '../../../src-main/ipc/contract.js';
import { createHandlers } from '../../../src-main/ipc/dispatch.js';
import { createInvoker, isTrustedSender, type SenderFacts } from '../../../src-main/ipc/handle.js';
import { ARG_SPECS, LIMITS } from '../../../src-main/ipc/schemas.js';
import { uuid } from '../../../src-main/ipc/validate.js';
import { AppError } from '../../../src-main/util/errors.js';
import { APP_ENTRY_URL, APP_ORIGIN } from '../../../src-main/windows/app-url.js';
import { fakeAdmin, ID, SAMPLE_ARGS } from './fake-admin.js';
import { textLogger } from '../../helpers/logger.js';

const OURS: SenderFacts = { fromOurWindow: true, frameUrl: APP_ENTRY_URL };

function setup() {
  const fake = fakeAdmin();
  const logs: string[] = [];
  const handlers = createHandlers(fake.admin, { gatewayUrl: () => 'http://127.0.0.1:32768', openExternal: async () => {}, openLogFolder: async () => '/tmp/llmlb/logs' });
  const invoke = createInvoker(handlers, { trustedOrigin: APP_ORIGIN, logger: textLogger(logs) });
  return { fake, logs, invoke };
}

/** Something of the wrong type for each kind of argument. */
const WRONG: readonly unknown[] = [42, true, null, ['array'], { nested: 1 }, () => 1];

describe('argument validation', () => {
  const withArgs = IPC_CHANNELS.filter((c) => ARG_SPECS[c].length > 0);
  const noArgs = IPC_CHANNELS.filter((c) => ARG_SPECS[c].length === 0);

  it.each(withArgs)('%s: rejects each argument replaced by a wrong type', async (channel) => {
    const { invoke, fake } = setup();
    const good = SAMPLE_ARGS[channel] as readonly unknown[];
    for (let i = 0; i < good.length; i++) {
      const spec = ARG_SPECS[channel][i]!;
      for (const bad of spec.check === uuid ? [...WRONG, 'not-a-uuid', ''] : WRONG) {
        const args = good.map((v, j) => (j === i ? bad : v));
        const res = await invoke(channel, OURS, args);
        expect(res, `${channel} arg ${i} = ${String(bad)}`).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      }
    }
    expect(fake.calls).toEqual([]);
  });

  it.each(withArgs)('%s: rejects missing required arguments', async (channel) => {
    const { invoke } = setup();
    const required = ARG_SPECS[channel].filter((s) => !s.optional).length;
    const good = SAMPLE_ARGS[channel] as readonly unknown[];
    for (let n = 0; n < required; n++) {
      const res = await invoke(channel, OURS, good.slice(0, n));
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
  });

  it.each(IPC_CHANNELS)('%s: rejects an extra argument', async (channel) => {
    const { invoke, fake } = setup();
    const args = [...ARG_SPECS[channel].map((_, i) => (SAMPLE_ARGS[channel] as readonly unknown[])[i]), 'extra'];
    const res = await invoke(channel, OURS, args);
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(fake.calls).toEqual([]);
  });

  it.each(noArgs)('%s: accepts exactly no arguments', async (channel) => {
    const { invoke } = setup();
    expect(await invoke(channel, OURS, [])).toMatchObject({ ok: true });
  });

  it('accepts omitted and undefined optional arguments', async () => {
    const { invoke, fake } = setup();
    expect(await invoke('endpoints:list', OURS, [])).toMatchObject({ ok: true });
    expect(await invoke('endpoints:list', OURS, [undefined])).toMatchObject({ ok: true });
    expect(await invoke('endpoints:health', OURS, [ID])).toMatchObject({ ok: true });
    expect(fake.calls.map((c) => c.method)).toEqual(['listEndpoints', 'listEndpoints', 'healthHistory']);
  });

  it('rejects oversized strings', async () => {
    const { invoke, fake } = setup();
    const long = (n: number) => 'x'.repeat(n + 1);
    const cases: [IpcChannel, unknown[]][] = [
      ['endpoints:create', [{ name: long(LIMITS.name), base_url: 'http://a' }]],
      ['endpoints:create', [{ name: 'a', base_url: `http://${long(LIMITS.url)}` }]],
      ['endpoints:update', [ID, { notes: long(LIMITS.notes) }]],
      ['endpoints:update', [ID, { api_key: long(LIMITS.secret) }]],
      ['models:info', [ID, long(LIMITS.model)]],
      ['discovery:add', [long(LIMITS.url)]],
      ['keys:create', [{ name: long(LIMITS.name), role: 'admin' }]],
      ['keys:revoke', ['k'.repeat(129)]],
      ['settings:update', [{ cloud: { openai: { api_key: long(LIMITS.secret) } } }]],
      ['app:open-external', [`https://example.com/${long(LIMITS.url)}`]],
    ];
    for (const [channel, args] of cases) {
      expect(await invoke(channel, OURS, args), channel).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(fake.calls).toEqual([]);
  });

  it('rejects unknown fields, bad enums, non-integer limits and class instances', async () => {
    const { invoke } = setup();
    const cases: [IpcChannel, unknown[]][] = [
      ['endpoints:create', [{ name: 'a', base_url: 'http://a', admin: true }]],
      ['endpoints:create', [{ name: 'a' }]],
      ['endpoints:update', [ID, { endpoint_type: 'mystery' }]],
      ['endpoints:list', [{ status: 'sleeping' }]],
      ['endpoints:health', [ID, { limit: 1.5 }]],
      ['requests:list', [{ limit: -1 }]],
      ['keys:create', [{ name: 'a', role: 'root' }]],
      ['settings:update', [{ cloud: { mistral: { api_key: 'x' } } }]],
      ['settings:update', [{ require_api_key: 'yes' }]],
      ['endpoints:create', [new Date()]],
      ['endpoints:get', [ID.toUpperCase().replace('A', 'Z')]],
    ];
    for (const [channel, args] of cases) {
      expect(await invoke(channel, OURS, args), `${channel} ${JSON.stringify(args)}`).toMatchObject({ ok: false });
    }
  });
});

describe('sender check', () => {
  const strangers: SenderFacts[] = [
    { fromOurWindow: false, frameUrl: APP_ENTRY_URL },
    { fromOurWindow: true, frameUrl: null },
    { fromOurWindow: true, frameUrl: 'https://evil.example/index.html' },
    { fromOurWindow: true, frameUrl: 'http://127.0.0.1:32768/' },
    { fromOurWindow: true, frameUrl: 'file:///tmp/index.html' },
    { fromOurWindow: true, frameUrl: 'app://evil/index.html' },
    { fromOurWindow: true, frameUrl: 'app://user:pw@llmlb/index.html' },
    { fromOurWindow: true, frameUrl: 'about:blank' },
    { fromOurWindow: true, frameUrl: 'data:text/html,hi' },
    { fromOurWindow: true, frameUrl: 'not a url' },
  ];

  it.each(strangers)('refuses %j', async (sender) => {
    const { invoke, fake } = setup();
    expect(isTrustedSender(sender, APP_ORIGIN)).toBe(false);
    for (const channel of IPC_CHANNELS) {
      const res = await invoke(channel, sender, SAMPLE_ARGS[channel] as readonly unknown[]);
      expect(res).toEqual({ ok: false, error: { code: 'forbidden', message: 'sender not allowed' } });
    }
    expect(fake.calls).toEqual([]);
  });

  it('trusts our window on any path of the app origin', () => {
    for (const url of [APP_ENTRY_URL, 'app://llmlb/', 'app://llmlb/endpoints/x#detail', 'app://LLMLB/index.html?x=1']) {
      expect(isTrustedSender({ fromOurWindow: true, frameUrl: url }, APP_ORIGIN), url).toBe(true);
    }
  });
});

describe('results and errors', () => {
  it('turns AppErrors into their code and message', async () => {
    const { invoke, fake } = setup();
    fake.failNext('getEndpoint', new AppError('not_found', 'endpoint not found'));
    expect(await invoke('endpoints:get', OURS, [ID])).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'endpoint not found' },
    });
  });

  it('hides anything else behind internal_error and logs it', async () => {
    const { invoke, fake, logs } = setup();
    fake.failNext('listModels', new Error('SQLITE_CORRUPT: database disk image is malformed at /home/u/.llmlb'));
    const res = await invoke('models:list', OURS, []);
    expect(res).toEqual({ ok: false, error: { code: 'internal_error', message: 'Internal error' } });
    expect(JSON.stringify(res)).not.toContain('SQLITE');
    expect(logs.join('\n')).toContain('SQLITE_CORRUPT');
  });

  it('answers unknown channels with not_found', async () => {
    const { invoke } = setup();
    expect(await invoke('app:eval', OURS, [])).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await invoke('__proto__', OURS, [])).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('opens only http(s) links', async () => {
    const { invoke } = setup();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@example.com/', 'ms-settings:']) {
      expect(await invoke('app:open-external', OURS, [url]), url).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(await invoke('app:open-external', OURS, ['http://localhost:32768/docs'])).toEqual({ ok: true, value: undefined });
  });

  it('tells the host after a settings update', async () => {
    const fake = fakeAdmin();
    const seen: boolean[] = [];
    const handlers = createHandlers(fake.admin, {
      gatewayUrl: () => '',
      openExternal: async () => {},
      openLogFolder: async () => '/tmp/llmlb/logs',
      settingsChanged: (s) => seen.push(s.start_at_login),
    });
    await createInvoker(handlers, { trustedOrigin: APP_ORIGIN })('settings:update', OURS, [{ start_at_login: true }]);
    expect(seen).toEqual([true]);
  });
});
