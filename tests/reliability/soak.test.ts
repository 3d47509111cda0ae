/**
 * A bounded soak against `llmlb serve`: 16 concurrent clients, half streaming, over three endpoints
 * serving one model, one of which goes down and comes back every ~3 s. The flap is a graceful restart
 * (new requests are refused at the socket, those in flight finish, then the port closes), so every
 * failure happens before the first byte and failover must hide all of them: zero client-visible errors.
 * The serve process's RSS is sampled every second; after warm-up it must stay flat: the floor (lowest
 * sample) of the last third within 30 MB of the floor of the first third.
 * Abrupt stops that cut answers mid-way are covered in backend-faults.test.ts.
 *
 * Duration: LLMLB_SOAK_SECS, else 120 s under CI=true and 20 s otherwise.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLlamaCpp, startFakeOpenAi, startFakeVllm, type FakeHandle } from '../fakes/index.js';
import { tempDir } from '../helpers/app.js';
import { adminCall, chat, Client, closeAdminClient, registerOnline, sleep, streamVerdict } from './helpers.js';
import { ensureBuilt, killAllServe, type ServeProcess, startServe } from './serve-process.js';
import { Tally } from './tally.js';

const SOAK_SECS = Number(process.env.LLMLB_SOAK_SECS) || (process.env.CI === 'true' ? 120 : 20);
const CONCURRENCY = 16;
const FLAP_MS = 3000;
const MAX_GROWTH_MB = 30;
const MODEL = 'soak-model';

const tally = new Tally('soak');
let dir: string;
let s: ServeProcess;
let fakes: FakeHandle[] = [];
let client: Client;

beforeAll(async () => {
  ensureBuilt();
  dir = tempDir('llmlb-soak-');
  const stream = { chunks: 8, chunkDelayMs: 5 };
  fakes = [
    await startFakeVllm({ models: [MODEL], ...stream }),
    await startFakeLlamaCpp({ models: [MODEL], ...stream }),
    await startFakeOpenAi({ models: [MODEL], ...stream }),
  ];
  s = await startServe(dir);
  client = new Client(CONCURRENCY * 2);
}, 180_000);

afterAll(async () => {
  tally.flush();
  killAllServe();
  await client?.close();
  await closeAdminClient();
  await Promise.all(fakes.map((f) => f.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Takes the fake down between requests: refuse new ones at the socket, let the others finish, close. */
async function gracefulStop(f: FakeHandle): Promise<void> {
  const inFlight = f.requests.length;
  f.setMode('reset');
  const until = Date.now() + 2000;
  const busy = () => f.requests.slice(0, inFlight).some((r) => r.finishedAt === null && !r.aborted);
  while (busy() && Date.now() < until) await sleep(5);
  await f.stop();
  f.requests.length = 0;
}

describe(`soak (${SOAK_SECS} s)`, () => {
  it(`${CONCURRENCY} clients, mixed streaming, one endpoint of three flapping every ${FLAP_MS / 1000} s: zero errors, flat memory`, async () => {
    const ids: string[] = [];
    const names = ['vllm', 'llamacpp', 'openai'];
    for (const [i, f] of fakes.entries()) ids.push(await registerOnline(s.url, names[i]!, f.url, MODEL));
    const flapping = fakes[2]!;
    const flapId = ids[2]!;
    const row = `soak: ${CONCURRENCY} clients × ${SOAK_SECS} s, 3 endpoints, 1 flapping every ${FLAP_MS / 1000} s`;
    tally.row(row);

    const end = Date.now() + SOAK_SECS * 1000;
    const rss: { at: number; bytes: number }[] = [];
    const sampler = (async () => {
      while (Date.now() < end) {
        const b = s.rss();
        if (b !== null) rss.push({ at: Date.now(), bytes: b });
        await sleep(1000);
      }
    })();
    let flaps = 0;
    const flapper = (async () => {
      while (Date.now() < end - FLAP_MS) {
        await sleep(FLAP_MS);
        await gracefulStop(flapping);
        flaps++;
        await sleep(FLAP_MS);
        await flapping.start();
        flapping.setMode('normal');
        // What the health checker does on its next tick (the minimum interval is 10 s).
        await adminCall(s.url, 'POST', `/v0/endpoints/${flapId}/test`);
      }
    })();
    const byEndpoint = new Map<string, number>();
    const failures: string[] = [];
    let streams = 0;
    const worker = async (w: number) => {
      for (let i = 0; Date.now() < end && i < 1_000_000; i++) {
        const stream = (i + w) % 2 === 0;
        const o = await client.send(s.url, 'POST', '/v1/chat/completions', chat(MODEL, stream), { deadlineMs: 15_000 });
        const ok = o.status === 200 && !o.error && (stream ? streamVerdict(o.text) === 'complete' : o.json?.choices?.[0]?.message?.content !== undefined);
        const ep = String(o.headers['x-llmlb-endpoint'] ?? '-');
        byEndpoint.set(ep, (byEndpoint.get(ep) ?? 0) + 1);
        if (stream) streams++;
        tally.count(row, ok, o.error ? `socket: ${o.error}` : `HTTP ${o.status}`);
        if (!ok && failures.length < 20) failures.push(`${stream ? 'stream' : 'plain'} ${o.status} ${o.error ?? ''} ${o.text.slice(0, 160)}`);
      }
    };
    await Promise.all([sampler, flapper, ...Array.from({ length: CONCURRENCY }, (_, w) => worker(w))]);

    // Memory: RSS swings by tens of MB as the V8 heap fills and is collected, so "flat" compares floors:
    // the lowest sample of the first third after warm-up against the lowest of the last third.
    const warm = rss[0]!.at + Math.max(5, SOAK_SECS / 4) * 1000;
    const after = rss.filter((x) => x.at >= warm).map((x) => x.bytes);
    const third = Math.max(1, Math.floor(after.length / 3));
    const early = Math.min(...after.slice(0, third));
    const late = Math.min(...after.slice(-third));
    const peak = Math.max(...after);
    const mb = (b: number) => (b / 1024 / 1024).toFixed(1);
    const total = tally.row(row).requests;
    const share = ids.map((id, i) => `${names[i]} ${byEndpoint.get(id) ?? 0}`).join(', ');
    tally.row(row).note =
      `${flaps} flaps; ${streams} streams; ${(total / SOAK_SECS).toFixed(0)} req/s; served by ${share}; ` +
      `RSS ${mb(rss[0]!.bytes)} MB at start; after warm-up floor ${mb(early)} MB → ${mb(late)} MB (${late >= early ? '+' : ''}${mb(late - early)} MB), peak ${mb(peak)} MB`;

    expect(failures).toEqual([]);
    expect(flaps).toBeGreaterThanOrEqual(Math.floor(SOAK_SECS / (2 * FLAP_MS / 1000)) - 1);
    expect(byEndpoint.get(flapId) ?? 0).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(SOAK_SECS * 5);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(late - early).toBeLessThan(MAX_GROWTH_MB * 1024 * 1024);

    // And it still shuts down cleanly.
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  }, (SOAK_SECS + 60) * 1000);
});
