import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { type DownloadDriver, type DriverJob, type ProgressSample, RESTART_LOST, type StopKind } from '../../../src-main/downloads/driver.js';
import { ollamaDriver } from '../../../src-main/downloads/ollama.js';
import { xllmDriver } from '../../../src-main/downloads/xllm.js';
import { systemClock } from '../../../src-main/util/time.js';
import { closedPort, startFakeOllama, startFakeXllm, type OllamaFake, type XllmFake } from '../../fakes/index.js';
import { textLogger } from '../../helpers/logger.js';

const agent = new Agent();
afterAll(() => agent.close());

/** A job plus what the driver reported through it. */
function job(baseUrl: string, over: Partial<DriverJob> = {}) {
  const controller = new AbortController();
  const seen = { accepted: [] as (string | null)[], samples: [] as ProgressSample[], logs: [] as string[] };
  const j: DriverJob = {
    baseUrl, apiKey: null, model: 'org/new-model', filename: null, nodeTaskId: null, resume: false,
    signal: controller.signal, dispatcher: agent, clock: systemClock, logger: textLogger(seen.logs),
    accepted: (id) => seen.accepted.push(id),
    progress: (s) => seen.samples.push(s),
    ...over,
  };
  return { j, seen, stop: (k: StopKind) => controller.abort(k) };
}

async function until(fn: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('xLLM driver', () => {
  let fake: XllmFake;
  const driver: DownloadDriver = xllmDriver({ pollMs: 50, maxPollFailures: 3 });
  beforeAll(async () => {
    fake = await startFakeXllm({ downloadDurationMs: 600 });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.options.downloadFail = null;
    fake.setMode('normal');
  });

  it('starts on the node, polls progress up and completes', async () => {
    const { j, seen } = job(fake.url, { filename: 'q4.gguf' });
    expect(await driver.run(j)).toEqual({ kind: 'completed' });
    const nodeId = seen.accepted[0]!;
    expect(fake.tasks.get(nodeId)).toMatchObject({ model: 'org/new-model', filename: 'q4.gguf', status: 'completed' });
    expect(seen.samples.length).toBeGreaterThan(3);
    const ps = seen.samples.map((s) => s.percent);
    expect([...ps].sort((a, b) => a - b)).toEqual(ps);
    expect(seen.samples[0]!.totalBytes).toBe(1_073_741_824);
  });

  it('fails with the node message when the node fails mid-way', async () => {
    fake.options.downloadFail = 'disk full';
    const { j } = job(fake.url);
    expect(await driver.run(j)).toEqual({ kind: 'failed', error: 'disk full' });
  });

  it('fails with the node error when the start is refused', async () => {
    fake.setMode('error500', { paths: ['/v0/models/download'] });
    const { j, seen } = job(fake.url);
    expect(await driver.run(j)).toEqual({ kind: 'failed', error: 'Internal server error' });
    expect(seen.accepted).toEqual([]);
  });

  it('cancel deletes the node task; shutdown leaves it running', async () => {
    const a = job(fake.url);
    const pa = driver.run(a.j);
    await until(() => a.seen.samples.length > 0);
    a.stop('cancel');
    expect(await pa).toEqual({ kind: 'cancelled' });
    expect(fake.tasks.get(a.seen.accepted[0]!)?.status).toBe('cancelled');

    const b = job(fake.url);
    const pb = driver.run(b.j);
    await until(() => b.seen.samples.length > 0);
    b.stop('shutdown');
    expect(await pb).toEqual({ kind: 'stopped' });
    const t = fake.tasks.get(b.seen.accepted[0]!)!;
    expect(fake.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(t.task_id))).toBe(false);
  });

  it('resumes a node task it knows, and fails one the node forgot', async () => {
    const first = job(fake.url);
    const p = driver.run(first.j);
    await until(() => first.seen.samples.length > 0);
    first.stop('shutdown');
    await p;
    const again = job(fake.url, { resume: true, nodeTaskId: first.seen.accepted[0]! });
    expect(await driver.run(again.j)).toEqual({ kind: 'completed' });

    const lost = job(fake.url, { resume: true, nodeTaskId: 'no-such-task' });
    expect(await driver.run(lost.j)).toEqual({ kind: 'failed', error: RESTART_LOST });
    const never = job(fake.url, { resume: true });
    expect(await driver.run(never.j)).toEqual({ kind: 'failed', error: RESTART_LOST });
  });

  it('gives up after repeated poll failures', async () => {
    const { j, seen } = job(fake.url);
    const p = driver.run(j);
    await until(() => seen.accepted.length > 0);
    fake.setMode('reset', { paths: ['/v0/models/download/'] });
    const out = await p;
    expect(out.kind).toBe('failed');
    expect((out as { error: string }).error).toMatch(/^lost contact with the node/);
  });
});

describe('Ollama driver', () => {
  let fake: OllamaFake;
  const driver = ollamaDriver();
  beforeAll(async () => {
    fake = await startFakeOllama({ pullDurationMs: 400, pullLayers: 3 });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.options.pullFail = null;
    fake.setMode('normal');
  });

  it('streams the pull to success with byte-summed progress', async () => {
    const { j, seen } = job(fake.url, { model: 'qwen3:0.6b' });
    expect(await driver.run(j)).toEqual({ kind: 'completed' });
    expect(seen.accepted).toEqual([null]);
    const last = seen.samples.at(-1)!;
    expect(last).toEqual({ percent: 100, doneBytes: 6_000_000, totalBytes: 6_000_000 });
    const req = fake.requests.find((r) => r.path === '/api/pull')!;
    expect(req.body).toEqual({ model: 'qwen3:0.6b', stream: true });
    expect(fake.models.some((m) => m.id === 'qwen3:0.6b')).toBe(true);
  });

  it('fails with the message of an {"error"} line', async () => {
    fake.options.pullFail = 'pull model manifest: file does not exist';
    const { j } = job(fake.url, { model: 'nope' });
    expect(await driver.run(j)).toEqual({ kind: 'failed', error: 'pull model manifest: file does not exist' });
  });

  it('fails with the error body of a non-2xx answer', async () => {
    fake.setMode('error500', { paths: ['/api/pull'] });
    const { j } = job(fake.url);
    expect(await driver.run(j)).toEqual({ kind: 'failed', error: 'Internal server error' });
  });

  it('cancel aborts the pull request', async () => {
    fake.requests.length = 0;
    const { j, seen, stop } = job(fake.url, { model: 'big:latest' });
    const p = driver.run(j);
    await until(() => seen.samples.length > 0);
    stop('cancel');
    expect(await p).toEqual({ kind: 'cancelled' });
    const req = await fake.waitForRequest((r) => r.path === '/api/pull' && r.aborted);
    expect(req.aborted).toBe(true);
  });

  it('a stream cut by the node fails the task', async () => {
    fake.setMode('dieMidStream', { paths: ['/api/pull'] });
    const { j } = job(fake.url);
    const out = await driver.run(j);
    expect(out.kind).toBe('failed');
  });

  it('an unreachable node fails, with the restart reason when resuming', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    expect(await driver.run(job(url).j)).toEqual({ kind: 'failed', error: 'connection refused' });
    expect(await driver.run(job(url, { resume: true }).j)).toEqual({ kind: 'failed', error: `${RESTART_LOST} (connection refused)` });
  });
});
