import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { DownloadTaskDTO } from '../../src-main/admin/types.js';
import { startFakeOllama, startFakeXllm } from '../fakes/index.js';
import { call, startTestApp, tempDir, waitFor, type TestApp } from '../helpers/app.js';

// A restart during a download: stop the app, start a new one on the same data dir.
const RESTART_LOST = 'llmlb restarted and the node no longer reports this download';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function app(dataDir: string): Promise<TestApp> {
  const t = await startTestApp({ dataDir });
  cleanups.push(() => t.close(true));
  return t;
}

async function task(t: TestApp, epId: string, taskId: string): Promise<DownloadTaskDTO | undefined> {
  const res = await call(t.url, 'GET', `/v0/endpoints/${epId}/download/progress`);
  return res.body.tasks?.find((x: DownloadTaskDTO) => x.task_id === taskId);
}

/** Waits until the task matches `pred`; returns it. */
async function waitTask(t: TestApp, epId: string, taskId: string, pred: (x: DownloadTaskDTO) => boolean, ms = 10_000): Promise<DownloadTaskDTO> {
  const x = await waitFor(async () => {
    const cur = await task(t, epId, taskId);
    return cur && pred(cur) ? cur : undefined;
  }, ms);
  return x!;
}

/** Starts app #1, registers the node, starts a download and waits until it is well under way. */
async function startThenStop(baseUrl: string, type: 'xllm' | 'ollama', model: string) {
  const dataDir = tempDir();
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestApp({ dataDir });
  cleanups.push(() => first.close(true)); // no-op once stopped below
  const epId = (await call(first.url, 'POST', '/v0/endpoints', { name: 'node', base_url: baseUrl, endpoint_type: type })).body.id;
  const taskId = (await call(first.url, 'POST', `/v0/endpoints/${epId}/download`, { model })).body.task_id;
  const before = await waitTask(first, epId, taskId, (x) => x.status === 'downloading' && x.progress > 15, 8000);
  await first.close(true);
  return { dataDir, epId, taskId, before };
}

describe('restart during a download', () => {
  it('xLLM: resumes the node task when the node still has it', async () => {
    const node = await startFakeXllm({ downloadDurationMs: 3000 });
    cleanups.push(() => node.close());
    const { dataDir, epId, taskId, before } = await startThenStop(node.url, 'xllm', 'org/resumed');
    expect(node.tasks.size).toBe(1);
    const second = await app(dataDir);
    const stored = await task(second, epId, taskId);
    expect(stored!.progress).toBeGreaterThanOrEqual(before.progress); // last progress was persisted at stop
    const done = await waitTask(second, epId, taskId, (x) => x.status === 'completed', 10_000);
    expect(done).toMatchObject({ progress: 100, error: null });
    expect(node.tasks.size).toBe(1); // resumed, not started again
    const models = (await call(second.url, 'GET', `/v0/endpoints/${epId}`)).body.models;
    expect(models.map((m: any) => m.model_id)).toContain('org/resumed');
  });

  it('xLLM: fails the task when the restarted node forgot it', async () => {
    const node = await startFakeXllm({ downloadDurationMs: 3000 });
    cleanups.push(() => node.close());
    const { dataDir, epId, taskId } = await startThenStop(node.url, 'xllm', 'org/forgotten');
    await node.stop();
    node.tasks.clear(); // the node restarted and lost its in-memory downloads
    await node.start();
    const second = await app(dataDir);
    const failed = await waitTask(second, epId, taskId, (x) => x.status === 'failed', 5000);
    expect(failed.error).toBe(RESTART_LOST);
  });

  it('Ollama: stopping aborts the pull, the restart re-issues it and it completes', async () => {
    const node = await startFakeOllama({ pullDurationMs: 2500, pullLayers: 1 });
    cleanups.push(() => node.close());
    const { dataDir, epId, taskId, before } = await startThenStop(node.url, 'ollama', 'qwen3:0.6b');
    const pulls = () => node.requests.filter((r) => r.path === '/api/pull');
    await waitFor(() => pulls()[0]?.aborted, 2000);
    const second = await app(dataDir);
    const done = await waitTask(second, epId, taskId, (x) => x.status === 'completed', 10_000);
    expect(done.progress).toBe(100);
    expect(pulls()).toHaveLength(2);
    expect(pulls()[1]!.body).toEqual({ model: 'qwen3:0.6b', stream: true });
    expect(before.progress).toBeGreaterThan(0);
    const models = (await call(second.url, 'GET', `/v0/endpoints/${epId}`)).body.models;
    expect(models.map((m: any) => m.model_id)).toContain('qwen3:0.6b');
  });

  it('Ollama: fails the task when the node cannot take the pull again', async () => {
    const node = await startFakeOllama({ pullDurationMs: 2500, pullLayers: 1 });
    cleanups.push(() => node.close());
    const { dataDir, epId, taskId } = await startThenStop(node.url, 'ollama', 'qwen3:0.6b');
    await node.stop(); // refuses connections now
    const second = await app(dataDir);
    const failed = await waitTask(second, epId, taskId, (x) => x.status === 'failed', 5000);
    expect(failed.error).toBe(`${RESTART_LOST} (connection refused)`);
  });
});
