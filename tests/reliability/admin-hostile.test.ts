/**
 * The admin API and the edges of every surface under hostile input: injection-shaped names, dangerous
 * URL schemes, huge numbers, junk shapes, prototype-pollution keys; roles; Host rebinding and foreign
 * Origins; secrets at rest (hashed keys, encrypted upstream and cloud keys, nothing readable in the
 * database files, WAL included).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVllm, type FakeHandle } from '../fakes/index.js';
import { startTestApp, waitFor, type TestApp } from '../helpers/app.js';
import { ADMIN_KEY, adminCall, chat, Client, closeAdminClient, registerOnline } from './helpers.js';
import { Tally } from './tally.js';

const tally = new Tally('admin-hostile');
let t: TestApp;
let client: Client;
let fake: FakeHandle;
/** Nothing listens on the discard port: endpoints registered there go offline and stay put. */
const DEAD = 'http://127.0.0.1:9';
const UPSTREAM_KEY = `sk-upstream-${randomBytes(12).toString('hex')}`;
const CLOUD_KEY = `sk-cloud-${randomBytes(12).toString('hex')}`;

beforeAll(async () => {
  t = await startTestApp();
  client = new Client();
  fake = await startFakeVllm({ models: ['m'], apiKey: UPSTREAM_KEY });
});
afterAll(async () => {
  tally.flush();
  await client?.close();
  await closeAdminClient();
  await t?.close();
  await fake?.close();
});

/** Opens the live database read-only (WAL lets it read next to the running app). */
function openReadOnly(): Database.Database {
  return new Database(join(t.dataDir, 'llmlb.db'), { readonly: true, fileMustExist: true });
}

/** Row counts of every table the admin API writes (health checks and the request log move on their own). */
function rowCounts(): Record<string, number> {
  const db = openReadOnly();
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all()
      .map((r) => r.name)
      .filter((n) => !/health_checks|request_log/.test(n));
    return Object.fromEntries(tables.map((n) => [n, (db.prepare(`SELECT count(*) AS c FROM "${n}"`).get() as { c: number }).c]));
  } finally {
    db.close();
  }
}

/** What the API says about the endpoints, minus the fields health checks change. */
async function endpointsView(): Promise<unknown> {
  const r = await adminCall(t.url, 'GET', '/v0/endpoints');
  expect(r.status).toBe(200);
  return {
    total: r.body.total,
    endpoints: (r.body.endpoints as Record<string, unknown>[])
      .map((e) => ({ id: e.id, name: e.name, base_url: e.base_url, notes: e.notes, api_key_set: e.api_key_set, h: e.health_check_interval_secs, i: e.inference_timeout_secs }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id))),
  };
}

/** Waits until no endpoint is still pending (detection and the first check done), so snapshots are stable. */
async function settled(): Promise<void> {
  await waitFor(async () => ((await adminCall(t.url, 'GET', '/v0/endpoints')).body.endpoints as { status: string }[]).every((e) => e.status !== 'pending'), 8000, 50);
}

const url = (n: number) => `${DEAD}/p${n}`;

describe('POST /v0/endpoints with hostile input', () => {
  const VALID_UNICODE = ['🦙 llama ✓', '日本語のエンドポイント', 'عربي ونص', 'Ünïcödé café', 'family 👩‍👩‍👧 zwj', '𝕄𝕒𝕥𝕙 𝟙𝟚𝟛', 'e\u0301 combining'];
  const INERT_TEXT = ["x'; DROP TABLE endpoints; --", '<script>alert(1)</script>', '" OR 1=1 --', '{{7*7}} ${7*7} %s%n'];

  it('valid unicode names are accepted and round-trip exactly; injection-shaped names are stored as inert text', async () => {
    const row = `valid names (${VALID_UNICODE.length} unicode, ${INERT_TEXT.length} SQL/HTML/template-shaped)`;
    tally.row(row, '201, exact round-trip, schema intact');
    let i = 0;
    for (const name of [...VALID_UNICODE, ...INERT_TEXT]) {
      const created = await adminCall(t.url, 'POST', '/v0/endpoints', { name, base_url: url(++i), notes: name });
      tally.count(row, created.status === 201, `HTTP ${created.status}`);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const got = await adminCall(t.url, 'GET', `/v0/endpoints/${created.body.id}`);
      expect(got.body.name).toBe(name);
      expect(got.body.notes).toBe(name);
      const listed = (await adminCall(t.url, 'GET', '/v0/endpoints')).body.endpoints.find((e: { id: string }) => e.id === created.body.id);
      expect(listed.name).toBe(name);
    }
    // The same name differing only in case is a conflict, also for non-ASCII.
    const dup = await adminCall(t.url, 'POST', '/v0/endpoints', { name: 'ÜNÏCÖDÉ CAFÉ', base_url: url(++i) });
    expect(dup.status).toBe(409);
    const db = openReadOnly();
    try {
      expect(db.prepare('PRAGMA integrity_check').pluck().get()).toBe('ok');
      expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'endpoints'").pluck().get()).toBe(1);
    } finally {
      db.close();
    }
    await settled();
  });

  const big = 'x'.repeat(200_000);
  const HOSTILE: [string, unknown, RegExp][] = [
    ['javascript: URL', { name: 'h1', base_url: 'javascript:alert(1)' }, /http or https/],
    ['file: URL', { name: 'h2', base_url: 'file:///etc/passwd' }, /http or https/],
    ['data: URL', { name: 'h3', base_url: 'data:text/html,<script>alert(1)</script>' }, /http or https/],
    ['ftp: URL', { name: 'h4', base_url: 'ftp://127.0.0.1/' }, /http or https/],
    ['gopher: URL', { name: 'h5', base_url: 'gopher://127.0.0.1:25/_HELO' }, /http or https/],
    ['URL with credentials', { name: 'h6', base_url: 'http://user:pass@127.0.0.1:9/' }, /credentials/],
    ['URL with a query', { name: 'h7', base_url: 'http://127.0.0.1:9/?next=http://evil' }, /query/],
    ['URL without host', { name: 'h8', base_url: 'http://' }, /base_url/],
    ['URL with a space in the host', { name: 'h9', base_url: 'http://exa mple.com' }, /base_url/],
    ['3,000-character URL', { name: 'h10', base_url: `http://127.0.0.1/${'a'.repeat(3000)}` }, /too long/],
    ['base_url: number', { name: 'h11', base_url: 12345 }, /base_url/],
    ['interval 1e308', { name: 'h12', base_url: url(100), health_check_interval_secs: 1e308 }, /health_check_interval_secs/],
    ['timeout 2^53+1', `{"name":"h13","base_url":"${url(101)}","inference_timeout_secs":9007199254740993}`, /inference_timeout_secs/],
    ['interval -5', { name: 'h14', base_url: url(102), health_check_interval_secs: -5 }, /health_check_interval_secs/],
    ['interval 10.5', { name: 'h15', base_url: url(103), health_check_interval_secs: 10.5 }, /health_check_interval_secs/],
    ['timeout "NaN"', { name: 'h16', base_url: url(104), inference_timeout_secs: 'NaN' }, /inference_timeout_secs/],
    ['max_concurrency 1e9', { name: 'h17', base_url: url(105), max_concurrency: 1e9 }, /max_concurrency/],
    ['name: nested object', { name: { a: { b: [1, { c: 'd' }] } }, base_url: url(106) }, /name/],
    ['name: array', { name: ['a', 'b'], base_url: url(107) }, /name/],
    ['name: null', { name: null, base_url: url(108) }, /name/],
    ['name: 200 KB', { name: big, base_url: url(109) }, /name/],
    ['name: 101 characters', { name: 'n'.repeat(101), base_url: url(110) }, /name/],
    ['name: blank', { name: '   ', base_url: url(111) }, /name/],
    ['name with NUL', { name: 'a\u0000b', base_url: url(112) }, /control characters/],
    ['name with newline', { name: 'a\nb', base_url: url(113) }, /control characters/],
    ['notes: 200 KB', { name: 'h18', base_url: url(114), notes: big }, /notes/],
    ['api_key: number', { name: 'h19', base_url: url(115), api_key: 12345 }, /api_key/],
    ['api_key: empty', { name: 'h20', base_url: url(116), api_key: '' }, /api_key/],
    ['endpoint_type: unknown value', { name: 'h21', base_url: url(117), endpoint_type: 'evil' }, /endpoint_type/],
    ['unknown field', { name: 'h22', base_url: url(118), role: 'admin' }, /unknown field.*role/],
    ['__proto__ key', `{"name":"h23","base_url":"${url(119)}","__proto__":{"isAdmin":true,"polluted":1}}`, /unknown field.*__proto__/],
    ['constructor.prototype key', { name: 'h24', base_url: url(120), constructor: { prototype: { polluted: 1 } } }, /unknown field.*constructor/],
    ['prototype key', { name: 'h25', base_url: url(121), prototype: { polluted: 1 } }, /unknown field.*prototype/],
    ['body: array', [{ name: 'h26', base_url: url(122) }], /JSON object/],
    ['body: form-encoded', 'name=h27&base_url=http://127.0.0.1:9', /JSON/],
    ['body: number', 42, /JSON object/],
    ['body: null', null, /JSON object/],
    ['body: 5,000-deep nesting', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000), /name|unknown field|JSON/],
    // Normalisation (SPEC §2) is by spelling: scheme/host case, default port, trailing `/` and `/v1`.
    // `localhost` and `127.0.0.1` stay different URLs, so registering both is allowed (see the report).
    ['duplicate URL (case, /v1/ suffix)', { name: 'h28', base_url: `${url(1).replace('http://', 'HTTP://')}/v1/` }, /already uses/],
    ['duplicate name', { name: VALID_UNICODE[0], base_url: url(123) }, /already|exists|conflict|same|name/i],
  ];

  it.each(HOSTILE)('%s → 4xx, database unchanged', async (label, body, reason) => {
    const row = `hostile endpoint registrations (${HOSTILE.length} kinds)`;
    tally.row(row, '4xx; GET /v0/endpoints and every table\'s row count unchanged');
    const beforeView = await endpointsView();
    const beforeRows = rowCounts();
    const r = await adminCall(t.url, 'POST', '/v0/endpoints', body);
    tally.count(row, r.status >= 400 && r.status < 500, `${label}: HTTP ${r.status}`);
    expect(r.status, `${label}: ${JSON.stringify(r.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.error.code).toMatch(/^(invalid_request|conflict)$/);
    expect(r.body.error.message, label).toMatch(reason);
    expect(JSON.stringify(r.body)).not.toMatch(/SQLITE|at .*\.js:\d+|stack/i);
    expect(await endpointsView()).toEqual(beforeView);
    expect(rowCounts()).toEqual(beforeRows);
  });

  it('the same junk on PUT leaves the endpoint as it was', async () => {
    const row = 'hostile endpoint updates (PUT)';
    tally.row(row, '4xx; the endpoint unchanged');
    const id = (await adminCall(t.url, 'GET', '/v0/endpoints')).body.endpoints[0].id as string;
    const before = (await adminCall(t.url, 'GET', `/v0/endpoints/${id}`)).body;
    for (const [label, raw] of HOSTILE.filter(([l]) => !l.startsWith('duplicate'))) {
      const body = typeof raw === 'string' && raw.startsWith('{"name"') ? (JSON.parse(raw) as unknown) : raw;
      const patch = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.fromEntries(Object.entries(body).filter(([k]) => k !== 'name' || label.startsWith('name'))) : body;
      if (typeof patch === 'object' && patch !== null && !Array.isArray(patch) && Object.keys(patch).length === 0) continue;
      const r = await adminCall(t.url, 'PUT', `/v0/endpoints/${id}`, patch);
      // A PUT that only renames to a valid new URL would be legitimate; every case here is not.
      tally.count(row, r.status >= 400 && r.status < 500, `${label}: HTTP ${r.status}`);
      expect(r.status, `${label}: ${JSON.stringify(r.body).slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
    }
    const after = (await adminCall(t.url, 'GET', `/v0/endpoints/${id}`)).body;
    for (const k of ['name', 'base_url', 'notes', 'api_key_set', 'health_check_interval_secs', 'inference_timeout_secs', 'endpoint_type_source']) {
      expect(after[k], k).toEqual(before[k]);
    }
  });

  it('hostile ids, query strings and path segments → 4xx, never 500', async () => {
    const row = 'hostile ids, query strings, paths';
    tally.row(row, '4xx, or 200 with a list when a filter is unknown; never 5xx, no write');
    const paths: [string, string][] = [
      ['GET', "/v0/endpoints/1'%20OR%20'1'='1"],
      ['GET', '/v0/endpoints/..%2F..%2Fetc%2Fpasswd'],
      ['GET', `/v0/endpoints/${'a'.repeat(3000)}`],
      ['DELETE', '/v0/endpoints/%00'],
      ['GET', '/v0/endpoints/<script>/models/x/info'],
      ['GET', "/v0/endpoints?type=';DROP%20TABLE%20endpoints;--&status=<b>"],
      ['GET', '/v0/endpoints?type[]=x&type[$ne]=y'],
      ['GET', '/v0/requests?limit=1e309'],
      ['GET', '/v0/requests?limit=-1'],
      ['GET', '/v0/requests?limit=abc'],
      ['GET', '/v0/requests?limit=99999999999999999999'],
      ['DELETE', '/v0/keys/..%2F..'],
      ['POST', '/v0/endpoints/00000000-0000-0000-0000-000000000000/test'],
    ];
    const id = (await adminCall(t.url, 'GET', '/v0/endpoints')).body.endpoints[0].id as string;
    paths.push(['GET', `/v0/endpoints/${id}/health?since=yesterday`], ['GET', `/v0/endpoints/${id}/health?limit=0`]);
    const beforeRows = rowCounts();
    for (const [method, path] of paths) {
      const r = await adminCall(t.url, method, path);
      const ok = r.status < 500 && (r.status >= 400 || (r.status === 200 && Array.isArray(r.body.endpoints)));
      tally.count(row, ok, `${method} ${path}: ${r.status}`);
      expect(ok, `${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`).toBe(true);
    }
    expect(rowCounts()).toEqual(beforeRows);
  });
});

describe('settings and keys with hostile input', () => {
  it('PUT /v0/settings junk → 400, settings unchanged', async () => {
    const row = 'hostile settings (PUT /v0/settings)';
    tally.row(row, '400; GET /v0/settings unchanged');
    const before = (await adminCall(t.url, 'GET', '/v0/settings')).body;
    const cases: unknown[] = [
      { require_api_key: 'yes' },
      { require_api_key: 1 },
      { cors_origins: ['*'] },
      { cloud: { openai: { base_url: 'file:///etc/passwd' } } },
      { cloud: { openai: { base_url: 'javascript:alert(1)' } } },
      { cloud: { openai: { api_key: 5 } } },
      { cloud: { evil: { api_key: 'x' } } },
      JSON.parse('{"__proto__":{"require_api_key":true}}'),
      JSON.parse('{"cloud":{"__proto__":{"polluted":1}}}'),
      { constructor: { prototype: { polluted: 1 } } },
      [],
      'true',
      { discovery_enabled: null },
    ];
    for (const body of cases) {
      const r = await adminCall(t.url, 'PUT', '/v0/settings', body);
      tally.count(row, r.status === 400, `${JSON.stringify(body)}: ${r.status}`);
      expect(r.status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(400);
    }
    expect((await adminCall(t.url, 'GET', '/v0/settings')).body).toEqual(before);
  });

  it('POST /v0/keys junk → 400, no key created; emoji names round-trip', async () => {
    const row = 'hostile key requests (POST /v0/keys)';
    tally.row(row, '400 (201 for the valid emoji name), key count unchanged');
    const count = async () => (await adminCall(t.url, 'GET', '/v0/keys')).body.keys.length as number;
    const n0 = await count();
    const cases: unknown[] = [
      { name: 'x', role: 'superuser' },
      { name: 'x', role: 'ADMIN' },
      { name: 'x', role: ['admin'] },
      { name: 5, role: 'viewer' },
      { name: 'n'.repeat(1000), role: 'viewer' },
      { name: 'x', role: 'admin', key: 'llmlb_chosen_by_attacker' },
      { name: 'x', role: 'admin', key_hash: '0'.repeat(64) },
      JSON.parse('{"name":"p","role":"viewer","__proto__":{"role":"admin"}}'),
      {},
    ];
    for (const body of cases) {
      const r = await adminCall(t.url, 'POST', '/v0/keys', body);
      tally.count(row, r.status === 400, `${JSON.stringify(body).slice(0, 60)}: ${r.status}`);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect(await count()).toBe(n0);
    const ok = await adminCall(t.url, 'POST', '/v0/keys', { name: '🔑 ключ', role: 'viewer' });
    tally.count(row, ok.status === 201);
    expect(ok.status).toBe(201);
    expect((await adminCall(t.url, 'GET', '/v0/keys')).body.keys.find((k: { id: string }) => k.id === ok.body.id).name).toBe('🔑 ключ');
  });

  it('nothing above polluted Object.prototype in this process (the app runs in it)', () => {
    const probe = {} as Record<string, unknown>;
    for (const k of ['polluted', 'isAdmin', 'role', 'require_api_key', 'admin']) expect(probe[k], k).toBeUndefined();
  });
});

describe('roles', () => {
  it('viewer reads but cannot write; inference keys cannot reach /v0; unknown, revoked and missing keys are 401', async () => {
    const row = 'role matrix (admin/viewer/inference/none/bogus/revoked × /v0 routes)';
    tally.row(row, 'expected status for every cell; database unchanged by refused writes');
    const viewer = (await adminCall(t.url, 'POST', '/v0/keys', { name: 'v', role: 'viewer' })).body.key as string;
    const inference = (await adminCall(t.url, 'POST', '/v0/keys', { name: 'i', role: 'inference' })).body.key as string;
    const revokedKey = await adminCall(t.url, 'POST', '/v0/keys', { name: 'r', role: 'admin' });
    expect((await adminCall(t.url, 'DELETE', `/v0/keys/${revokedKey.body.id}`)).status).toBe(204);
    const id = (await adminCall(t.url, 'GET', '/v0/endpoints')).body.endpoints[0].id as string;
    const keyId = (await adminCall(t.url, 'GET', '/v0/keys')).body.keys[0].id as string;
    const reads: [string, string][] = [
      ['GET', '/v0/endpoints'],
      ['GET', `/v0/endpoints/${id}`],
      ['GET', '/v0/keys'],
      ['GET', '/v0/settings'],
      ['GET', '/v0/models'],
      ['GET', '/v0/requests'],
      ['GET', '/v0/stats'],
    ];
    const writes: [string, string, unknown][] = [
      ['POST', '/v0/endpoints', { name: 'by-viewer', base_url: url(200) }],
      ['PUT', `/v0/endpoints/${id}`, { notes: 'changed' }],
      ['DELETE', `/v0/endpoints/${id}`, undefined],
      ['POST', `/v0/endpoints/${id}/test`, undefined],
      ['POST', `/v0/endpoints/${id}/sync`, undefined],
      ['POST', '/v0/keys', { name: 'escalate', role: 'admin' }],
      ['DELETE', `/v0/keys/${keyId}`, undefined],
      ['PUT', '/v0/settings', { require_api_key: true }],
    ];
    const who: [string, string | null, number, number][] = [
      // [who, key, status for reads, status for writes]
      ['viewer', viewer, 200, 403],
      ['inference', inference, 403, 403],
      ['no key', null, 401, 401],
      ['unknown key', 'llmlb_not_a_real_key_000000000000', 401, 401],
      ['revoked key', revokedKey.body.key as string, 401, 401],
    ];
    const beforeView = await endpointsView();
    const beforeRows = rowCounts();
    for (const [label, key, readStatus, writeStatus] of who) {
      for (const [m, p] of reads) {
        const r = await adminCall(t.url, m, p, undefined, key);
        tally.count(row, r.status === readStatus, `${label} ${m} ${p}: ${r.status}`);
        expect(r.status, `${label} ${m} ${p}`).toBe(readStatus);
      }
      for (const [m, p, b] of writes) {
        const r = await adminCall(t.url, m, p, b, key);
        tally.count(row, r.status === writeStatus, `${label} ${m} ${p}: ${r.status}`);
        expect(r.status, `${label} ${m} ${p}`).toBe(writeStatus);
        expect(r.body.error.code).toBe(writeStatus === 401 ? 'unauthorized' : 'forbidden');
      }
    }
    // x-api-key works like Bearer, with the same limits.
    const viaHeader = await client.send(t.url, 'POST', '/v0/keys', { name: 'x', role: 'admin' }, { headers: { 'x-api-key': viewer } });
    expect(viaHeader.status).toBe(403);
    expect(await endpointsView()).toEqual(beforeView);
    expect(rowCounts()).toEqual(beforeRows);

    // With "require API key" on, /v1 wants an inference (or admin) key; a viewer key is refused.
    const fakeId = await registerOnline(t.url, 'keyed', fake.url, 'm', { api_key: UPSTREAM_KEY });
    expect((await adminCall(t.url, 'PUT', '/v0/settings', { require_api_key: true })).status).toBe(200);
    try {
      const v1 = async (key: string | null) =>
        (await client.send(t.url, 'POST', '/v1/chat/completions', chat('m'), { headers: key ? { authorization: `Bearer ${key}` } : {} })).status;
      const cells: [string, string | null, number][] = [
        ['none', null, 401],
        ['viewer', viewer, 403],
        ['inference', inference, 200],
        ['admin', ADMIN_KEY, 200],
        ['revoked', revokedKey.body.key as string, 401],
      ];
      for (const [label, key, status] of cells) {
        const s = await v1(key);
        tally.count(row, s === status, `/v1 ${label}: ${s}`);
        expect(s, `/v1 with ${label}`).toBe(status);
      }
    } finally {
      expect((await adminCall(t.url, 'PUT', '/v0/settings', { require_api_key: false })).status).toBe(200);
    }
    expect(fake.requests.filter((r) => r.path === '/v1/chat/completions').every((r) => r.headers.authorization === `Bearer ${UPSTREAM_KEY}`)).toBe(true);
    expect(fakeId).toBeTruthy();
  });
});

describe('DNS rebinding and foreign origins', () => {
  it('a foreign Host or Origin is refused on every surface', async () => {
    const row = 'Host rebinding + foreign Origin × 9 routes on 4 surfaces';
    tally.row(row, '403 for every foreign Host/Origin; same-origin still 2xx');
    const routes: [string, string, unknown?][] = [
      ['GET', '/v0/endpoints'],
      ['GET', '/v0/events'],
      ['GET', '/v1/models'],
      ['POST', '/v1/chat/completions', chat('m')],
      ['GET', '/api/tags'],
      ['GET', '/api/version'],
      ['POST', '/api/chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false }],
      ['GET', '/metrics'],
      ['GET', '/'],
    ];
    const hosts = ['evil.example', `evil.example:${t.port}`, '127.0.0.1.nip.io', `localhost.evil.example:${t.port}`, '192.168.1.10', '0.0.0.0', 'attacker.localhost'];
    const origins = ['http://evil.example', 'null', `http://localhost:${t.port + 1}`, 'file://', `https://127.0.0.1:${t.port}.evil.example`];
    for (const [m, p, b] of routes) {
      const auth = { authorization: `Bearer ${ADMIN_KEY}` };
      for (const host of hosts) {
        const r = await client.send(t.url, m, p, b, { headers: { ...auth, host }, deadlineMs: 3000 });
        tally.count(row, r.status === 403, `Host ${host} ${p}: ${r.status}`);
        expect(r.status, `Host: ${host} → ${m} ${p}`).toBe(403);
      }
      for (const origin of origins) {
        const r = await client.send(t.url, m, p, b, { headers: { ...auth, origin }, deadlineMs: 3000 });
        tally.count(row, r.status === 403, `Origin ${origin} ${p}: ${r.status}`);
        expect(r.status, `Origin: ${origin} → ${m} ${p}`).toBe(403);
      }
      // CORS preflight from a foreign origin.
      const pre = await client.send(t.url, 'OPTIONS', p, undefined, { headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' }, deadlineMs: 3000 });
      expect(pre.status).toBe(403);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    }
    // Sanity: the same requests from this origin, by every local name, are served.
    for (const host of [`127.0.0.1:${t.port}`, `localhost:${t.port}`]) {
      const r = await client.send(t.url, 'GET', '/v1/models', undefined, { headers: { host, origin: `http://${host}` } });
      expect(r.status).toBe(200);
    }
  }, 30_000);
});

describe('secrets at rest', () => {
  it('keys are stored as SHA-256 hashes; upstream and cloud keys are encrypted; no secret is readable in the database files', async () => {
    const row = 'secrets at rest (db + WAL + shm byte scan)';
    const created = [];
    for (const role of ['admin', 'viewer', 'inference']) {
      const r = await adminCall(t.url, 'POST', '/v0/keys', { name: `scan-${role}`, role });
      expect(r.status).toBe(201);
      created.push(r.body.key as string);
    }
    expect((await adminCall(t.url, 'PUT', '/v0/settings', { cloud: { openai: { api_key: CLOUD_KEY } } })).status).toBe(200);
    // The keyed endpoint from the role test authenticated upstream with the decrypted key.
    const listed = (await adminCall(t.url, 'GET', '/v0/endpoints')).body;
    const keyed = listed.endpoints.find((e: { name: string }) => e.name === 'keyed');
    expect(keyed.api_key_set).toBe(true);
    expect(keyed.status).toBe('online');
    const responses = JSON.stringify([listed, (await adminCall(t.url, 'GET', `/v0/endpoints/${keyed.id}`)).body, (await adminCall(t.url, 'GET', '/v0/settings')).body, (await adminCall(t.url, 'GET', '/v0/keys')).body]);
    const secrets = [...created, ADMIN_KEY, UPSTREAM_KEY, CLOUD_KEY];
    for (const s of secrets) expect(responses.includes(s), `an API response shows ${s.slice(0, 12)}…`).toBe(false);

    const db = openReadOnly();
    try {
      const hashes = db.prepare('SELECT key_hash FROM api_keys').pluck().all() as string[];
      expect(hashes.length).toBeGreaterThanOrEqual(3);
      for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
      for (const k of created) expect(hashes).toContain(createHash('sha256').update(k).digest('hex'));
      const enc = db.prepare('SELECT api_key_enc FROM endpoints WHERE api_key_enc IS NOT NULL').pluck().all() as string[];
      expect(enc.length).toBe(1);
      expect(enc[0]).toMatch(/^aesgcm1:/);
    } finally {
      db.close();
    }
    // Raw bytes: the main file and the WAL (nothing has been checkpointed yet for the newest writes).
    const files = ['llmlb.db', 'llmlb.db-wal', 'llmlb.db-shm'].map((f) => join(t.dataDir, f)).filter((f) => existsSync(f));
    expect(files.some((f) => f.endsWith('-wal') && statSync(f).size > 0)).toBe(true);
    let scanned = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      scanned += bytes.length;
      for (const s of secrets) {
        for (const form of [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le'), Buffer.from(s.slice(12), 'utf8')]) {
          expect(bytes.includes(form), `${s.slice(0, 12)}… readable in ${f}`).toBe(false);
        }
      }
    }
    // The key that decrypts the upstream keys is a separate 0600 file.
    expect(statSync(join(t.dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
    tally.row(row, `${secrets.length} secrets × 3 encodings, ${(scanned / 1024).toFixed(0)} KiB scanned: none found; key_hash 64 hex`);
    tally.count(row, true);
  });
});
